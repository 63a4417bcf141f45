import { describe, expect, it } from 'vitest';
import type { ClusterChangeSet } from '../../../src/model/change-set.js';
import { GitfedError } from '../../../src/model/errors.js';
import { createSlowLane } from '../../../src/reconcile/slow-lane.js';

const ok: ClusterChangeSet = { cluster: 'm1', revision: 'a', dryRun: false, entries: [] };
const unreachable: ClusterChangeSet = { ...ok, error: new GitfedError('ClusterUnreachable', 'm1', 'connect ECONNREFUSED') };

/** timer is a sleeper the test fires by hand. */
function timer() {
  const waits: (() => void)[] = [];
  return { sleeper: () => new Promise<void>((resolve) => waits.push(resolve)), fire: () => waits.shift()?.() };
}

describe('slow lane', () => {
  it('a pass that ends in time keeps its place and the cluster stays in the pool', async () => {
    const t = timer();
    const lane = createSlowLane(2000, t.sleeper);
    let released = 0;
    await lane.run('m1', () => released++, async () => ok);
    await lane.run('m1', () => released++, async () => ok);
    expect(released).toBe(0);
  });

  it('a pass still running when the time is up gives its place back; the next pass starts outside the pool', async () => {
    const t = timer();
    const lane = createSlowLane(2000, t.sleeper);
    let released = 0;
    let finish: () => void = () => undefined;
    const running = lane.run('m1', () => released++, () => new Promise((resolve) => (finish = () => resolve(ok))));
    t.fire();
    await Promise.resolve();
    expect(released).toBe(1);
    finish();
    await running;
    await lane.run('m1', () => released++, async () => ok);
    expect(released).toBe(2);
    // that pass ended in time: the cluster is back in the pool
    await lane.run('m1', () => released++, async () => ok);
    expect(released).toBe(2);
  });

  it('a cluster that could not be reached runs its next pass outside the pool', async () => {
    const lane = createSlowLane(2000, timer().sleeper);
    let released = 0;
    await lane.run('m1', () => released++, async () => unreachable);
    expect(released).toBe(0);
    await lane.run('m1', () => released++, async () => unreachable);
    expect(released).toBe(1);
    lane.forget('m1');
    await lane.run('m1', () => released++, async () => ok);
    expect(released).toBe(1);
  });
});
