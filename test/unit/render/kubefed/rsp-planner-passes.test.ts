import { describe, expect, it } from 'vitest';
import type { ClusterPreferences } from '../../../../src/model/kubefed.js';
import { fnv1Hash32, planReplicas, type PlanInput, type PlanResult } from '../../../../src/render/kubefed/rsp-planner.js';
import { intBelow, mulberry32, pickFrom, type SeededRandom } from '../../../helpers/seeded-random.js';

type Named = ClusterPreferences & { name: string; hash: number };

/** referencePreallocate is the former preallocation: replicas already running above the plan are kept. */
function referencePreallocate(input: PlanInput, prefs: readonly Named[], plan: Record<string, number>, remaining: number): { pre: Record<string, number>; remaining: number } {
  const capacity = input.capacity ?? {};
  const current = input.current ?? {};
  const pre: Record<string, number> = {};
  for (const p of input.rebalance ? [] : prefs) {
    const planned = plan[p.name] ?? 0;
    const count = current[p.name];
    if (count === undefined || count <= planned) continue;
    let target = count;
    if (p.maxReplicas !== undefined) target = Math.min(p.maxReplicas, target);
    if (Object.hasOwn(capacity, p.name)) target = Math.min(capacity[p.name] as number, target);
    const extra = Math.max(0, Math.min(target - planned, remaining));
    remaining -= extra;
    pre[p.name] = extra;
    plan[p.name] = extra + planned;
  }
  return { pre, remaining };
}

/**
 * referencePlan is the former planner, kept as it was: float arithmetic and one weighted pass per loop turn, so
 * kept (current) replicas are used up one pass at a time. The planner must give exactly its results.
 */
function referencePlan(input: PlanInput): PlanResult {
  const plan: Record<string, number> = {};
  const overflow: Record<string, number> = {};
  const capacity = input.capacity ?? {};
  const named: Named[] = [];
  for (const name of input.clusters) {
    const pref = Object.hasOwn(input.preferences, name) ? input.preferences[name] : input.preferences['*'];
    if (pref) named.push({ ...pref, name, hash: fnv1Hash32(name + input.key) });
    else plan[name] = 0;
  }
  let prefs = named.sort((a, b) => b.weight - a.weight || a.hash - b.hash);
  let remaining = input.totalReplicas;
  for (const p of prefs) {
    let min = Math.min(p.minReplicas, remaining);
    if (Object.hasOwn(capacity, p.name)) min = Math.min(min, capacity[p.name] as number);
    remaining -= min;
    plan[p.name] = min;
  }
  const kept = referencePreallocate(input, prefs, plan, remaining);
  const pre = kept.pre;
  remaining = kept.remaining;
  let modified = true;
  while (modified && remaining > 0) {
    modified = false;
    const weightSum = prefs.reduce((s, p) => s + p.weight, 0);
    const active: Named[] = [];
    const distribute = remaining;
    for (const p of prefs) {
      if (weightSum <= 0) break;
      const start = plan[p.name] ?? 0;
      let extra = Math.min(Math.trunc((distribute * p.weight + weightSum - 1) / weightSum), remaining);
      const used = Math.min(extra, pre[p.name] ?? 0);
      pre[p.name] = (pre[p.name] ?? 0) - used;
      extra -= used;
      if (used > 0) modified = true;
      let total = start + extra;
      let full = false;
      if (p.maxReplicas !== undefined && total > p.maxReplicas) [total, full] = [p.maxReplicas, true];
      const cap = capacity[p.name];
      if (cap !== undefined && total > cap) [overflow[p.name], total, full] = [total - cap, cap, true];
      if (!full) active.push(p);
      remaining -= total - start;
      plan[p.name] = total;
      if (total > start) modified = true;
    }
    prefs = active;
  }
  if (input.rebalance) return { plan, overflow };
  const trimmed: Record<string, number> = {};
  for (const [name, value] of Object.entries(overflow)) if (Math.min(value, remaining) > 0) trimmed[name] = Math.min(value, remaining);
  return { plan, overflow: trimmed };
}

function randomPreference(rand: SeededRandom, total: number): ClusterPreferences {
  const scale = Math.max(1, total);
  const pref: ClusterPreferences = {
    minReplicas: rand() < 0.6 ? 0 : intBelow(rand, scale + 2),
    weight: pickFrom(rand, [0, 1, 1, 2, 3, 5, 100, 10000, 1 + intBelow(rand, 50), 1_000_000_000]),
  };
  if (rand() < 0.3) pref.maxReplicas = intBelow(rand, scale + 2);
  return pref;
}

