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

/** Eviction says which NoExecute taint takes a cluster out of a placement, and whether a toleration ran out. */
export interface Eviction {
  taint: Taint;
  /** false: no toleration tolerates it at all */
  expired: boolean;
}

/**
 * evictingTaint is Karmada's taint manager for one binding on one cluster (taint_manager.go needEviction with
 * GetMinTolerationTime): a NoExecute taint no toleration tolerates evicts at once; otherwise every tolerating
 * toleration with tolerationSeconds sets a deadline of the taint's timeAdded plus those seconds (0 or less: at
 * once), and the earliest deadline at or before `now` evicts. A toleration without tolerationSeconds tolerates
 * for ever. Without `now` only the first rule applies.
 */
export function evictingTaint(taints: readonly Taint[], tolerations: readonly Toleration[], now: number | undefined): Eviction | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  const untolerated = noExecute.find((t) => !tolerations.some((tol) => toleratesTaint(tol, t)));
  if (untolerated) return { taint: untolerated, expired: false };
  if (now === undefined) return undefined;
  for (const taint of noExecute) {
    const added = taint.timeAdded === undefined ? now : Date.parse(taint.timeAdded);
    for (const tol of tolerations) {
      if (tol.tolerationSeconds === undefined || !toleratesTaint(tol, taint)) continue;
      if (added + Math.max(0, tol.tolerationSeconds) * 1000 <= now) return { taint, expired: true };
    }
  }
  return undefined;
}
