import { describe, expect, it } from 'vitest';
import type { ClusterPreferences } from '../../../../src/model/kubefed.js';
import { fnv1Hash32, planReplicas } from '../../../../src/render/kubefed/rsp-planner.js';

type Prefs = Record<string, Partial<ClusterPreferences>>;
const prefs = (p: Prefs): Record<string, ClusterPreferences> =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { minReplicas: v.minReplicas ?? 0, weight: v.weight ?? 0, ...(v.maxReplicas === undefined ? {} : { maxReplicas: v.maxReplicas }) }]));
const ALL: Prefs = { '*': { weight: 1 } };

// planner_test.go rows; the unit tests pass key "" (the live controller passes "ns/name")
describe('planner: doCheck rows (TestEqual, TestMin, TestMax, TestWeight) with key ""', () => {
  it.each<[string, Prefs, number, string[], Record<string, number>]>([
    ['TestEqual 50 over 3 equal clusters (hash dependent)', ALL, 50, ['A', 'B', 'C'], { A: 16, B: 17, C: 17 }],
    ['TestEqual 50 over 2', ALL, 50, ['A', 'B'], { A: 25, B: 25 }],
    ['TestEqual 1 over 2 (hash dependent)', ALL, 1, ['A', 'B'], { A: 0, B: 1 }],
    ['TestEqual 1 over 4 (hash dependent)', ALL, 1, ['A', 'B', 'C', 'D'], { A: 0, B: 0, C: 0, D: 1 }],
    ['TestEqual 1 over 1', ALL, 1, ['A'], { A: 1 }],
    ['TestEqual no clusters', ALL, 1, [], {}],
    ['TestMin min 2 weight 0', { '*': { minReplicas: 2, weight: 0 } }, 50, ['A', 'B', 'C'], { A: 2, B: 2, C: 2 }],
    ['TestMin min 20 short-changes the last in hash order', { '*': { minReplicas: 20, weight: 0 } }, 50, ['A', 'B', 'C'], { A: 10, B: 20, C: 20 }],
    ['TestMin explicit entry replaces "*"', { '*': { minReplicas: 20, weight: 0 }, A: { minReplicas: 100, weight: 1 } }, 50, ['A', 'B', 'C'], { A: 50, B: 0, C: 0 }],
    ['TestMin min 10 max 12', { '*': { minReplicas: 10, weight: 1, maxReplicas: 12 } }, 50, ['A', 'B', 'C'], { A: 12, B: 12, C: 12 }],
    ['TestMax max 2', { '*': { weight: 1, maxReplicas: 2 } }, 50, ['A', 'B', 'C'], { A: 2, B: 2, C: 2 }],
    ['TestMax weight 0 places nothing', { '*': { weight: 0, maxReplicas: 2 } }, 50, ['A', 'B', 'C'], { A: 0, B: 0, C: 0 }],
    ['TestWeight 1:2, C without preference gets 0', { A: { weight: 1 }, B: { weight: 2 } }, 60, ['A', 'B', 'C'], { A: 20, B: 40, C: 0 }],
    ['TestWeight 10000:1', { A: { weight: 10000 }, B: { weight: 1 } }, 50, ['A', 'B', 'C'], { A: 50, B: 0, C: 0 }],
    ['TestWeight entries for non-candidates are ignored', { A: { weight: 10000 }, B: { weight: 1 } }, 50, ['B', 'C'], { B: 50, C: 0 }],
    ['TestWeight A capped at 10', { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1 } }, 50, ['A', 'B', 'C'], { A: 10, B: 20, C: 20 }],
    ['TestWeight A and C capped', { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 10 } }, 50, ['A', 'B', 'C'], { A: 10, B: 30, C: 10 }],
    ['TestWeight 4 clusters 71', { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 } }, 71, ['A', 'B', 'C', 'D'], { A: 10, B: 30, C: 21, D: 10 }],
    ['TestWeight 5 clusters 91', { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 }, E: { weight: 1 } }, 91, ['A', 'B', 'C', 'D', 'E'], { A: 10, B: 25, C: 21, D: 10, E: 25 }],
  ])('%s', (_name, p, total, clusters, expected) => {
    const r = planReplicas({ clusters, totalReplicas: total, preferences: prefs(p), key: '' });
    expect(r.plan).toEqual(expected);
    expect(r.overflow).toEqual({});
  });
});

