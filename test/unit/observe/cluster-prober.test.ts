import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../src/model/cluster-health.js';
import { startProber, type HealthChange, type ProbeFn, type ProbeTimer } from '../../../src/observe/cluster-prober.js';

const OK: ProbeResult = { kind: 'healthy', path: '/readyz' };
const GONE: ProbeResult = { kind: 'unreachable', cause: 'connect ECONNREFUSED' };

/** manualTime is the prober's clock and timer, moved only by advance(). */
function manualTime(start = Date.parse('2026-12-04T10:00:00Z')) {
  let now = start;
  const due: { at: number; fn: () => void }[] = [];
  const timer: ProbeTimer = (ms, fn) => {
    const entry = { at: now + ms, fn };
    due.push(entry);
    return () => void due.splice(due.indexOf(entry), 1);
  };
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    timer,
    pending: () => due.length,
    /** advance moves the clock by ms in steps, firing each due call and letting its probe answer */
    async advance(ms: number): Promise<void> {
      const end = now + ms;
      await settle();
      for (;;) {
        due.sort((a, b) => a.at - b.at);
        const next = due[0];
        if (!next || next.at > end) break;
        due.shift();
        now = next.at;
        next.fn();
        await settle();
      }
      now = end;
    },
    settle,
  };
}

/** scripted answers with results in turn, then the last one for ever; it counts its calls. */
function scripted(...results: ProbeResult[]): ProbeFn & { calls: number } {
  const fn = Object.assign(async () => {
    const r = results[Math.min(fn.calls, results.length - 1)] as ProbeResult;
    fn.calls++;
    return r;
  }, { calls: 0 });
  return fn;
}

describe('the prober probes each member on its interval and keeps its condition', () => {
  it('probes at once, then every interval; one lost probe changes nothing, 30 s of failures do', async () => {
    const time = manualTime();
    const probe = scripted(OK, GONE, OK, GONE, GONE, GONE, GONE);
    const changes: (HealthChange & { statusChanged: boolean })[] = [];
    const prober = startProber(new Map([['member1', probe]]), { now: time.now, timer: time.timer, onProbe: (c) => changes.push(c) });
    await time.settle();
    expect(prober.condition('member1')?.status).toBe('True');
    await time.advance(20_000); // GONE at 10 s, OK at 20 s
    expect(prober.condition('member1')?.status).toBe('True');
    await time.advance(30_000); // GONE at 30, 40 and 50 s: 20 s of failures
    expect(prober.condition('member1')?.status).toBe('True');
    await time.advance(10_000); // GONE at 60 s, 30 s after the first failure
    expect(probe.calls).toBe(7);
    expect(prober.condition('member1')).toMatchObject({ status: 'Unknown', lastTransitionTime: '2026-12-04T10:01:00Z', lastProbeTime: '2026-12-04T10:01:00Z' });
    expect(changes.filter((c) => c.statusChanged).map((c) => c.condition.status)).toEqual(['True', 'Unknown']);
    prober.stop();
  });

  it('honours the interval and thresholds it is given', async () => {
    const time = manualTime();
    const probe = scripted(OK, GONE);
    const prober = startProber(new Map([['m', probe]]), { now: time.now, timer: time.timer, intervalMs: 1_000, thresholds: { failureMs: 2_000, successMs: 0 } });
    await time.advance(2_000);
    expect(prober.condition('m')?.status).toBe('True');
    await time.advance(1_000);
    expect(probe.calls).toBe(4);
    expect(prober.condition('m')?.status).toBe('Unknown');
    prober.stop();
  });

  it('members have their own loops: setTargets adds and forgets members, stop ends every loop', async () => {
    const time = manualTime();
    const a = scripted(OK);
    const b = scripted(GONE);
    const prober = startProber(new Map([['a', a]]), { now: time.now, timer: time.timer });
    await time.settle();
    prober.setTargets(new Map([['a', a], ['b', b]]));
    await time.settle();
    expect([...prober.conditions().entries()].map(([n, c]) => `${n}=${c.status}`)).toEqual(['a=True', 'b=Unknown']);
    prober.setTargets(new Map([['b', b]]));
    expect(prober.condition('a')).toBeUndefined();
    await time.advance(10_000);
    expect([a.calls, b.calls]).toEqual([1, 2]);
    prober.stop();
    expect(time.pending()).toBe(0);
    await time.advance(60_000);
    expect(b.calls).toBe(2);
  });

  it('a probe that rejects counts as no answer', async () => {
    const time = manualTime();
    const prober = startProber(new Map([['m', async () => { throw new Error('boom'); }]]), { now: time.now, timer: time.timer });
    await time.settle();
    expect(prober.condition('m')).toMatchObject({ status: 'Unknown', message: 'cluster is not reachable: boom' });
    prober.stop();
  });

  it('a member stopped while its probe runs records nothing and schedules nothing', async () => {
    const time = manualTime();
    let answer: (r: ProbeResult) => void = () => undefined;
    const slow: ProbeFn = () => new Promise((resolve) => (answer = resolve));
    const prober = startProber(new Map([['m', slow]]), { now: time.now, timer: time.timer });
    prober.stop();
    answer(OK);
    await time.settle();
    expect(prober.condition('m')).toBeUndefined();
    expect(time.pending()).toBe(0);
  });
});
