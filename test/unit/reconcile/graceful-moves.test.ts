import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import type { Plan } from '../../../src/model/plan.js';
import { decideMoves, deferObjects, isAvailable, purgeOf, sharesOf, type MoveInput, type MoveMode, type Shares } from '../../../src/reconcile/graceful-moves.js';

const KEY = 'apps/v1/Deployment/shop/web';
const T0 = Date.parse('2026-12-04T10:00:00Z');
const shares = (s: Record<string, number>): Shares => new Map([[KEY, new Map(Object.entries(s))]]);
const flat = (s: Shares | undefined) => Object.fromEntries(s?.get(KEY) ?? []);

interface Row {
  rule: string;
  previous?: Record<string, number>;
  next: Record<string, number>;
  mode?: MoveMode;
  graceMs?: number;
  held?: string[];
  evicted?: string[];
  /** clusters whose copy is available at the asked replicas */
  available?: string[];
  /** since when the move waits (ms after T0) */
  since?: number;
  leftForPerson?: string[];
  now?: number;
  /** cluster -> replicas kept (removed: the copy is kept from pruning) */
  deferred: Record<string, { replicas: number; removed: boolean }>;
  waiting: boolean;
  shown: Record<string, number>;
}

const rows: Row[] = [
  { rule: 'a template never placed before waits for nothing', next: { m1: 3, m2: 3 }, deferred: {}, waiting: false, shown: { m1: 3, m2: 3 } },
  { rule: 'no lowered cluster: nothing waits', previous: { m1: 2, m2: 2 }, next: { m1: 3, m2: 3 }, deferred: {}, waiting: false, shown: { m1: 3, m2: 3 } },
  { rule: 'a scale-down lowering every cluster awaits nothing and waits for nothing', previous: { m1: 3, m2: 3 }, next: { m1: 2, m2: 2 }, deferred: {}, waiting: false, shown: { m1: 2, m2: 2 } },
  { rule: 'a scale-down lowering some clusters waits for the copies that stay', previous: { m1: 3, m2: 3 }, next: { m1: 1, m2: 3 }, available: ['m2'], deferred: {}, waiting: false, shown: { m1: 1, m2: 3 } },
  { rule: 'Gracefully: the lowering waits until the raised copies are available', previous: { m1: 3, m2: 3 }, next: { m1: 2, m2: 2, m3: 2 }, deferred: { m1: { replicas: 3, removed: false }, m2: { replicas: 3, removed: false } }, waiting: true, shown: { m1: 3, m2: 3, m3: 2 } },
  { rule: 'Gracefully: once every raised copy is available the lowering goes out', previous: { m1: 3, m2: 3, m3: 2 }, next: { m1: 2, m2: 2, m3: 2 }, available: ['m3'], since: 0, deferred: {}, waiting: false, shown: { m1: 2, m2: 2, m3: 2 } },
  { rule: 'Gracefully: a copy not lowered must be available too (a cluster back from the hold-down had its copy before)', previous: { m1: 3, m2: 3, m3: 2 }, next: { m1: 2, m2: 2, m3: 2 }, available: [], deferred: { m1: { replicas: 3, removed: false }, m2: { replicas: 3, removed: false } }, waiting: true, shown: { m1: 3, m2: 3, m3: 2 } },
  { rule: 'Gracefully: the grace period passing lowers without the raised copies', previous: { m1: 3, m2: 3 }, next: { m1: 2, m2: 2, m3: 2 }, since: 0, now: 600_000, deferred: {}, waiting: false, shown: { m1: 2, m2: 2, m3: 2 } },
  { rule: 'Gracefully: gracePeriodSeconds shortens the wait', previous: { m1: 3, m2: 3 }, next: { m1: 2, m2: 2, m3: 2 }, graceMs: 30_000, since: 0, now: 30_000, deferred: {}, waiting: false, shown: { m1: 2, m2: 2, m3: 2 } },
  { rule: 'Gracefully: a copy the render removes is kept from pruning until the others are available', previous: { m1: 2, m2: 2, m3: 2 }, next: { m1: 3, m3: 3 }, available: ['m1'], deferred: { m2: { replicas: 2, removed: true } }, waiting: true, shown: { m1: 3, m2: 2, m3: 3 } },
  { rule: 'Directly lowers at once', mode: 'Directly', previous: { m1: 3, m2: 3 }, next: { m1: 2, m2: 2, m3: 2 }, deferred: {}, waiting: false, shown: { m1: 2, m2: 2, m3: 2 } },
  { rule: 'a held cluster is never lowered nor awaited and keeps its previous share', previous: { m1: 2, m2: 2, m3: 2 }, next: { m1: 3, m2: 3 }, held: ['m3'], evicted: ['m3'], available: ['m1', 'm2'], deferred: {}, waiting: false, shown: { m1: 3, m2: 3, m3: 2 } },
  { rule: 'Never: the copy on an evicted cluster the template leaves is left for a person', mode: 'Never', previous: { m1: 3, m2: 3, m3: 2 }, next: { m1: 4, m2: 4 }, evicted: ['m3'], available: ['m1', 'm2'], deferred: { m3: { replicas: 2, removed: true } }, waiting: false, shown: { m1: 4, m2: 4, m3: 2 } },
  { rule: 'Never: a copy left for a person stays so once the cluster is no longer evicted', mode: 'Never', previous: { m1: 4, m2: 4, m3: 2 }, next: { m1: 4, m2: 4 }, leftForPerson: ['m3'], available: ['m1', 'm2'], deferred: { m3: { replicas: 2, removed: true } }, waiting: false, shown: { m1: 4, m2: 4, m3: 2 } },
  { rule: 'Never: outside eviction a lowering waits as Gracefully does', mode: 'Never', previous: { m1: 3, m2: 3 }, next: { m1: 2, m2: 2, m3: 2 }, deferred: { m1: { replicas: 3, removed: false }, m2: { replicas: 3, removed: false } }, waiting: true, shown: { m1: 3, m2: 3, m3: 2 } },
];

