import type { Cluster } from '../../model/cluster.js';
import { compareStrings } from '../../kube/compare-strings.js';
import type { ReplicaSchedulingStrategy } from '../../model/policy.js';
import type { TargetCluster } from '../../model/plan.js';
import { capacityOf, insufficient, strategies, strategyOf, type AssignStrategy } from './strategies.js';
import { assignSteady } from './steady.js';

/** Candidate is a feasible cluster with its estimate and overflow tier (0 = primary affinity, i = overflowAffinities[i-1]). */
export interface Candidate {
  cluster: Cluster;
  availableReplicas: number;
  tier: number;
}

/** AssignResult is the scheduled target list or why nothing could be placed. */
export type AssignResult = { ok: true; targets: TargetCluster[] } | { ok: false; reason: string };

/** AssignInput is the selected candidates and what the assignment needs to know about the template. */
export interface AssignInput {
  candidates: readonly Candidate[];
  replicas: number;
  workload: boolean;
  strategy: ReplicaSchedulingStrategy | undefined;
  previous?: ReadonlyMap<string, number>;
}

/**
 * assignReplicas is Karmada's AssignReplicas over candidates already in §4.5 order: no candidates fail;
 * non-workloads go to every candidate without a replica number; workloads follow the strategy (tier by tier for
 * Dynamic/Aggregated with overflow candidates), then 0-replica targets are removed. Targets are sorted by name;
 * a workload that ends with no replica anywhere (e.g. `replicas: 0` with requests) succeeds with no targets.
 * With the previous placement, Dynamic/Aggregated follow Karmada's Steady mode (steady.ts); overflow tiers are
 * always divided afresh.
 */
export function assignReplicas(input: AssignInput): AssignResult {
  const { candidates, replicas, strategy } = input;
  if (candidates.length === 0) return { ok: false, reason: 'no clusters available to schedule' };
  if (!input.workload) return { ok: true, targets: byName(candidates.map((c) => ({ name: c.cluster.name }))) };
  const resolved = strategyOf(strategy);
  const state = { candidates, replicas, strategy };
  const tiers = usesTiers(resolved, candidates);
  const steady = !tiers && input.previous && (resolved === 'DynamicWeight' || resolved === 'Aggregated') ? assignSteady(resolved, state, input.previous) : undefined;
  const result = steady ?? (tiers ? assignByTiers(resolved, state) : strategies[resolved](state));
  if (!result.ok) return result;
  return { ok: true, targets: byName(result.targets.filter((t) => (t.replicas ?? 0) > 0)) };
}

/** usesTiers: overflow tiers only matter for capacity-aware strategies. */
export function usesTiers(strategy: AssignStrategy, candidates: readonly Candidate[]): boolean {
  return (strategy === 'DynamicWeight' || strategy === 'Aggregated') && candidates.some((c) => c.tier > 0);
}

/**
 * assignByTiers gives each tier in order `min(remaining, tier capacity)` replicas, divided by the strategy within
 * the tier, and stops once nothing remains; a leftover means the whole term is unschedulable.
 */
function assignByTiers(
  strategy: AssignStrategy,
  state: { candidates: readonly Candidate[]; replicas: number; strategy: ReplicaSchedulingStrategy | undefined },
): AssignResult {
  const total = capacityOf(state.candidates);
  if (total < state.replicas) return insufficient(state.replicas, total);
  const targets: TargetCluster[] = [];
  let remaining = state.replicas;
  for (const tier of [...new Set(state.candidates.map((c) => c.tier))].sort((a, b) => a - b)) {
    if (remaining <= 0) break;
    const members = state.candidates.filter((c) => c.tier === tier);
    const share = Math.min(remaining, capacityOf(members));
    if (share <= 0) continue;
    const result = strategies[strategy]({ candidates: members, replicas: share, strategy: state.strategy });
    if (!result.ok) return result;
    targets.push(...result.targets);
    remaining -= share;
  }
  return { ok: true, targets };
}

function byName(targets: TargetCluster[]): TargetCluster[] {
  return targets.sort((a, b) => compareStrings(a.name, b.name));
}