/** randomInput draws a plan of 0..8 clusters with "*" or own preferences, and sometimes live state. */
function randomInput(rand: SeededRandom, total: number): PlanInput {
  const clusters = Array.from({ length: intBelow(rand, 9) }, (_, i) => `m${i}`);
  const preferences: Record<string, ClusterPreferences> = {};
  if (rand() < 0.3) preferences['*'] = randomPreference(rand, total);
  for (const name of clusters) if (rand() < 0.7) preferences[name] = randomPreference(rand, total);
  const state = (chance: number) => Object.fromEntries(clusters.filter(() => rand() < chance).map((n) => [n, intBelow(rand, total + 2)]));
  return {
    clusters, totalReplicas: total, preferences, key: pickFrom(rand, ['', 'shop/web', 'default/api']), rebalance: rand() < 0.3,
    ...(rand() < 0.5 ? { current: state(0.6) } : {}), ...(rand() < 0.3 ? { capacity: state(0.5) } : {}),
  };
}

describe('the replica planner equals the former pass-by-pass planner', () => {
  it.each([
    ['small totals', 20261204, [0, 1, 2, 3, 5, 7, 10, 50]],
    ['medium totals', 424242, [100, 999, 4096, 65537, 1_000_000]],
  ])('on 3,000 random plans with %s (weights, minimums, maximums, kept replicas, capacity, rebalance)', (_name, seed, totals) => {
    const rand = mulberry32(seed);
    for (let i = 0; i < 3000; i++) {
      const input = randomInput(rand, pickFrom(rand, totals));
      expect(planReplicas(input), JSON.stringify(input)).toEqual(referencePlan(input));
    }
  });

  it('equals it in the worst case left: 65,000 passes where kept replicas pay nearly every share while another cluster grows', () => {
    // A's huge weight takes each pass's share out of its kept replicas; B grows by one a pass
    const T = 2147483647;
    const input: PlanInput = { clusters: ['A', 'B'], totalReplicas: T, preferences: { A: { minReplicas: 0, weight: 1e12 }, B: { minReplicas: 0, weight: 1 } }, current: { A: T - 65536 }, key: '' };
    expect(planReplicas(input)).toEqual(referencePlan(input));
  });
});

describe('dividing 2147483647 replicas over N clusters is fast and exact', () => {
  const T = 2147483647;

  it('1,000 equal clusters: rounding up in hash order gives 999 clusters ceil(T/1000) and the last the rest', () => {
    const clusters = Array.from({ length: 1000 }, (_, i) => `m${i}`);
    const { plan } = planReplicas({ clusters, totalReplicas: T, preferences: { '*': { minReplicas: 0, weight: 1 } }, key: 'shop/web' });
    const values = Object.values(plan).sort((a, b) => b - a);
    const up = Math.ceil(T / 1000);
    expect(values.slice(0, 999).every((v) => v === up)).toBe(true);
    expect(values[999]).toBe(T - 999 * up);
  });

  it('1,000 clusters each capped below its share fill one pass at a time, never one replica at a time', () => {
    const clusters = Array.from({ length: 1000 }, (_, i) => `m${i}`);
    const preferences = Object.fromEntries(clusters.map((n, i) => [n, { minReplicas: 0, weight: 1, maxReplicas: 1000 + i }]));
    const { plan } = planReplicas({ clusters, totalReplicas: T, preferences, key: '' });
    expect(clusters.every((n, i) => plan[n] === 1000 + i)).toBe(true);
  });

  it('2,147,483,646 kept replicas are used up in one step, not one pass per replica', () => {
    // B is filled at once (max 0), so each former pass used up a single kept replica of A's
    const { plan } = planReplicas({
      clusters: ['A', 'B'], totalReplicas: T, preferences: { A: { minReplicas: 0, weight: 1 }, B: { minReplicas: 0, weight: 1, maxReplicas: 0 } }, current: { A: T - 1 }, key: '',
    });
    expect(plan).toEqual({ A: T, B: 0 });
  });

  it('weights near 2^53 are divided exactly where float64 would hand out one replica too many', () => {
    // 2^52 : 2^51 is 2 : 1, so 2147483646 splits 1431655764 / 715827882 exactly
    const { plan } = planReplicas({ clusters: ['A', 'B'], totalReplicas: T - 1, preferences: { A: { minReplicas: 0, weight: 2 ** 52 }, B: { minReplicas: 0, weight: 2 ** 51 } }, key: '' });
    expect(plan).toEqual({ A: 1431655764, B: 715827882 });
  });
});
