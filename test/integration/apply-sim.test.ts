import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../src/kube/cluster-client.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { reconcileCluster, type ReconcileClusterOptions } from '../../src/reconcile/reconcile-cluster.js';
import type { KubeObject } from '../../src/model/kube.js';
import { startFleet, type Fleet, type SimCluster } from '../../src/sim/fleet.js';

// reconcileCluster through the client-node adapter against a simulated cluster (HTTPS, CA-verified, bearer token).
let fleet: Fleet;
let sim: SimCluster;
let client: ClusterClient;

const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'app.kubernetes.io/managed-by': 'gitfed' } } };
const cm = (name: string, value = 'v'): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'gitfed' } }, data: { k: value },
});
const web: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'gitfed' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
};
const opts = (revision: string, objects: KubeObject[]): ReconcileClusterOptions => ({ objects, revision, dryRun: false, allowMassPrune: false });

/** waits records every wait a retry asked for; onWait, when set, runs during the wait, before the retry goes ahead. */
const waits: number[] = [];
let onWait: (() => Promise<void>) | undefined;
const sleeper = async (ms: number): Promise<void> => {
  waits.push(ms);
  await onWait?.();
};
/** hold, when set, is how long the simulator's latency fault lasts: until it resolves (never the clock) */
let hold: Promise<void> | undefined;
/** held, when set, hears of each request the simulator starts holding */
let held: (() => void) | undefined;

beforeAll(async () => {
  fleet = await startFleet([{ name: 'member1' }], {
    delay: () => {
      held?.();
      return hold ?? Promise.resolve();
    },
  });
  sim = fleet.cluster('member1');
  client = createKubeClient({ kubeconfig: fleet.kubeconfig(), context: 'member1', retry: { attempts: 4, baseDelayMs: 300, maxDelayMs: 5_000 }, sleeper });
});

afterAll(async () => {
  await fleet?.stop();
});

beforeEach(async () => {
  await sim.faults.reset();
  waits.length = 0;
  onWait = undefined;
});

