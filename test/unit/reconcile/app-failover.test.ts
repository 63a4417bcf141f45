import { describe, expect, it } from 'vitest';
import type { Template } from '../../../src/model/catalog.js';
import type { Binding, Plan } from '../../../src/model/plan.js';
import { createAppFailover } from '../../../src/reconcile/app-failover.js';

// Application failover's decisions (karmada-semantics §8a), on a clock the test moves.

const WEB = 'apps/v1/Deployment/shop/web';
const binding = (clusters: string[], tolerationSeconds = 60, evicted?: string[]): Binding => ({
  resource: WEB, policy: 'PropagationPolicy/shop/web', clusters: clusters.map((name) => ({ name, replicas: 2 })),
  applicationFailover: { tolerationSeconds, purgeMode: 'Gracefully' }, ...(evicted ? { evicted } : {}),
});
const plan = (...bindings: Binding[]): Plan => ({ revision: 'r', clusters: {}, bindings, diagnostics: [] } as unknown as Plan);
const template = (image: string): Template[] => [{ key: WEB, object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { image } }, source: { file: 'web.yaml', line: 1 } } as Template];

function world() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  let renders = 0;
  const apps = createAppFailover(() => void renders++, {
    now: () => now,
    timer: (ms, fn) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return () => void (timers = timers.filter((x) => x !== t));
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers = timers.filter((x) => x !== t);
      t.fn();
    }
  };
  return { apps, advance, renders: () => renders, evicted: () => [...(apps.evictions().get(WEB) ?? [])] };
}

describe('application failover', () => {
  it('a copy unhealthy for tolerationSeconds is evicted from its cluster, and a render is asked for', () => {
    const w = world();
    w.apps.taken(plan(binding(['m1', 'm2', 'm3'])), template('a'));
    w.apps.health('m3', new Set([WEB]));
    w.advance(59_000);
    expect(w.evicted()).toEqual([]);
    w.advance(1_000);
    expect(w.evicted()).toEqual(['m3']);
    expect(w.renders()).toBe(1);
  });

  it('a copy healthy again before the toleration runs out starts over', () => {
    const w = world();
    w.apps.taken(plan(binding(['m1', 'm3'])), template('a'));
    w.apps.health('m3', new Set([WEB]));
    w.advance(50_000);
    w.apps.health('m3', new Set());
    w.apps.health('m3', new Set([WEB]));
    w.advance(50_000);
    expect(w.evicted()).toEqual([]);
    w.advance(10_000);
    expect(w.evicted()).toEqual(['m3']);
  });

  it('tolerationSeconds 0 evicts on the first unhealthy reading', () => {
    const w = world();
    w.apps.taken(plan(binding(['m1', 'm3'], 0)), template('a'));
    w.apps.health('m3', new Set([WEB]));
    expect(w.evicted()).toEqual(['m3']);
  });

  it('a template without failover.application is never evicted', () => {
    const w = world();
    const { applicationFailover: _, ...plain } = binding(['m1', 'm3'], 0);
    w.apps.taken(plan(plain), template('a'));
    w.apps.health('m3', new Set([WEB]));
    w.advance(1_000_000);
    expect(w.evicted()).toEqual([]);
  });

  it('the last cluster a template has is never evicted: an unhealthy copy is better than none', () => {
    const w = world();
    w.apps.taken(plan(binding(['m1', 'm3'], 0)), template('a'));
    w.apps.health('m1', new Set([WEB]));
    w.apps.health('m3', new Set([WEB]));
    expect(w.evicted()).toEqual(['m1']);
  });

  it('an eviction lasts over later renders until the template changes in Git, which asks for a render', () => {
    const w = world();
    w.apps.taken(plan(binding(['m1', 'm3'], 0)), template('a'));
    w.apps.health('m3', new Set([WEB]));
    w.apps.taken(plan(binding(['m1'], 0, ['m3'])), template('a'));
    expect(w.evicted()).toEqual(['m3']);
    const before = w.renders();
    w.apps.taken(plan(binding(['m1'], 0, ['m3'])), template('b'));
    expect(w.evicted()).toEqual([]);
    expect(w.renders()).toBe(before + 1);
  });

  it('a copy on a cluster the template is not placed on counts for nothing', () => {
    const w = world();
    w.apps.taken(plan(binding(['m1', 'm2'], 0)), template('a'));
    w.apps.health('m3', new Set([WEB]));
    expect(w.evicted()).toEqual([]);
  });
});
