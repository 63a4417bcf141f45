import { describe, expect, it, vi } from 'vitest';
import { createLoop, type TriggerReason } from '../../../src/reconcile/loop.js';

/** gate is a promise the test opens by hand, to hold a cycle in the middle. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('the reconcile loop', () => {
  it('runs one cycle per trigger when they do not overlap', async () => {
    const seen: TriggerReason[][] = [];
    const loop = createLoop(async (r) => void seen.push(r));
    loop.trigger('start');
    await loop.idle();
    loop.trigger('interval');
    await loop.idle();
    expect(seen).toEqual([['start'], ['interval']]);
  });

  it('triggers during a cycle coalesce into one next cycle', async () => {
    const seen: TriggerReason[][] = [];
    const first = gate();
    let active = 0;
    let most = 0;
    const loop = createLoop(async (r) => {
      active += 1;
      most = Math.max(most, active);
      seen.push(r);
      if (seen.length === 1) await first.wait;
      active -= 1;
    });
    loop.trigger('start');
    loop.trigger('webhook');
    loop.trigger('webhook');
    loop.trigger('schedule');
    expect(loop.running).toBe(true);
    first.open();
    await loop.idle();
    expect(seen).toEqual([['start'], ['webhook', 'schedule']]);
    expect(most).toBe(1);
  });

  it('stop waits for the current cycle and drops the pending ones', async () => {
    const seen: TriggerReason[][] = [];
    const held = gate();
    const loop = createLoop(async (r) => {
      seen.push(r);
      await held.wait;
    });
    loop.trigger('start');
    loop.trigger('webhook');
    const stopped = loop.stop(5_000);
    loop.trigger('interval');
    held.open();
    expect(await stopped).toBe(true);
    expect(seen).toEqual([['start']]);
    expect(loop.running).toBe(false);
  });

  it('stop gives up after the grace period and says so', async () => {
    // the grace period is a timer: on vitest's fake clock it ends exactly when the period is over
    vi.useFakeTimers();
    try {
      const loop = createLoop(() => new Promise<void>(() => undefined));
      loop.trigger('start');
      let answer: boolean | undefined;
      void loop.stop(20).then((v) => (answer = v));
      await vi.advanceTimersByTimeAsync(19);
      expect(answer).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(answer).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stop with nothing running returns at once', async () => {
    expect(await createLoop(async () => undefined).stop(1)).toBe(true);
  });
});
