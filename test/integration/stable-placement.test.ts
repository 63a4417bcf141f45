import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReconcile } from '../../src/cli/commands/reconcile.js';
import { kubeconfigFor, resolveSpecs, startSimFleet } from '../../src/cli/commands/sim.js';
import { readDirectorySnapshot } from '../../src/git/directory-source.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { Binding } from '../../src/model/plan.js';
import { livePlacement, liveCapacities, withCapacities, withLive, readLive } from '../../src/reconcile/reconcile-once.js';
import { renderSnapshot } from '../../src/render/index.js';
import { createFleetReconciler } from '../../src/reconcile/fleet-reconciler.js';
import type { Fleet } from '../../src/sim/fleet.js';

// The example's Aggregated cache (and a dynamic-weight workload added to a copy of it) run on simulated clusters
// whose controllers run a Pod per placed replica, counted against node allocatable. Once they run, their own pods must not make them move: the next
// render adds the replicas already placed back to each cluster's capacity and keeps the division steady, as
// Karmada does (karmada-semantics §4.4, §4.9).

const QUEUE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: queue, namespace: shop}
spec:
  replicas: 6
  selector: {matchLabels: {app: queue}}
  template:
    metadata: {labels: {app: queue}}
    spec:
      containers:
        - {name: queue, image: rabbitmq:3, resources: {requests: {cpu: 500m, memory: 1Gi}}}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: queue, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: queue}]
  placement:
    clusterAffinity: {labelSelector: {matchLabels: {env: prod}}}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference: {dynamicWeight: AvailableReplicas}
