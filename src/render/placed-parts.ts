import { GitfedError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { objectSubject } from '../kube/object-ref.js';
import type { Placed } from './bind.js';
import { divideJobCompletions } from './replicas/job-completions.js';

/* What building a placed template's objects reads of its binding, and the warning for one that is not built. */

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

/** notRendered is the warning for a template dropped on one cluster: Karmada skips that cluster's Work only, the others proceed. */
export function notRendered(p: Placed, cluster: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  return {
    severity: 'warning', ...((err instanceof GitfedError && err.place) || p.template.source),
    message: `${objectSubject(p.template.object)} is not rendered for cluster ${cluster}: ${message}`,
  };
}
