/**
 * The replica arithmetic of one assignment, worked out again from its input and result for the trace: the strategy,
 * each cluster's weight and exact share, and which clusters got the rounding remainder. Read-only: the division
 * itself stays in replicas/.
 */
import type { ReplicaShare, ReplicaTrace } from '../../model/trace.js';
import { usesTiers, type AssignInput, type Candidate } from '../replicas/assign.js';
import { capacityOf, staticWeights, strategyOf, type AssignStrategy } from '../replicas/strategies.js';
import { compareStrings } from '../../kube/compare-strings.js';

const WEBSTER = 'each replica goes to the largest weight/(2·replicas+1); ties: fewer replicas, then name';

const RULES: Readonly<Record<AssignStrategy, string>> = {
  Duplicated: 'every selected cluster gets all replicas',
  StaticWeight: `divided by static weight (Webster: ${WEBSTER})`,
  DynamicWeight: `divided by available replicas (Webster: ${WEBSTER})`,
  Aggregated: `the fewest clusters, most available first, that hold all replicas, divided by their available replicas (Webster: ${WEBSTER})`,
};

/** ReplicaOutcome is the trace plus, for each selected cluster that got nothing, why. */
export interface ReplicaOutcome {
  trace: ReplicaTrace;
  zero: Map<string, string>;
}

/** Party is one cluster in a division: its weight and the replicas it shares in (its tier's, or all). */
interface Party {
  c: Candidate;
  weight: number;
  pool: number;
  poolWeight: number;
}

/** replicaTrace explains an assignment that succeeded; undefined for non-workloads (no replica numbers). */
export function replicaTrace(input: AssignInput, targets: ReadonlyMap<string, number>): ReplicaOutcome | undefined {
  if (!input.workload) return undefined;
  const strategy = strategyOf(input.strategy);
  const held = input.previous ? input.candidates.reduce((n, c) => n + (input.previous?.get(c.cluster.name) ?? 0), 0) : 0;
  const steady = held > 0 && (strategy === 'DynamicWeight' || strategy === 'Aggregated') && !usesTiers(strategy, input.candidates);
  const parties = steady ? steadyParties(input) : partiesOf(strategy, input);
  const zero = new Map<string, string>();
  const shares: ReplicaShare[] = input.candidates.map((c) => {
    const party = parties.get(c.cluster.name);
    const replicas = targets.get(c.cluster.name) ?? 0;
    if (replicas === 0) zero.set(c.cluster.name, zeroReason(strategy, c, party, input.replicas, steady));
    return shareOf(c, party, replicas, strategy);
  });
  const remainderOrder = shares.filter((s) => s.remainder)
    .sort((a, b) => ((b.exact ?? 0) % 1) - ((a.exact ?? 0) % 1) || compareStrings(a.cluster, b.cluster)).map((s) => s.cluster);
  const rule = steady ? `the previous placement (${held} replicas) is kept; a scale-up places only the new replicas, a scale-down shrinks each cluster in proportion` : RULES[strategy];
  return { trace: { strategy, total: input.replicas, mode: steady ? 'steady' : 'fresh', shares, remainderOrder, rule }, zero };
}

function shareOf(c: Candidate, party: Party | undefined, replicas: number, strategy: AssignStrategy): ReplicaShare {
  const share: ReplicaShare = { cluster: c.cluster.name, availableReplicas: c.availableReplicas, replicas, ...(c.tier > 0 ? { tier: c.tier } : {}) };
  if (strategy === 'Duplicated' || !party) return share;
  const exact = party.poolWeight > 0 ? (party.pool * party.weight) / party.poolWeight : 0;
  return { ...share, weight: party.weight, exact: Math.round(exact * 100) / 100, ...(replicas > Math.floor(exact) ? { remainder: true } : {}) };
}

/** partiesOf gives every cluster that takes part in a fresh division its weight and the pool it divides. */
function partiesOf(strategy: AssignStrategy, input: AssignInput): Map<string, Party> {
  const out = new Map<string, Party>();
  if (strategy === 'Duplicated') return out;
  if (strategy === 'StaticWeight') {
    const weights = staticWeights(input.candidates, input.strategy?.weightPreference?.staticWeightList);
    addPool(out, input.candidates, new Map(weights.map((w) => [w.name, w.weight])), input.replicas);
    return out;
  }
  const tiers = usesTiers(strategy, input.candidates) ? [...new Set(input.candidates.map((c) => c.tier))].sort((a, b) => a - b) : [undefined];
  let remaining = input.replicas;
  for (const tier of tiers) {
    const members = input.candidates.filter((c) => tier === undefined || c.tier === tier);
    const pool = Math.min(remaining, capacityOf(members));
    if (pool <= 0) continue;
    const weighted = strategy === 'Aggregated' ? aggregatedPrefix(members, pool) : members;
    addPool(out, weighted, new Map(weighted.map((c) => [c.cluster.name, c.availableReplicas])), pool);
    remaining -= pool;
  }
  return out;
}

function addPool(out: Map<string, Party>, members: readonly Candidate[], weights: ReadonlyMap<string, number>, pool: number): void {
  const poolWeight = members.reduce((n, c) => n + (weights.get(c.cluster.name) ?? 0), 0);
  for (const c of members) {
    const weight = weights.get(c.cluster.name);
    if (weight !== undefined && weight > 0) out.set(c.cluster.name, { c, weight, pool, poolWeight });
  }
}

/** aggregatedPrefix is the shortest most-available-first run that holds the pool (stable among equals). */
function aggregatedPrefix(members: readonly Candidate[], pool: number): Candidate[] {
  const ordered = [...members].sort((a, b) => (a.availableReplicas === b.availableReplicas ? 0 : a.availableReplicas > b.availableReplicas ? -1 : 1));
  const out: Candidate[] = [];
  let sum = 0;
  for (const c of ordered) {
    if (sum >= pool) break;
    out.push(c);
    sum += c.availableReplicas;
  }
  return out;
}

/** steadyParties weighs each cluster by what it held before (the scale-down rule; a scale-up adds by free capacity). */
function steadyParties(input: AssignInput): Map<string, Party> {
  const held = new Map(input.candidates.map((c) => [c.cluster.name, input.previous?.get(c.cluster.name) ?? 0]));
  const out = new Map<string, Party>();
  addPool(out, input.candidates, held, input.replicas);
  return out;
}

/** zeroReason says why a selected cluster ends with no replica (it is then dropped from the binding). */
function zeroReason(strategy: AssignStrategy, c: Candidate, party: Party | undefined, total: number, steady: boolean): string {
  if (steady) return `replica assignment: it held no replicas before and the Steady placement needs none there (${total} replicas)`;
  if (strategy === 'StaticWeight' && !party) return 'replica assignment: no staticWeightList rule matches it (weight 0)';
  if (c.tier > 0 && !party) return `overflow tier ${c.tier}: the tiers before it hold all ${total} replicas`;
  if (strategy === 'Aggregated' && !party) return `replica assignment: Aggregated needs no more clusters; the clusters with more available replicas hold all ${total}`;
  if (c.availableReplicas === 0) return 'replica assignment: no available replicas (weight 0)';
  return `replica assignment: its share of ${total} rounds to 0 (weight ${party?.weight ?? 0}); the remainder went to others`;
}