`;

let fleet: Fleet;
let dir: string;
let repo: string;
let kubeconfig: string;
const quiet = { stdout: () => undefined, stderr: () => undefined };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gitfed-stable-'));
  repo = join(dir, 'repo');
  cpSync('examples/policy-repo', repo, { recursive: true });
  mkdirSync(join(repo, 'apps/queue'));
  writeFileSync(join(repo, 'apps/queue/queue.yaml'), QUEUE);
  const specs = (await resolveSpecs(repo, quiet)) ?? [];
  fleet = await startSimFleet(specs, { statusDelayMs: 0 });
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(fleet, specs));
});

afterAll(async () => {
  await fleet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const reconcile = () => runReconcile({ repo, kubeconfig, once: true, format: 'table', clusterTimeout: '30', concurrency: '4', cacheDir: join(dir, 'cache') }, quiet);

/** podsOf counts the running pods of a workload on a cluster: the simulator's controllers run one per scheduled replica. */
function podsOf(cluster: string, app: string): number {
  const api = fleet.cluster(cluster).api;
  return api.list(api.resolve('', 'v1', 'pods')!, 'shop', {}).items.filter((p) => p.metadata.labels?.app === app && (p.status as { phase?: string } | undefined)?.phase === 'Running').length;
}

/** landed waits (event-loop turns, no clock) until every placed replica's pod runs, holding its requests on its node. */
async function landed(placement: Record<string, Record<string, number>>): Promise<void> {
  const done = () => Object.entries(placement).every(([app, on]) => Object.entries(on).every(([c, n]) => podsOf(c, app) === n));
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(Object.fromEntries(Object.entries(placement).map(([app, on]) => [app, Object.fromEntries(Object.keys(on).map((c) => [c, podsOf(c, app)]))]))).toEqual(placement);
}

const clients = () => new Map(fleet.clusters.map((c) => [c.name, createKubeClient({ kubeconfig: readFileSync(kubeconfig, 'utf8'), context: c.name, cluster: c.name })]));
const byApp = (bindings: Binding[], name: string): Record<string, number> =>
  Object.fromEntries((bindings.find((b) => b.resource === `apps/v1/Deployment/shop/${name}`)?.clusters ?? []).map((c) => [c.name, c.replicas ?? 0]));

describe('capacity-driven placement stays put once its pods run', () => {
  it('a second reconcile keeps cache (Aggregated) and queue (dynamic weights) where the first put them', async () => {
    expect(await reconcile()).toBe(0);
    const snapshot = await readDirectorySnapshot(repo);
    const live = await readLive(renderSnapshot(snapshot).catalog, clients());
    const placed = { cache: live.previous.get('apps/v1/Deployment/shop/cache'), queue: live.previous.get('apps/v1/Deployment/shop/queue') };
    // the first reconcile divided on the clusters' free capacity: cache 15/9 as the offline render does
    expect(Object.fromEntries(placed.cache ?? [])).toEqual({ 'aws-us-east': 15, 'gcp-europe': 9 });
    const queue = Object.fromEntries(placed.queue ?? []);
    expect(Object.values(queue).reduce((a, b) => a + b, 0)).toBe(6);
    await landed({ cache: { 'aws-us-east': 15, 'gcp-europe': 9 }, queue });

    // their pods now hold capacity: rendered afresh (no previous placement), cache no longer fits anywhere
    const capacities = await liveCapacities(renderSnapshot(snapshot).catalog, clients());
    const fresh = renderSnapshot(snapshot, (c) => withCapacities(c, capacities)).plan;
    expect(byApp(fresh.bindings, 'cache')).toEqual({});
    // with the placement added back, the same render keeps both where they are
    const again = await readLive(renderSnapshot(snapshot).catalog, clients());
    const steady = renderSnapshot(snapshot, (c) => withLive(c, again)).plan;
    expect(byApp(steady.bindings, 'cache')).toEqual({ 'aws-us-east': 15, 'gcp-europe': 9 });
    expect(byApp(steady.bindings, 'queue')).toEqual(queue);
    expect(steady.diagnostics.filter((d) => d.severity === 'warning')).toEqual([]);

    // and so does the next reconcile, cycle after cycle
    for (let cycle = 0; cycle < 2; cycle++) {
      expect(await reconcile()).toBe(0);
      const now = await livePlacement(renderSnapshot(snapshot).catalog, clients());
      expect(Object.fromEntries(now.get('apps/v1/Deployment/shop/cache') ?? [])).toEqual({ 'aws-us-east': 15, 'gcp-europe': 9 });
      expect(Object.fromEntries(now.get('apps/v1/Deployment/shop/queue') ?? [])).toEqual(queue);
    }
  });

  it('a running reconciler started on them (and rendering again) keeps them too: it reads what the clusters run', async () => {
    const snapshot = await readDirectorySnapshot(repo);
    const before = await livePlacement(renderSnapshot(snapshot).catalog, clients());
    const text = readFileSync(kubeconfig, 'utf8');
    let cycles = 0;
    let wake: () => void = () => undefined;
    const reconciler = createFleetReconciler({
      source: { repo }, reporters: [],
      connect: (c, signal) => createKubeClient({ kubeconfig: text, context: c.context, cluster: c.name, ...(signal ? { signal } : {}) }),
      hooks: { onCycleFinished: () => { cycles += 1; wake(); } },
    }, { dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: 4, sleeper: () => new Promise<void>(() => undefined) });
    const cycle = async (n: number) => {
      const done = new Promise<void>((r) => (wake = () => cycles >= n && r()));
      reconciler.trigger('start');
      await done;
      await reconciler.idle();
    };
    try {
      await cycle(1);
      await cycle(2);
    } finally {
      await reconciler.stop(10_000);
    }
    const after = await livePlacement(renderSnapshot(snapshot).catalog, clients());
    for (const key of ['apps/v1/Deployment/shop/cache', 'apps/v1/Deployment/shop/queue']) {
      expect(Object.fromEntries(after.get(key) ?? []), key).toEqual(Object.fromEntries(before.get(key) ?? []));
    }
    expect(Object.fromEntries(after.get('apps/v1/Deployment/shop/cache') ?? [])).toEqual({ 'aws-us-east': 15, 'gcp-europe': 9 });
  });
});