describe('decideMoves: raises first, lowerings once the raised copies are available', () => {
  it.each(rows)('$rule', (row) => {
    const input: MoveInput = {
      previous: row.previous ? shares(row.previous) : new Map(),
      next: shares(row.next),
      purges: new Map([[KEY, { mode: row.mode ?? 'Gracefully', graceMs: row.graceMs ?? 600_000 }]]),
      held: new Set(row.held ?? []),
      evicted: new Set(row.evicted ?? []),
      available: (c, key, n) => key === KEY && n === row.next[c] && (row.available ?? []).includes(c),
      since: new Map(row.since === undefined ? [] : [[KEY, T0 + row.since]]),
      leftForPerson: new Set((row.leftForPerson ?? []).map((c) => `${KEY}@${c}`)),
      now: T0 + (row.now ?? 10_000),
    };
    const d = decideMoves(input);
    expect(Object.fromEntries(d.deferrals.map((x) => [x.cluster, { replicas: x.replicas, removed: x.removed }]))).toEqual(row.deferred);
    expect(d.since.has(KEY)).toBe(row.waiting);
    expect(flat(d.shown)).toEqual(row.shown);
  });

  it('a waiting move keeps the moment it began and sets its grace deadline from it', () => {
    const base = { previous: shares({ m1: 3, m2: 3 }), next: shares({ m1: 2, m2: 2, m3: 2 }), purges: new Map(), held: new Set<string>(), evicted: new Set<string>(), available: () => false, leftForPerson: new Set<string>() };
    const first = decideMoves({ ...base, since: new Map(), now: T0 });
    const later = decideMoves({ ...base, since: first.since, now: T0 + 60_000 });
    expect(later.since.get(KEY)).toBe(T0);
    expect(later.deadline).toBe(T0 + 600_000);
    expect(later.awaited.get(KEY)).toEqual(['m3']);
    expect(later.deferrals[0]?.reason).toContain('m3 has 2 available');
  });

  it('the copies of a template no longer rendered stay remembered on held clusters only', () => {
    const d = decideMoves({ previous: shares({ m1: 2, m3: 2 }), next: new Map(), purges: new Map(), held: new Set(['m3']), evicted: new Set(), available: () => false, since: new Map(), leftForPerson: new Set(), now: T0 });
    expect(flat(d.shown)).toEqual({ m3: 2 });
  });
});

