/** What a placed template's manifests depend on besides its override rules: the replica field and a Job's completions. */
import type { Placed } from './bind.js';
import { divideJobCompletions } from './replicas/job-completions.js';

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
