import type { SpreadConstraint } from '../../model/policy.js';
import type { Candidate } from '../replicas/assign.js';

/** SelectResult is the outcome of a spread-constraint selection. */
export type SelectResult = { ok: true; selected: Candidate[] } | { ok: false; reason: string };

/** IGNORE_CAPACITY is Karmada's InvalidReplicas: Duplicated selection does not look at capacity. */
export const IGNORE_CAPACITY = -1;

/**
 * selectByCluster is selectBestClustersByCluster over candidates in §4.5 order. Surprising but faithful:
 * maxGroups is not defaulted, so an unset (0) maxGroups selects nothing and scheduling fails.
 */
export function selectByCluster(constraint: SpreadConstraint, candidates: readonly Candidate[], needReplicas: number): SelectResult {
  if (candidates.length < constraint.minGroups) {
    return { ok: false, reason: 'the number of feasible clusters is less than spreadConstraint.MinGroups' };
  }
  const needCount = Math.min(constraint.maxGroups, candidates.length);
  // Duplicated: an empty selection is not an error here; the assignment step reports "no clusters"
  if (needReplicas === IGNORE_CAPACITY) return { ok: true, selected: candidates.slice(0, needCount) };
  const selected = selectByAvailableResource(candidates, needCount, needReplicas);
  if (selected.length === 0) return { ok: false, reason: `no enough resource when selecting ${needCount} clusters` };
  return { ok: true, selected };
}

/**
 * selectByAvailableResource takes the first needCount candidates and, while their capacity is short, replaces
 * them from the last-ranked one backwards with the remaining candidate of strictly larger capacity (the
 * largest, first one on ties). With all scores 0 the first n are already the largest, so this rarely swaps.
 */
function selectByAvailableResource(candidates: readonly Candidate[], needCount: number, needReplicas: number): Candidate[] {
  const chosen = candidates.slice(0, needCount);
  const rest = candidates.slice(needCount);
  for (let update = chosen.length - 1; !hasCapacity(chosen, needReplicas) && update >= 0; update--) {
    const current = chosen[update] as Candidate;
    const swapIndex = indexOfLargerCapacity(rest, current.availableReplicas);
    if (swapIndex < 0) continue;
    chosen[update] = rest[swapIndex] as Candidate;
    rest[swapIndex] = current;
  }
  return hasCapacity(chosen, needReplicas) ? chosen : [];
}

function hasCapacity(chosen: readonly Candidate[], needReplicas: number): boolean {
  return chosen.reduce((sum, c) => sum + c.availableReplicas, 0) >= needReplicas;
}

/** indexOfLargerCapacity is GetClusterWithMaxAvailableResource: the first maximum strictly above `floor`, or -1. */
function indexOfLargerCapacity(rest: readonly Candidate[], floor: number): number {
  let best = floor;
  let index = -1;
  rest.forEach((c, i) => {
    if (c.availableReplicas > best) {
      best = c.availableReplicas;
      index = i;
    }
  });
  return index;
}
