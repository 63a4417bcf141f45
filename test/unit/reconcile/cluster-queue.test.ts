import { describe, expect, it } from 'vitest';
import { createClusterQueue } from '../../../src/reconcile/cluster-queue.js';

/** held is a piece of work the test finishes by hand, so order and overlap are seen without any timer. */
function harness(concurrency: number) {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  let running = 0;
  let peak = 0;
  const superseded: string[] = [];
  const depths: [string, number][] = [];
  const releases = new Map<string, () => void>();
  const queue = createClusterQueue<string>(concurrency, (cluster, item, giveBack) => {
    releases.set(`${cluster}:${item}`, giveBack);
    started.push(`${cluster}:${item}`);
    running++;
    peak = Math.max(peak, running);
    return new Promise<void>((resolve) => release.set(`${cluster}:${item}`, () => { running--; resolve(); }));
  }, { onSuperseded: (c, item) => superseded.push(`${c}:${item}`), onDepth: (c, d) => depths.push([c, d]) });
  const finish = async (id: string): Promise<void> => {
    const done = release.get(id);
    if (!done) throw new Error(`${id} is not running (started: ${started.join(' ')})`);
    release.delete(id);
    done();
    // the queue reacts in the work's finally: let it run
    await new Promise((r) => setImmediate(r));
  };
  return { queue, started, finish, superseded, depths, peak: () => peak, release: (id: string) => releases.get(id)?.() };
}

describe('cluster queue', () => {
  it('a newer commit replaces the work waiting for the same cluster; what runs finishes first', async () => {
    const h = harness(2);
    h.queue.submit('m1', 'A');
    h.queue.submit('m1', 'B');
    h.queue.submit('m1', 'C');
    expect(h.started).toEqual(['m1:A']);
    expect(h.superseded).toEqual(['m1:B']);
    expect(h.queue.depth('m1')).toBe(2);
    await h.finish('m1:A');
    expect(h.started).toEqual(['m1:A', 'm1:C']);
    await h.finish('m1:C');
    await h.queue.idle();
    expect(h.queue.depth('m1')).toBe(0);
  });

  it('at most one run per cluster, at most `concurrency` clusters at once, in arrival order', async () => {
    const h = harness(2);
    for (const c of ['m1', 'm2', 'm3']) h.queue.submit(c, 'A');
    expect(h.started).toEqual(['m1:A', 'm2:A']);
    h.queue.submit('m1', 'B');
    await h.finish('m2:A');
    // m3 waited longer than m1's second piece of work
    expect(h.started).toEqual(['m1:A', 'm2:A', 'm3:A']);
    await h.finish('m1:A');
    expect(h.started.at(-1)).toBe('m1:B');
    await h.finish('m3:A');
    await h.finish('m1:B');
    await h.queue.idle();
    expect(h.peak()).toBe(2);
  });

  it('a slow cluster delays only itself', async () => {
    const h = harness(2);
    h.queue.submit('slow', 'A');
    for (const item of ['A', 'B', 'C']) {
      h.queue.submit('fast', item);
      await h.finish(`fast:${item}`);
    }
    expect(h.started).toEqual(['slow:A', 'fast:A', 'fast:B', 'fast:C']);
    await h.finish('slow:A');
    await h.queue.idle();
  });

  it('a run that releases its place lets the next cluster start; it still counts as running for idle and depth', async () => {
    const h = harness(1);
    h.queue.submit('slow', 'A');
    h.queue.submit('fast', 'A');
    expect(h.started).toEqual(['slow:A']);
    h.release('slow:A');
    h.release('slow:A');
    expect(h.started).toEqual(['slow:A', 'fast:A']);
    expect(h.queue.depth('slow')).toBe(1);
    h.queue.submit('other', 'A');
    // one place, and fast holds it: a second release of slow's place freed nothing more
    expect(h.started).toEqual(['slow:A', 'fast:A']);
    await h.finish('fast:A');
    await h.finish('other:A');
    let idle = false;
    void h.queue.idle().then(() => (idle = true));
    await new Promise((r) => setImmediate(r));
    expect(idle).toBe(false);
    await h.finish('slow:A');
    await h.queue.idle();
  });

  it('stop drops waiting work and waits for what runs', async () => {
    const h = harness(1);
    h.queue.submit('m1', 'A');
    h.queue.submit('m2', 'A');
    let timedOut: () => void = () => undefined;
    const stopped = h.queue.stop(1000, () => new Promise<void>((r) => (timedOut = r)));
    h.queue.submit('m3', 'A');
    await h.finish('m1:A');
    expect(await stopped).toBe(true);
    expect(h.started).toEqual(['m1:A']);
    timedOut();
  });

  it('stop answers false when the running work outlasts the grace period', async () => {
    const h = harness(1);
    h.queue.submit('m1', 'A');
    const stopped = h.queue.stop(1000, () => Promise.resolve());
    expect(await stopped).toBe(false);
    await h.finish('m1:A');
  });

  it('depth is told as it changes', async () => {
    const h = harness(1);
    h.queue.submit('m1', 'A');
    h.queue.submit('m1', 'B');
    await h.finish('m1:A');
    await h.finish('m1:B');
    expect(h.depths.filter(([c]) => c === 'm1').map(([, d]) => d)).toEqual([1, 2, 1, 0]);
  });
});
