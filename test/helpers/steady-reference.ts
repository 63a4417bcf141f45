/**
 * The former Steady assignment (src/render/replicas/steady.ts before its scale-up lost a quadratic scan), over the
 * seat-by-seat Webster: the oracle of the property test. Karmada's Steady assignment for DynamicWeight and Aggregated (`assignment.go`: assignByDynamicStrategy,
 * dynamicScaleUp, dynamicScaleDown, resortAvailableClusters; karmada-semantics §4.9): once a template has replicas
 * on the selected clusters, an unchanged replica count keeps them where they are, a scale-down is proportional to
 * what each cluster holds, and a scale-up places only the new replicas, on the clusters that already hold some
 * first. Without previous replicas on the candidates it is the first (fresh) schedule.
 */
import type { TargetCluster } from '../../src/model/plan.js';
import type { AssignResult, Candidate } from '../../src/render/replicas/assign.js';
import { insufficient, type AssignState } from '../../src/render/replicas/strategies.js';
import { type WebsterParty } from '../../src/render/replicas/webster.js';
import { perSeat as websterAllocate } from './webster-reference.js';

/** SteadyStrategy is a strategy Karmada schedules in Steady mode. */
export type SteadyStrategy = 'DynamicWeight' | 'Aggregated';

/** held is the previous replicas on the candidates (buildScheduledClusters): clusters no longer selected do not count. */
function held(candidates: readonly Candidate[], previous: ReadonlyMap<string, number>): TargetCluster[] {
  return candidates
    .map((c) => ({ name: c.cluster.name, replicas: previous.get(c.cluster.name) ?? 0 }))
    .filter((t) => t.replicas > 0);
}

/**
 * assignSteady assigns from the previous placement; undefined when the candidates hold none of it (the caller then
 * schedules fresh). Candidates' availableReplicas include the previous replicas added back (buildCandidates).
 */
export function assignSteady(strategy: SteadyStrategy, state: AssignState, previous: ReadonlyMap<string, number>): AssignResult | undefined {
  const scheduled = held(state.candidates, previous);
  const assigned = scheduled.reduce((n, t) => n + (t.replicas ?? 0), 0);
  if (assigned === 0) return undefined;
  if (assigned === state.replicas) return { ok: true, targets: scheduled };
  if (assigned > state.replicas) return scaleDown(strategy, scheduled, state.replicas);
  return scaleUp(strategy, state, scheduled, previous, state.replicas - assigned);
}

/** scaleDown divides the new count in proportion to the replicas each cluster held, as if scheduling afresh over them. */
function scaleDown(strategy: SteadyStrategy, scheduled: TargetCluster[], replicas: number): AssignResult {
  const parties = [...scheduled]
    .sort((a, b) => (b.replicas ?? 0) - (a.replicas ?? 0))
    .map((t) => ({ name: t.name, weight: t.replicas ?? 0 }));
  return divide(strategy === 'Aggregated' ? prefix(parties, replicas) : parties, replicas);
}

/**
 * scaleUp places only the extra replicas, weighted by each candidate's free capacity (without the add-back: the
 * held replicas are not room for new ones). Aggregated puts the clusters that already hold replicas first before
 * taking the shortest prefix that fits. Webster starts from the held seats, so the totals stay close to the weights.
 */
function scaleUp(strategy: SteadyStrategy, state: AssignState, scheduled: TargetCluster[], previous: ReadonlyMap<string, number>, extra: number): AssignResult {
  const free = state.candidates.map((c) => ({ name: c.cluster.name, weight: Math.max(0, c.availableReplicas - (previous.get(c.cluster.name) ?? 0)) }));
  const total = free.reduce((n, p) => n + p.weight, 0);
  if (total < extra) return insufficient(extra, total);
  // most free first (stable: §4.5 order among equals), then the clusters holding replicas moved to the front
  const ordered = [...free].sort((a, b) => (a.weight === b.weight ? 0 : a.weight > b.weight ? -1 : 1));
  const holds = new Set(scheduled.map((t) => t.name));
  const resorted = [...ordered.filter((p) => holds.has(p.name)), ...ordered.filter((p) => !holds.has(p.name))];
  const weighted = strategy === 'Aggregated' ? prefix(resorted, extra) : resorted;
  const seats = new Map(scheduled.map((t) => [t.name, t.replicas ?? 0]));
  // a cluster holding replicas outside the weighted prefix keeps them: a party with no votes wins no seat
  const parties: WebsterParty[] = [
    ...weighted.map((p) => ({ ...p, seats: seats.get(p.name) ?? 0 })),
    ...scheduled.filter((t) => !weighted.some((p) => p.name === t.name)).map((t) => ({ name: t.name, weight: 0, seats: t.replicas ?? 0 })),
  ];
  return divide(parties, extra);
}

/** prefix is the shortest run of parties, in order, whose weights reach `replicas`. */
function prefix(parties: { name: string; weight: number }[], replicas: number): { name: string; weight: number }[] {
  let sum = 0;
  const out: { name: string; weight: number }[] = [];
  for (const p of parties) {
    out.push(p);
    sum += p.weight;
    if (sum >= replicas) break;
  }
  return out;
}

function divide(parties: readonly WebsterParty[], replicas: number): AssignResult {
  return { ok: true, targets: [...websterAllocate(parties, replicas)].map(([name, n]) => ({ name, replicas: n })) };
}
