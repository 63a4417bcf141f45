import type { Taint, TaintEffect, Toleration } from '../../model/cluster.js';

/**
 * toleratesTaint is core/v1 Toleration.ToleratesTaint: an empty effect matches every effect, an empty key
 * matches every key (validation only allows that with Exists), and an empty operator means Equal.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      // Lt/Gt and unknown operators never tolerate (validation rejects them for clusterTolerations)
      return false;
  }
}

/** SCHEDULING_EFFECTS are the taint effects the TaintToleration filter enforces; PreferNoSchedule is advisory only. */
export const SCHEDULING_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/**
 * findUntoleratedTaint is FindMatchingUntoleratedTaint restricted to NoSchedule/NoExecute: the first such
 * taint (in declaration order, so the failure message is stable) that no toleration tolerates.
 */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint | undefined {
  return taints.find(
    (taint) => SCHEDULING_EFFECTS.includes(taint.effect) && !tolerations.some((tol) => toleratesTaint(tol, taint)),
  );
}

/** taintToString is core/v1 Taint.ToString: `key=value:effect`, or `key:effect` when the value is empty. */
export function taintToString(taint: Taint): string {
  return taint.value ? `${taint.key}=${taint.value}:${taint.effect}` : `${taint.key}:${taint.effect}`;
}