describe('reconcileCluster against a simulated cluster', () => {
  it('first run creates everything and records the inventory', async () => {
    const result = await reconcileCluster(client, opts('r1', [ns, cm('a'), cm('b'), web]));
    expect(result.error).toBeUndefined();
    expect(result.entries.map((e) => [e.key, e.action])).toEqual([
      ['apps/v1/Deployment/shop/web', 'created'], ['v1/ConfigMap/shop/a', 'created'], ['v1/ConfigMap/shop/b', 'created'], ['v1/Namespace/shop', 'created'],
    ]);
    const inventory = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'gitfed-system', name: 'gitfed-inventory' });
    expect(inventory?.data).toEqual({
      revision: 'r1',
      objects: JSON.stringify(['apps/v1/Deployment/shop/web', 'v1/ConfigMap/shop/a', 'v1/ConfigMap/shop/b', 'v1/Namespace/shop']),
      digests: expect.any(String),
    });
    // every object applied and settled has its digests, `<desired>.<fields>`, in the order of data.objects
    const data = inventory?.data as Record<string, string> | undefined;
    expect(JSON.parse(String(data?.objects))).toEqual(['apps/v1/Deployment/shop/web', 'v1/ConfigMap/shop/a', 'v1/ConfigMap/shop/b', 'v1/Namespace/shop']);
    expect(JSON.parse(String(data?.digests))).toEqual(Array.from({ length: 4 }, () => expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)));
    expect(inventory?.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'gitfed', operation: 'Apply' })]);
  });

  it('a second run writes nothing: one GET per settled object, no dry run, no resourceVersion moves', async () => {
    const before = await client.list('v1', 'ConfigMap', { namespace: 'shop' });
    sim.counters.reset();
    const result = await reconcileCluster(client, opts('r1', [ns, cm('a'), cm('b'), web]));
    expect(result.entries.every((e) => e.action === 'unchanged')).toBe(true);
    const counts = sim.counters.snapshot();
    expect({ writes: counts.writes, dryRuns: counts.dryRuns, get: counts.get }).toEqual({ writes: 0, dryRuns: 0, get: 5 });
    const after = await client.list('v1', 'ConfigMap', { namespace: 'shop' });
    expect(after.map((o) => o.metadata.resourceVersion)).toEqual(before.map((o) => o.metadata.resourceVersion));
  });

  it('configures only the object that changed', async () => {
    sim.counters.reset();
    const result = await reconcileCluster(client, opts('r2', [ns, cm('a', 'changed'), cm('b'), web]));
    expect(result.entries.filter((e) => e.action !== 'unchanged')).toEqual([
      { key: 'v1/ConfigMap/shop/a', subject: 'ConfigMap/shop/a', action: 'configured', reason: 'changed data.k' },
    ]);
    // the real apply of a, without a dry run (nobody else wrote its fields); the inventory drops a's digest before the
    // apply and records the new revision and digest after it
    expect(sim.counters.snapshot()).toMatchObject({ patch: 3, writes: 3, dryRuns: 0 });
  });

  it('prunes an object removed from the plan', async () => {
    const result = await reconcileCluster(client, opts('r3', [ns, cm('a', 'changed'), web]));
    expect(result.entries.find((e) => e.key === 'v1/ConfigMap/shop/b')?.action).toBe('pruned');
    expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'b' })).toBeNull();
  });

  it('retries a 429 after the Retry-After the server sent', async () => {
    await sim.faults.set({ errorRate: 1, errorCodes: [429], retryAfterSeconds: 1 });
    // one request fails; the fault clears while the client waits to retry
    onWait = () => sim.faults.reset();
    const obj = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'a' });
    expect(obj?.data).toEqual({ k: 'changed' });
    expect(waits).toEqual([1_000]);
  });

  it('retries a 500 with backoff', async () => {
    await sim.faults.set({ errorRate: 1, errorCodes: [500] });
    onWait = () => sim.faults.reset();
    const obj = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'a' });
    expect(obj?.data).toEqual({ k: 'changed' });
    expect(waits).toEqual([300]);
  });

  it('dry run reports what would happen and changes nothing', async () => {
    sim.counters.reset();
    const result = await reconcileCluster(client, { ...opts('r9', [ns, cm('a', 'again'), cm('c')]), dryRun: true });
    expect(Object.fromEntries(result.entries.map((e) => [e.key, e.action]))).toEqual({
      'apps/v1/Deployment/shop/web': 'pruned', 'v1/ConfigMap/shop/a': 'configured', 'v1/ConfigMap/shop/c': 'created', 'v1/Namespace/shop': 'unchanged',
    });
    // a (its fields untouched) and c (new) are dry-run applied; the settled Namespace gets no request
    expect(sim.counters.snapshot()).toMatchObject({ writes: 0, dryRuns: 2 });
    expect((await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'a' }))?.data).toEqual({ k: 'changed' });
  });

  it('names a field conflict ApplyConflict, with cluster and object', async () => {
    await sim.faults.set({ conflictRate: 1 });
    await expect(client.apply(cm('a', 'x'), { dryRun: false, force: true })).rejects.toMatchObject({
      code: 'ApplyConflict',
      message: expect.stringMatching(/^member1: ConfigMap\/shop\/a: apply failed \(409 Conflict\)/),
    });
  });

  it('gives up on a request that outlives its timeout', async () => {
    // the server holds every answer until the test is done: the request's own timeout is the only way out
    let release: () => void = () => undefined;
    hold = new Promise((r) => (release = r));
    try {
      await sim.faults.set({ latencyMs: 400 });
      const slow = createKubeClient({ kubeconfig: fleet.kubeconfig(), context: 'member1', requestTimeoutMs: 100, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 }, sleeper });
      await expect(slow.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'a' })).rejects.toMatchObject({
        code: 'ClusterUnreachable',
        message: 'member1: ConfigMap/shop/a: get timed out after 100 ms',
      });
      expect(waits).toEqual([10]);
    } finally {
      hold = undefined;
      release();
    }
  });

  it('ends the requests in flight when the cluster budget runs out, without retrying them', async () => {
    let release: () => void = () => undefined;
    hold = new Promise((r) => (release = r));
    try {
      await sim.faults.set({ latencyMs: 400 });
      const budget = new AbortController();
      const bounded = createKubeClient({ kubeconfig: fleet.kubeconfig(), context: 'member1', signal: budget.signal, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 }, sleeper });
      const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop' } as const;
      const first = bounded.get({ ...ref, name: 'a' });
      const second = bounded.get({ ...ref, name: 'b' });
      first.catch(() => undefined);
      second.catch(() => undefined);
      // both are on the wire (the server holds them) before the budget runs out
      let arrived = 0;
      await new Promise<void>((r) => (held = () => (++arrived === 2 ? r() : undefined)));
      held = undefined;
      budget.abort(new DOMException('the cluster budget ran out', 'TimeoutError'));
      const gone = { code: 'ClusterUnreachable', message: expect.stringMatching(/: get cancelled: the cluster's time is up$/) };
      await expect(first).rejects.toMatchObject(gone);
      await expect(second).rejects.toMatchObject(gone);
      await expect(bounded.get({ ...ref, name: 'a' })).rejects.toMatchObject(gone);
      expect(waits).toEqual([]);
    } finally {
      hold = undefined;
      release();
    }
  });

  it('reports a cluster that stays down by name, object and cause, without the token', async () => {
    await sim.faults.down();
    const quick = createKubeClient({ kubeconfig: fleet.kubeconfig(), context: 'member1', retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 100 }, sleeper });
    const result = await reconcileCluster(quick, opts('r4', [ns]));
    expect(result.error?.message).toMatch(/^member1: ConfigMap\/gitfed-system\/gitfed-inventory: get failed: .*ECONNREFUSED/);
    expect(result.error?.message).not.toContain(sim.token);
    expect(result.entries).toEqual([]);
  });
});
