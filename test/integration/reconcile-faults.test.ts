import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { memberProbe } from '../../src/kube/health-probe.js';
import { reconcileOnce } from '../../src/reconcile/reconcile-once.js';
import type { ReconcileResult } from '../../src/model/reconcile-result.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { snapshotOf } from '../helpers/builders.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';

let fleet: Fleet;
// the clusters' budgets and the simulator's latency run on one fake clock: a slow request moves it, no test waits
let clock: FakeClock = fakeClock();
const retryWaits: number[] = [];

const files = {
  'clusters.yaml': ['m1', 'm2', 'm3'].map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n'),
  'app.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {k: v}\n',
  'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n',
};

async function cycle(clusterTimeoutMs = 4000, concurrency = 3, probe = false, revision = 'rev1'): Promise<ReconcileResult> {
  const kubeconfig = fleet.kubeconfig();
  // a retry's wait is recorded and taken at once: the retry policy's timing is retry.test.ts's and apply-sim.test.ts's subject
  const sleeper = async (ms: number): Promise<void> => void retryWaits.push(ms);
  return reconcileOnce(snapshotOf(files, revision), (c, signal) => createKubeClient({ kubeconfig, context: c.context, cluster: c.name, signal, requestTimeoutMs: 1500, sleeper }), {
    dryRun: false, allowMassPrune: false, clusterTimeoutMs, concurrency, timeout: (ms) => clock.timeout(ms),
    ...(probe ? { probe: (c: { name: string; context?: string }) => (signal: AbortSignal) => memberProbe({ kubeconfig, context: c.context ?? c.name }).health(signal) } : {}),
  });
}

const status = (r: ReconcileResult) => Object.fromEntries(r.clusters.map((c) => [c.cluster, c.error ? 'error' : c.entries.some((e) => e.action === 'failed') ? 'failed' : 'ok']));

beforeAll(async () => {
  const delay = async (ms: number): Promise<void> => clock.advance(ms);
  fleet = await startFleet(['m1', 'm2', 'm3'].map((name) => ({ name })), { delay });
});

afterAll(async () => {
  await fleet?.stop();
});

describe('one cluster failing never holds back the others', () => {
  it('a down cluster and one answering 500 are reported; the slow one converges within its own time', async () => {
    await fleet.cluster('m1')?.faults.down();
    await fleet.cluster('m2')?.faults.set({ errorRate: 1, errorCodes: [500] });
    await fleet.cluster('m3')?.faults.set({ latencyMs: 150 });
    clock = fakeClock();
    retryWaits.length = 0;
    const r = await cycle();
    expect(status(r)).toEqual({ m1: 'error', m2: 'error', m3: 'ok' });
    expect(r.clusters.find((c) => c.cluster === 'm1')?.error?.message).toContain('m1');
    // the failing clusters were retried, and the cycle, the slow cluster's latency included, stayed within the bound
    expect(retryWaits.length).toBeGreaterThan(0);
    expect(clock.now()).toBeLessThan(4000 + 2000);
  });

  it('the failing clusters converge on the next run after they recover', async () => {
    await fleet.cluster('m1')?.faults.up();
    await fleet.cluster('m2')?.faults.reset();
    const r = await cycle();
    expect(status(r)).toEqual({ m1: 'ok', m2: 'ok', m3: 'ok' });
    for (const name of ['m1', 'm2']) {
      expect(r.clusters.find((c) => c.cluster === name)?.entries.find((e) => e.key === 'v1/ConfigMap/shop/c')?.action).toBe('created');
    }
    expect(r.clusters.find((c) => c.cluster === 'm3')?.entries.every((e) => e.action === 'unchanged')).toBe(true);
  });

  it('a cluster waiting for its turn is not timed out: its budget starts with its own work', async () => {
    // one cluster at a time, each taking most of the budget: the third starts long after the first began
    for (const c of fleet.clusters) await c.faults.set({ latencyMs: 100 });
    try {
      clock = fakeClock();
      const r = await cycle(1200, 1);
      // the cycle took longer than one budget on the fake clock, and no cluster ran out of time
      expect(clock.now()).toBeGreaterThan(1200);
      expect(status(r)).toEqual({ m1: 'ok', m2: 'ok', m3: 'ok' });
    } finally {
      for (const c of fleet.clusters) await c.faults.reset();
    }
  });

  it('--once probes each member once: one that does not answer is held, neither read, applied nor pruned', async () => {
    await cycle();
    const api = fleet.cluster('m1').api;
    const configMaps = () => JSON.stringify(api.list(api.resolve('', 'v1', 'configmaps')!, '', {}));
    const before = configMaps();
    const counted = fleet.cluster('m1').counters.snapshot().total;
    await fleet.cluster('m1').faults.down();
    try {
      // the reachable members are reconciled; the held one gets no request at all beyond its probe
      const r = await cycle(4000, 3, true, 'rev2');
      expect(status(r)).toEqual({ m1: 'error', m2: 'ok', m3: 'ok' });
      expect(r.clusters.find((c) => c.cluster === 'm1')?.error).toMatchObject({ code: 'ClusterUnreachable' });
      expect(r.clusters.find((c) => c.cluster === 'm1')?.error?.message).toContain('not touched: Ready Unknown');
      expect(fleet.cluster('m1').counters.snapshot().total).toBe(counted);
      expect(configMaps()).toBe(before);
    } finally {
      await fleet.cluster('m1').faults.up();
    }
  });
});