describe('planner: TestEqualWithExisting rows (rebalance false, current replicas known)', () => {
  it.each<[number, string[], Record<string, number>, Record<string, number>]>([
    [50, ['A', 'B', 'C'], { C: 30 }, { A: 10, B: 10, C: 30 }],
    [50, ['A', 'B'], { A: 30 }, { A: 30, B: 20 }],
    [15, ['A', 'B'], { A: 0, B: 8 }, { A: 7, B: 8 }],
    [15, ['A', 'B'], { A: 1, B: 8 }, { A: 7, B: 8 }],
    [15, ['A', 'B'], { A: 4, B: 8 }, { A: 7, B: 8 }],
    [15, ['A', 'B'], { A: 5, B: 8 }, { A: 7, B: 8 }],
    [15, ['A', 'B'], { A: 6, B: 8 }, { A: 7, B: 8 }],
    [15, ['A', 'B'], { A: 7, B: 8 }, { A: 7, B: 8 }],
    [500000, ['A', 'B'], { A: 300000 }, { A: 300000, B: 200000 }],
    [50, ['A', 'B'], { A: 10 }, { A: 25, B: 25 }],
    [50, ['A', 'B'], { A: 10, B: 70 }, { A: 0, B: 50 }],
    [1, ['A', 'B'], { A: 30 }, { A: 1, B: 0 }],
    [50, ['A', 'B'], { A: 10, B: 20 }, { A: 25, B: 25 }],
  ])('%i over %j with current %j', (total, clusters, current, expected) => {
    const r = planReplicas({ clusters, totalReplicas: total, preferences: prefs(ALL), current, key: '' });
    expect(r.plan).toEqual(expected);
    expect(r.overflow).toEqual({});
  });
});

describe('planner: TestWithExistingAndCapacity rows', () => {
  it.each<[boolean, Prefs, number, string[], Record<string, number>, Record<string, number>, Record<string, number>]>([
    [true, ALL, 50, ['A', 'B', 'C'], { C: 10 }, { A: 20, B: 20, C: 10 }, { C: 7 }],
    [true, { A: { weight: 10000 }, B: { weight: 1 } }, 50, ['B', 'C'], { B: 10 }, { B: 10, C: 0 }, { B: 40 }],
    [true, { A: { weight: 1 }, B: { weight: 2 } }, 60, ['A', 'B', 'C'], { B: 10 }, { A: 50, B: 10, C: 0 }, { B: 30 }],
    [true, { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 } }, 71, ['A', 'B', 'C', 'D'], { C: 10 }, { A: 10, B: 41, C: 10, D: 10 }, { C: 11 }],
    [false, { A: { weight: 1 }, B: { weight: 1 } }, 60, ['A', 'B', 'C'], { A: 10, B: 10 }, { A: 10, B: 10, C: 0 }, { A: 20, B: 20 }],
    [false, { A: { weight: 1 }, B: { weight: 5 } }, 60, ['A', 'B', 'C'], { B: 10 }, { A: 50, B: 10, C: 0 }, {}],
    [false, { '*': { minReplicas: 20, weight: 0 } }, 50, ['A', 'B', 'C'], { B: 10 }, { A: 20, B: 10, C: 20 }, {}],
    [true, { '*': { minReplicas: 20, weight: 1 } }, 60, ['A', 'B'], { B: 10 }, { A: 50, B: 10 }, { B: 15 }],
  ])('rebalance %s, %j, %i over %j, capacity %j', (rebalance, p, total, clusters, capacity, expected, overflow) => {
    const r = planReplicas({ clusters, totalReplicas: total, preferences: prefs(p), rebalance, current: {}, capacity, key: '' });
    expect(r.plan).toEqual(expected);
    expect(r.overflow).toEqual(overflow);
  });
});

describe('planner: tie-break hash', () => {
  it('is FNV-1 32 (Go hash/fnv New32), not FNV-1a', () => {
    expect(fnv1Hash32('')).toBe(2166136261);
    // FNV-1 of "a" is 0x050c5d7e; FNV-1a would be 0xe40c292c
    expect(fnv1Hash32('a')).toBe(0x050c5d7e);
  });

  it('hashes the cluster name followed by the key, so ties depend on "ns/name", not on the alphabet', () => {
    const plan = (key: string) => planReplicas({ clusters: ['A', 'B'], totalReplicas: 1, preferences: prefs(ALL), key }).plan;
    expect(plan('')).toEqual({ A: 0, B: 1 });
    const winner = fnv1Hash32('Adefault/web') < fnv1Hash32('Bdefault/web') ? 'A' : 'B';
    expect(plan('default/web')[winner]).toBe(1);
  });

  it('rounds up in order, so the earliest clusters take the leftovers (50 over three: 17/17/16)', () => {
    const r = planReplicas({ clusters: ['A', 'B', 'C'], totalReplicas: 50, preferences: prefs(ALL), key: '' }).plan;
    expect(Object.values(r).sort()).toEqual([16, 17, 17]);
  });

  it('min above max: the weighted pass clamps back to max and returns the difference', () => {
    const r = planReplicas({ clusters: ['A', 'B'], totalReplicas: 10, preferences: prefs({ A: { minReplicas: 5, maxReplicas: 2, weight: 1 }, B: { weight: 1 } }), key: '' }).plan;
    expect(r).toEqual({ A: 2, B: 8 });
  });
});
