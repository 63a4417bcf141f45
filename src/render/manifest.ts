import type { Cluster } from '../model/cluster.js';
import type { KubeObject } from '../model/kube.js';
import type { OverridePolicy } from '../model/policy.js';
import type { TargetCluster } from '../model/plan.js';
import { copyTemplate, reachesNothingTwice } from '../kube/deep-copy.js';
import { startCow } from './cow.js';
import { applyRulesInPlace, copiesOnWrite, selectOverrideRules, type SelectedRule } from './overrides/index.js';
import { stripServerFields } from './prune-fields.js';
import { setReplicasInPlace } from './replicas/revise.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';

/** ManifestInput is one template bound to one target cluster. */
export interface ManifestInput {
  template: KubeObject;
  target: TargetCluster;
  cluster: Cluster;
  /** this cluster's share of a Divided Job's completions */
  completions?: number;
  overridePolicies: readonly OverridePolicy[];
  /**
   * the override rules for template on cluster, when the caller already has them (they must equal
   * `selectOverrideRules(template, cluster, overridePolicies)`): render matches policies once per template
   * and filters rules once per cluster instead of once per template × cluster
   */
  overrideRules?: readonly SelectedRule[];
}

/**
 * ManifestVariant is everything a cluster's manifest of one template depends on: the cluster itself matters only
 * through the replicas the binding gives it, its share of a Divided Job's completions and the override rules
 * that select it. Clusters that agree on these receive equal objects.
 */
export interface ManifestVariant {
  template: KubeObject;
  /** undefined: the replica field is left as the template has it */
  replicas?: number;
  completions?: number;
  rules: readonly SelectedRule[];
}

/**
 * buildManifest constructs the object one cluster must hold, in Karmada's order: revise replicas, apply
 * overrides (they win over the scheduler), prune server-owned fields, then mark it as gitfed's.
 * Throws the override error; the caller drops the object on this cluster only.
 */
export function buildManifest(input: ManifestInput): KubeObject {
  const rules = input.overrideRules ?? selectOverrideRules(input.template, input.cluster, input.overridePolicies);
  const variant: ManifestVariant = { template: input.template, rules };
  if (input.target.replicas !== undefined) variant.replicas = input.target.replicas;
  if (input.completions !== undefined) variant.completions = input.completions;
  return buildManifestVariant(variant);
}

/** buildManifestVariant is buildManifest for the parts of a target that matter (see ManifestVariant). Throws the override error. */
export function buildManifestVariant(v: ManifestVariant): KubeObject {
  // the template is never edited: each step below changes the build's own copy in place. A template without YAML
  // aliases is copied on write (src/render/cow.ts): only what a step changes, the rest stays shared with it. One with
  // aliases is deep copied first, so that a change through one alias shows through the other as before. A failed
  // override (which may leave the build half patched) throws, and the build is dropped with it.
  const started = reachesNothingTwice(v.template) && copiesOnWrite(v.rules) ? startCow(v.template) : undefined;
  const cow = started?.cow;
  let obj = started?.obj ?? copyTemplate(v.template);
  if (v.replicas !== undefined) setReplicasInPlace(obj, v.replicas, v.completions, v.template, cow);
  obj = applyRulesInPlace(obj, v.rules, cow).object;
  stripServerFields(obj, cow);
  obj.metadata.labels = { ...obj.metadata.labels, [MANAGED_BY_LABEL]: FIELD_MANAGER };
  return obj;
}
