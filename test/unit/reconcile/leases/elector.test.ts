import { describe, expect, it } from 'vitest';
import { createElector } from '../../../../src/reconcile/leases/elector.js';
import { DEFAULT_TIMING, microTime } from '../../../../src/reconcile/leases/timing.js';
import { memoryLeases } from '../../../helpers/memory-leases.js';

function setup() {
  let t = Date.parse('2026-01-01T00:00:00Z');
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) };
  const client = memoryLeases();
  const elector = (identity: string) => createElector({ client, name: 'gitfed-reconciler', identity, timing: DEFAULT_TIMING, now: clock.now });
  return { clock, client, elector };
}

describe('leader election (client-go tryAcquireOrRenew)', () => {
  it('the first candidate creates the Lease with client-go defaults and holds it', async () => {
    const { clock, client, elector } = setup();
    const a = elector('a');
    expect(await a.tick()).toBe(true);
    expect(await client.get('gitfed-reconciler')).toMatchObject({
      holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0, acquireTime: microTime(clock.now()), renewTime: microTime(clock.now()),
    });
  });

  it('a second candidate waits while the holder renews, however long', async () => {
    const { clock, elector } = setup();
    const [a, b] = [elector('a'), elector('b')];
    await a.tick();
    for (let i = 0; i < 20; i++) {
      clock.advance(2_000);
      expect(await a.tick()).toBe(true);
      expect(await b.tick()).toBe(false);
    }
    expect(a.leading()).toBe(true);
    expect(b.leading()).toBe(false);
  });

  it('the holder stops leading at the renew deadline (10 s) when it cannot renew, before anyone may take over (15 s)', async () => {
    const { clock, client, elector } = setup();
    const [a, b] = [elector('a'), elector('b')];
    await a.tick();
    await b.tick();
    client.down = true;
    clock.advance(10_000);
    expect(a.leading()).toBe(true);
    clock.advance(1);
    expect(a.leading()).toBe(false);
    client.down = false;
    clock.advance(4_998);
    expect(await b.tick()).toBe(false); // 14,999 ms since b saw the Lease change
    clock.advance(1);
    expect(await b.tick()).toBe(true);
    const lease = await client.get('gitfed-reconciler');
    expect(lease).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1, acquireTime: microTime(clock.now()) });
  });

  it('validity is counted from when this candidate saw the Lease change, not from the renewTime it holds', async () => {
    const { clock, client, elector } = setup();
    const a = elector('a');
    await a.tick();
    const lease = await client.get('gitfed-reconciler');
    // a holder whose clock runs an hour behind: its renewTime says it expired long ago
    await client.update('gitfed-reconciler', lease?.resourceVersion ?? '', { ...(lease as NonNullable<typeof lease>), renewTime: microTime(clock.now() - 3_600_000) });
    expect(await elector('b').tick()).toBe(false);
  });

  it('of two candidates racing for an expired Lease exactly one wins (the other update is a 409)', async () => {
    const { clock, elector } = setup();
    const [a, b, c] = [elector('a'), elector('b'), elector('c')];
    await a.tick();
    await b.tick();
    await c.tick();
    clock.advance(16_000);
    const results = await Promise.all([b.tick(), c.tick()]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('release clears the holder so that the next candidate takes over at once', async () => {
    const { client, elector } = setup();
    const [a, b] = [elector('a'), elector('b')];
    await a.tick();
    await b.tick();
    await a.release();
    expect(a.leading()).toBe(false);
    expect((await client.get('gitfed-reconciler'))?.holderIdentity).toBe('');
    expect(await b.tick()).toBe(true);
  });

  it('a holder keeps acquireTime and transitions on renew, and writes the annotations it is given', async () => {
    const { clock, client, elector } = setup();
    const a = elector('a');
    await a.tick();
    const first = await client.get('gitfed-reconciler');
    clock.advance(2_000);
    await a.tick(() => ({ 'gitfed.io/x': '1' }));
    expect(await client.get('gitfed-reconciler')).toMatchObject({ acquireTime: first?.acquireTime, leaseTransitions: 0, renewTime: microTime(clock.now()), annotations: { 'gitfed.io/x': '1' } });
  });
});
