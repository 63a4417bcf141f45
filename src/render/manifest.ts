import type { Cluster } from '../model/cluster.js';
import type { KubeObject } from '../model/kube.js';
import type { OverridePolicy } from '../model/policy.js';
import type { TargetCluster } from '../model/plan.js';
import { applyOverridePolicies } from './overrides/index.js';
import { pruneServerFields } from './prune-fields.js';
import { reviseReplicas } from './replicas/revise.js';

/** MANAGED_BY_LABEL marks every object gitfed applies; part of the public contract. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** FIELD_MANAGER is the server-side apply field manager; load-bearing: changing it orphans fields in every cluster. */
export const FIELD_MANAGER = 'gitfed';

/** ManifestInput is one template bound to one target cluster. */
export interface ManifestInput {
  template: KubeObject;
  target: TargetCluster;
  cluster: Cluster;
  /** this cluster's share of a Divided Job's completions */
  completions?: number;
  overridePolicies: readonly OverridePolicy[];
}

/**
 * buildManifest constructs the object one cluster must hold, in Karmada's order: revise replicas, apply
 * overrides (they win over the scheduler), prune server-owned fields, then mark it as gitfed's.
 * Throws the override error; the caller drops the object on this cluster only.
 */
export function buildManifest(input: ManifestInput): KubeObject {
  const { target } = input;
  let obj = target.replicas === undefined ? input.template : reviseReplicas(input.template, target.replicas, input.completions);
  obj = applyOverridePolicies(obj, input.cluster, input.overridePolicies).object;
  obj = pruneServerFields(obj);
  obj.metadata.labels = { ...obj.metadata.labels, [MANAGED_BY_LABEL]: FIELD_MANAGER };
  return obj;
}