describe('purgeOf: Karmada purge modes', () => {
  it.each([
    ['absent: Gracefully with the 10 min timeout', undefined, { mode: 'Gracefully', graceMs: 600_000 }],
    ['Graciously is Gracefully', { purgeMode: 'Graciously' as const, gracePeriodSeconds: 60 }, { mode: 'Gracefully', graceMs: 60_000 }],
    ['Immediately is Directly', { purgeMode: 'Immediately' as const }, { mode: 'Directly', graceMs: 600_000 }],
    ['Never', { purgeMode: 'Never' as const }, { mode: 'Never', graceMs: 600_000 }],
  ])('%s', (_rule, failover, want) => expect(purgeOf(failover)).toEqual(want));
});

describe('sharesOf, isAvailable, deferObjects', () => {
  const deploy = (replicas: number, status?: Record<string, number>, generation = 2): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', generation }, spec: { replicas }, ...(status ? { status } : {}) });

  it('shares come from bindings with replicas; suspended clusters and templates without replicas are left out', () => {
    const plan: Plan = { revision: null, clusters: {}, diagnostics: [], bindings: [
      { resource: KEY, policy: 'p', clusters: [{ name: 'm1', replicas: 4 }, { name: 'm2', replicas: 2 }], suspended: ['m2'], failover: { purgeMode: 'Directly' } },
      { resource: 'v1/ConfigMap/shop/c', policy: 'p', clusters: [{ name: 'm1' }] },
    ] };
    const { shares: s, purges } = sharesOf(plan);
    expect([...s.keys()]).toEqual([KEY]);
    expect(flat(s)).toEqual({ m1: 4 });
    expect(purges.get(KEY)?.mode).toBe('Directly');
  });

  it('a template application failover evicted goes by the application\'s purge mode, and Never leaves its copy for a person', () => {
    const plan: Plan = { revision: null, clusters: {}, diagnostics: [], bindings: [
      { resource: KEY, policy: 'p', clusters: [{ name: 'm1', replicas: 6 }], evicted: ['m3'], failover: { purgeMode: 'Directly' }, applicationFailover: { tolerationSeconds: 60, purgeMode: 'Never' } },
    ] };
    const { shares: next, purges } = sharesOf(plan);
    expect(purges.get(KEY)).toEqual({ mode: 'Never', graceMs: 600_000, evictedFrom: new Set(['m3']) });
    const d = decideMoves({ previous: shares({ m1: 3, m3: 3 }), next, purges, held: new Set(), evicted: new Set(), available: () => true, since: new Map(), leftForPerson: new Set(), now: T0 });
    expect(d.deferrals.map((x) => [x.cluster, x.replicas, x.removed])).toEqual([['m3', 3, true]]);
  });

  it.each([
    ['available at the replicas asked, status of this generation', deploy(3, { observedGeneration: 2, availableReplicas: 3 }), 3, true],
    ['status of an older generation', deploy(3, { observedGeneration: 1, availableReplicas: 3 }), 3, false],
    ['fewer available', deploy(3, { observedGeneration: 2, availableReplicas: 2 }), 3, false],
    ['another replica count', deploy(2, { observedGeneration: 2, availableReplicas: 2 }), 3, false],
    ['no status yet', deploy(3), 3, false],
    ['not in the cache', undefined, 3, false],
  ])('isAvailable: %s', (_rule, live, n, want) => expect(isAvailable(live, n)).toBe(want));

  it('a lowered copy keeps its previous replicas in a copy of the manifest; a removed one is kept from pruning', () => {
    const shared = Object.freeze(deploy(2));
    const out = deferObjects([shared], ['v1/ConfigMap/shop/x'], [
      { key: KEY, cluster: 'm1', replicas: 3, removed: false, reason: 'r' },
      { key: 'apps/v1/Deployment/shop/gone', cluster: 'm1', replicas: 1, removed: true, reason: 'r' },
    ], () => KEY);
    expect((out.objects[0]?.spec as { replicas: number }).replicas).toBe(3);
    expect((shared.spec as { replicas: number }).replicas).toBe(2);
    expect(out.keep).toEqual(['apps/v1/Deployment/shop/gone', 'v1/ConfigMap/shop/x']);
  });
});
