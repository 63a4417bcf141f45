import { describe, expect, it } from 'vitest';
import { conditionTime, type ClusterCondition, type ReadyStatus } from '../../../src/model/cluster-health.js';
import type { DerivedTaint } from '../../../src/model/cluster-taints.js';
import { createHoldDownTracker, holdDownAt, type Evicted } from '../../../src/reconcile/hold-down.js';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const HOLD = 120_000;
const TAINT: DerivedTaint = { key: 'cluster.karmada.io/unreachable', effect: 'NoExecute', timeAdded: conditionTime(T0) };
const cond = (status: ReadyStatus, since: number): ClusterCondition => ({ type: 'Ready', status, reason: status === 'True' ? 'ClusterReady' : 'ClusterNotReachable', message: '', lastProbeTime: conditionTime(since), lastTransitionTime: conditionTime(since) });

interface Row {
  rule: string;
  condition?: ClusterCondition;
  lastFailure?: number;
  now: number;
  heldDown: boolean;
  until?: number;
  returned: boolean;
}

const rows: Row[] = [
  { rule: 'not Ready: keeps its first taints, no return time', condition: cond('Unknown', T0 + 60_000), now: T0 + 90_000, heldDown: true, returned: false },
  { rule: 'not probed: keeps its taints', now: T0 + 90_000, heldDown: true, returned: false },
  { rule: 'Ready for less than the hold-down: held down until Ready-since plus the hold-down', condition: cond('True', T0 + 100_000), now: T0 + 150_000, heldDown: true, until: T0 + 220_000, returned: false },
  { rule: 'a failed probe inside the hold-down restarts it', condition: cond('True', T0 + 100_000), lastFailure: T0 + 200_000, now: T0 + 230_000, heldDown: true, until: T0 + 320_000, returned: false },
  { rule: 'Ready for the hold-down: returned', condition: cond('True', T0 + 100_000), now: T0 + 220_000, heldDown: false, returned: true },
  { rule: 'a failure before Ready-since changes nothing', condition: cond('True', T0 + 100_000), lastFailure: T0 + 50_000, now: T0 + 220_000, heldDown: false, returned: true },
];

describe('holdDownAt: an evicted member gets its replicas back only after staying Ready', () => {
  it.each(rows)('$rule', (row) => {
    const evicted = new Map<string, Evicted>([['m3', { taints: [TAINT], ...(row.lastFailure !== undefined ? { lastFailure: row.lastFailure } : {}) }]]);
    const v = holdDownAt(evicted, new Map(row.condition ? [['m3', row.condition]] : []), row.now, HOLD);
    expect(v.heldDown.get('m3')).toEqual(row.heldDown ? [TAINT] : undefined);
    expect(v.until.get('m3')).toBe(row.until);
    expect(v.returned).toEqual(row.returned ? ['m3'] : []);
  });
});

describe('createHoldDownTracker', () => {
  it('remembers evicted members, restarts on a flap, forgets them once returned', () => {
    const t = createHoldDownTracker();
    t.evicted(new Map([['m3', [TAINT]]]), 60_000);
    const ready = new Map([['m3', cond('True', T0 + 100_000)]]);
    expect(t.decide(ready, T0 + 120_000).until.get('m3')).toBe(T0 + 160_000);
    t.probed('m3', 'Unknown', T0 + 130_000);
    t.probed('m3', 'True', T0 + 140_000);
    expect(t.decide(ready, T0 + 170_000).until.get('m3')).toBe(T0 + 190_000);
    expect(t.nextReturn()).toBe(T0 + 190_000);
    expect(t.decide(ready, T0 + 190_000).returned).toEqual(['m3']);
    expect(t.decide(ready, T0 + 190_000).heldDown.size).toBe(0);
    expect(t.nextReturn()).toBeUndefined();
  });

  it('a member not evicted is never held down, whatever its probes', () => {
    const t = createHoldDownTracker();
    t.probed('m1', 'Unknown', T0);
    expect(t.decide(new Map([['m1', cond('True', T0)]]), T0 + 1000).heldDown.size).toBe(0);
  });
});
