import { GitfedError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { objectSubject } from '../kube/object-ref.js';
import type { Placed } from './bind.js';
import { divideJobCompletions } from './replicas/job-completions.js';
import type { KubeObject } from '../model/kube.js';
import { buildManifestVariant, type ManifestVariant } from './manifest.js';
import type { SelectedRule } from './overrides/index.js';

/* What building a placed template's objects reads of its binding, the build of one variant, and the warning for one that is not built. */

/**
 * leavesReplicasOut: a Duplicated workload whose template has no spec.replicas is sent without one, so that
 * an autoscaler in the member cluster owns the field (the binding still says 1, the server's default). Karmada
 * would write the default 1 and fight the autoscaler unless told to retain replicas.
 */
export function leavesReplicasOut(p: Placed): boolean {
  const spec = p.template.object.spec as { replicas?: unknown } | undefined;
  const scalable = ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(p.template.object.kind);
  return !p.divided && scalable && spec?.replicas === undefined;
}

/** jobCompletions re-splits a Divided Job's completions over its clusters. */
export function jobCompletions(p: Placed): Map<string, number> | undefined {
  const spec = p.template.object.spec as { completions?: unknown } | undefined;
  if (!p.divided || p.template.object.kind !== 'Job' || typeof spec?.completions !== 'number') return undefined;
  return divideJobCompletions(spec.completions, p.binding.clusters);
}

/** DroppedWarning is the warning for a template dropped on one cluster and its place: template index, then target index. */
export interface DroppedWarning {
  template: number;
  target: number;
  diagnostic: Diagnostic;
}

/** notRendered is the warning for a template dropped on one cluster: Karmada skips that cluster's Work only, the others proceed. */
export function notRendered(p: Placed, cluster: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  return {
    severity: 'warning', ...((err instanceof GitfedError && err.place) || p.template.source),
    message: `${objectSubject(p.template.object)} is not rendered for cluster ${cluster}: ${message}`,
  };
}

/** Built is one manifest construction's outcome: the object, or the override error that drops it. */
export type Built = { object: KubeObject } | { error: unknown };

/** buildVariant builds one variant of a template's manifest; an override error is kept to be reported per cluster. */
export function buildVariant(p: Placed, replicas: number | undefined, share: number | undefined, rules: readonly SelectedRule[]): Built {
  const variant: ManifestVariant = { template: p.template.object, rules };
  if (replicas !== undefined) variant.replicas = replicas;
  if (share !== undefined) variant.completions = share;
  try {
    // shared by every cluster of the variant and read-only from here: frozen, its key is computed once (objectKey)
    const object = buildManifestVariant(variant);
    Object.freeze(object.metadata);
    return { object: Object.freeze(object) };
  } catch (err) {
    return { error: err };
  }
}
