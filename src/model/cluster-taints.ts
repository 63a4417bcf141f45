/**
 * Taints gitfed derives from a member's health, as Karmada's cluster controller sets them
 * (pkg/controllers/cluster/cluster_controller.go, taintClusterByCondition). They are inputs to render and are
 * shown by `gitfed clusters`; they are never written to Git.
 */
import type { ClusterCondition } from './cluster-health.js';
import type { Taint } from './cluster.js';

/** NOT_READY_TAINT_KEY marks a member that answered but is not healthy (Ready=False). */
export const NOT_READY_TAINT_KEY = 'cluster.karmada.io/not-ready';
/** UNREACHABLE_TAINT_KEY marks a member that did not answer (Ready=Unknown). */
export const UNREACHABLE_TAINT_KEY = 'cluster.karmada.io/unreachable';

/** DerivedTaint is a taint gitfed added, with the time it was added (RFC 3339) as Karmada records it. */
export interface DerivedTaint extends Taint {
  timeAdded: string;
}

/**
 * TaintRule derives taints from a member's Ready condition. The built-in NoSchedule rule is always on;
 * ClusterTaintPolicy objects (NoExecute) will be further rules passed to deriveTaints.
 */
export type TaintRule = (condition: ClusterCondition) => DerivedTaint[];

/**
 * readyNoSchedule is Karmada's automatic rule: Ready=False ⇒ not-ready:NoSchedule, Ready=Unknown ⇒
 * unreachable:NoSchedule, Ready=True ⇒ none. The taint was added when the condition took its status, so
 * timeAdded is the condition's lastTransitionTime: it stays the same for as long as the taint does.
 */
export const readyNoSchedule: TaintRule = (condition) => {
  if (condition.status === 'True') return [];
  const key = condition.status === 'False' ? NOT_READY_TAINT_KEY : UNREACHABLE_TAINT_KEY;
  return [{ key, effect: 'NoSchedule', timeAdded: condition.lastTransitionTime }];
};

/**
 * readyNoExecute is gitfed's built-in taint policy (a repository without ClusterTaintPolicy objects, unless its
 * gitfed.yaml turns it off): the same keys as readyNoSchedule with NoExecute, the ClusterTaintPolicy Karmada's
 * documentation gives as the example (not-ready while Ready=False, unreachable while Ready=Unknown).
 */
export const readyNoExecute: TaintRule = (condition) => readyNoSchedule(condition).map((t) => ({ ...t, effect: 'NoExecute' }));

/** DEFAULT_TAINT_RULES are the rules that always apply: Karmada's automatic NoSchedule taints. */
export const DEFAULT_TAINT_RULES: readonly TaintRule[] = [readyNoSchedule];

/** BUILT_IN_POLICY_RULES add the built-in NoExecute policy to them. */
export const BUILT_IN_POLICY_RULES: readonly TaintRule[] = [readyNoSchedule, readyNoExecute];

/**
 * deriveTaints applies the rules to a member's condition; the first rule to give a key and effect wins.
 * A member not probed yet has no condition and gets no taint: gitfed has no reading to act on (Karmada taints a
 * Cluster without a Ready condition not-ready, but its Cluster is then waiting for its first status).
 */
export function deriveTaints(condition: ClusterCondition | undefined, rules: readonly TaintRule[] = DEFAULT_TAINT_RULES): DerivedTaint[] {
  if (!condition) return [];
  const out: DerivedTaint[] = [];
  for (const taint of rules.flatMap((rule) => rule(condition))) {
    if (!out.some((t) => t.key === taint.key && t.effect === taint.effect)) out.push(taint);
  }
  return out;
}
