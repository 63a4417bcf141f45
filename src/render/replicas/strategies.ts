import type { ReplicaSchedulingStrategy, StaticClusterWeight } from '../../model/policy.js';
import type { TargetCluster } from '../../model/plan.js';
import { clusterMatches } from '../selectors/cluster-affinity.js';
import type { AssignResult, Candidate } from './assign.js';
import { websterAllocate } from './webster.js';

/** AssignStrategy is the resolved replica assignment strategy. */
export type AssignStrategy = 'Duplicated' | 'StaticWeight' | 'DynamicWeight' | 'Aggregated';

/** AssignState is the input of one strategy run over one group of candidates (one overflow tier, or all). */
export interface AssignState {
  candidates: readonly Candidate[];
  replicas: number;
  strategy: ReplicaSchedulingStrategy | undefined;
}

/**
 * strategyOf resolves the strategy like Karmada's newAssignState (§2.4); undefined ⇒ Duplicated. A Divided
 * strategy without a division preference is treated as Weighted, the webhook default.
 */
export function strategyOf(s: ReplicaSchedulingStrategy | undefined): AssignStrategy {
  if (!s || s.replicaSchedulingType === 'Duplicated') return 'Duplicated';
  if (s.replicaDivisionPreference === 'Aggregated') return 'Aggregated';
  return s.weightPreference?.dynamicWeight ? 'DynamicWeight' : 'StaticWeight';
}

/** strategies maps each strategy to its assignment function; results may hold 0-replica targets. */
export const strategies: Record<AssignStrategy, (state: AssignState) => AssignResult> = {
  Duplicated: assignDuplicated,
  StaticWeight: assignStaticWeight,
  DynamicWeight: assignDynamicWeight,
  Aggregated: assignAggregated,
};

/** capacityOf sums the candidates' available replicas. */
export function capacityOf(candidates: readonly Candidate[]): number {
  return candidates.reduce((sum, c) => sum + c.availableReplicas, 0);
}

/** insufficient is the failure of Dynamic/Aggregated when capacity is short; nothing is placed. */
export function insufficient(replicas: number, available: number): AssignResult {
  return { ok: false, reason: `insufficient capacity: ${replicas} replicas requested, ${available} available` };
}

function assignDuplicated(state: AssignState): AssignResult {
  return { ok: true, targets: state.candidates.map((c) => ({ name: c.cluster.name, replicas: state.replicas })) };
}

function divide(parties: readonly { name: string; weight: number }[], replicas: number): AssignResult {
  const seats = websterAllocate(parties, replicas);
  const targets: TargetCluster[] = [...seats].map(([name, n]) => ({ name, replicas: n }));
  return { ok: true, targets };
}

/** assignStaticWeight ignores capacity: weights come from the static list only (or 1 each). */
function assignStaticWeight(state: AssignState): AssignResult {
  return divide(staticWeights(state.candidates, state.strategy?.weightPreference?.staticWeightList), state.replicas);
}

/**
 * staticWeights is getStaticWeightInfoList: a candidate's weight is the max over the rules that match it (not the
 * sum); unmatched candidates are dropped, unless nobody matched, in which case every candidate weighs 1. A missing
 * weightPreference is Karmada's default preference, which also weighs every candidate 1.
 */
export function staticWeights(candidates: readonly Candidate[], rules: readonly StaticClusterWeight[] | undefined) {
  const weighted = candidates
    .map((c) => ({
      name: c.cluster.name,
      weight: (rules ?? []).reduce((w, r) => (clusterMatches(c.cluster, r.targetCluster) ? Math.max(w, r.weight) : w), 0),
    }))
    .filter((p) => p.weight > 0);
  if (weighted.length > 0) return weighted;
  return candidates.map((c) => ({ name: c.cluster.name, weight: 1 }));
}

/** assignDynamicWeight weighs by available replicas; a shortfall places nothing (no partial placement). */
function assignDynamicWeight(state: AssignState): AssignResult {
  const available = capacityOf(state.candidates);
  if (available < state.replicas) return insufficient(state.replicas, available);
  return divide(state.candidates.map((c) => ({ name: c.cluster.name, weight: c.availableReplicas })), state.replicas);
}

/**
 * assignAggregated takes the shortest most-available-first prefix that can hold the replicas, then divides by
 * Webster weighted by capacity over that prefix (so 12 over 10 and 8 is 7/5, not 10/2).
 */
function assignAggregated(state: AssignState): AssignResult {
  const available = capacityOf(state.candidates);
  if (available < state.replicas) return insufficient(state.replicas, available);
  // stable sort keeps the incoming name order among equals, as Go's insertion sort does for ≤ 12 clusters
  const ordered = [...state.candidates].sort((a, b) => moreAvailableFirst(a.availableReplicas, b.availableReplicas));
  const prefix: Candidate[] = [];
  let sum = 0;
  for (const c of ordered) {
    prefix.push(c);
    sum += c.availableReplicas;
    if (sum >= state.replicas) break;
  }
  return divide(prefix.map((c) => ({ name: c.cluster.name, weight: c.availableReplicas })), state.replicas);
}

/** moreAvailableFirst orders descending without subtracting, so an unlimited (Infinity) estimate sorts safely. */
function moreAvailableFirst(a: number, b: number): number {
  if (a === b) return 0;
  return a > b ? -1 : 1;
}
