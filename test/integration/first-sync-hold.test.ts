import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { WatchingClient } from '../../src/kube/cluster-client.js';
import type { RequestRecord } from '../../src/kube/counted-client.js';
import type { ClusterChangeSet } from '../../src/model/change-set.js';
import type { KubeObject } from '../../src/model/kube.js';
import { observeCluster } from '../../src/observe/cluster-observer.js';
import { runPass, type WorkItem } from '../../src/reconcile/cluster-pass.js';
import type { CommitStatus, StatusReporter } from '../../src/model/drift.js';
import { createFleetReconciler, type FleetReconciler, type WatchConnect } from '../../src/reconcile/fleet-reconciler.js';
import type { ClusterMetrics } from '../../src/server/metrics.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// A cluster's first pass that creates most of a kind puts that kind's watch off until the pass ends, then lists
// it again and watches from there: the watch would otherwise bring back every object the pass writes. What others
// changed meanwhile is still found, and a controller's status is no drift. Each test awaits the reconciler's events.

const DEPLOYMENTS = 10;
let fleet: Fleet;
let dir: string;
const running: FleetReconciler[] = [];

const repo: Record<string, string> = {
  'clusters.yaml': 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\n',
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'ns-policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ns}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]\n',
  'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}, {apiVersion: apps/v1, kind: Deployment}]\n',
  'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c1, namespace: shop}\ndata: {k: v}\n',
  ...Object.fromEntries(Array.from({ length: DEPLOYMENTS }, (_, i) => [`web-${i}.yaml`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-${i}, namespace: shop, annotations: {gitfed.io/drift: correct}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web-${i}}}\n  template:\n    metadata: {labels: {app: web-${i}}}\n    spec: {containers: [{name: web, image: nginx}]}\n`])),
};

interface Pass { cluster: string; trigger: string; result: ClusterChangeSet }

/** start runs a reconciler that records its requests, passes and statuses; `afterApply` runs after each apply of a pass. */
function start(afterApply: (kind: string, name: string) => void = () => undefined) {
  const requests: RequestRecord[] = [];
  const passes: Pass[] = [];
  const posted: CommitStatus[] = [];
  const kubeconfig = fleet.kubeconfig();
  const connect: WatchConnect = (c, signal) => {
    const client = createKubeClient({ kubeconfig, context: c.context, cluster: c.name, ...(signal ? { signal } : {}), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    return signal ? observedApplies(client, afterApply) : client;
  };
  const settled: (() => void)[] = [];
  const reporter: StatusReporter = {
    name: 'recorder',
    report: async (r) => {
      posted.push(...r.statuses);
      if (r.statuses.some((st) => st.context === 'gitfed/m1' && st.state === 'success')) for (const done of settled.splice(0)) done();
    },
  };
  const succeeded = (): Promise<void> => (posted.filter((st) => st.context === 'gitfed/m1').at(-1)?.state === 'success' ? Promise.resolve() : new Promise((resolve) => void settled.push(resolve)));
  const metrics = { recordRequest: (r: RequestRecord) => void requests.push(r) } as unknown as ClusterMetrics;
  for (const k of ['recordWatchRestart', 'recordRelist', 'setCacheStale', 'setQueueDepth', 'setClusterReady', 'setClusterTaints', 'observeCommitApplied', 'observeDriftStatus', 'forgetCluster']) (metrics as unknown as Record<string, () => void>)[k] = () => undefined;
  const waiters: { match: (p: Pass) => boolean; resolve: () => void }[] = [];
  const onClusterDone = (p: Pass): void => {
    passes.push(p);
    for (const w of waiters.splice(0)) if (w.match(p)) w.resolve(); else waiters.push(w);
  };
  const pass = (match: (p: Pass) => boolean): Promise<void> => new Promise((resolve) => waiters.push({ match, resolve }));
  const reconciler = createFleetReconciler({ source: { repo: dir }, connect, reporters: [reporter], metrics, hooks: { onClusterDone } }, {
    dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: 2, sleeper: () => new Promise<void>(() => undefined),
  });
  running.push(reconciler);
  return { reconciler, requests, passes, succeeded, pass };
}

/** observedApplies wraps a pass's client: `then` runs once each apply (not a dry run) is answered. */
function observedApplies(c: WatchingClient, then: (kind: string, name: string) => void): WatchingClient {
  return {
    cluster: c.cluster, get: (ref) => c.get(ref), delete: (ref) => c.delete(ref), list: (v, k, o) => c.list(v, k, o),
    listVersioned: (v, k, o) => c.listVersioned(v, k, o), watch: (v, k, o, on) => c.watch(v, k, o, on),
    apply: async (obj, o) => {
      const result = await c.apply(obj, o);
      if (!o.dryRun) then(obj.kind, obj.metadata.name);
      return result;
    },
  };
}

const api = () => fleet.cluster('m1').api;
const deployment = (name: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'gitfed' } },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
});
const deployments = () => api().resolve('apps', 'v1', 'deployments')!;
const replicas = (name: string) => (api().get(deployments(), 'shop', name) as unknown as { spec: { replicas: number } }).spec.replicas;
const scale = (name: string, n: number) => api().patch(deployments(), 'shop', name, 'application/merge-patch+json', JSON.stringify({ spec: { replicas: n } }), { manager: 'kubectl', dryRun: false });

beforeAll(async () => {
  fleet = await startWorkloadFleet(['m1']);
});

afterAll(async () => {
  await fleet?.stop();
});

describe('a first sync puts the watch of a kind it creates off until its pass ends', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitfed-first-sync-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    for (const [name, text] of Object.entries(repo)) writeFileSync(join(dir, name), text);
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'first');
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the watch of the kind it created after its last write, and the status settles with no second pass', async () => {
    const r = start();
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    const verbs = r.requests.map((q) => q.verb);
    const lastWrite = verbs.lastIndexOf('apply');
    // Namespace and ConfigMap (one planned object each, and the inventory) watch at once; Deployment after the pass
    expect(verbs.filter((v) => v === 'watch')).toHaveLength(3);
    expect(verbs.slice(0, lastWrite).filter((v) => v === 'watch')).toHaveLength(2);
    expect(verbs.slice(lastWrite)).toEqual(['apply', 'list', 'watch']);
    for (let i = 0; i < DEPLOYMENTS; i++) expect(replicas(`web-${i}`)).toBe(2);
    // the controllers' status, written while the watch was off, is no change of gitfed's fields: no drift pass
    await r.succeeded();
    expect(r.passes.map((p) => p.trigger)).toEqual(['start']);
    // the watch opened from the new list follows the cluster: a hand edit now is corrected on its event
    const repaired = r.pass((p) => p.trigger === 'drift');
    scale('web-3', 9);
    await repaired;
    expect(replicas('web-3')).toBe(2);
  });

  it('a hand edit made during that pass is found once the watch opens, and corrected', async () => {
    for (let i = 0; i < DEPLOYMENTS; i++) if (api().get(deployments(), 'shop', `web-${i}`)) api().delete(deployments(), 'shop', `web-${i}`, { dryRun: false });
    // someone scales web-0 as soon as the pass created the last Deployment, before the pass ends
    const r = start((kind, name) => { if (kind === 'Deployment' && name === `web-${DEPLOYMENTS - 1}`) scale('web-0', 7); });
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    expect(r.passes.map((p) => p.trigger)).toEqual(['start', 'drift']);
    expect(r.passes[1]?.result.drift?.objects.map((o) => o.subject)).toEqual(['Deployment/shop/web-0']);
    expect(replicas('web-0')).toBe(2);
  });
});

describe('a pass hears when its writes are over', () => {
  it('before the kinds held for it list again, so that its place in the pool can go to the next cluster', async () => {
    for (const d of api().list(deployments(), 'shop', {}).items) api().delete(deployments(), 'shop', d.metadata.name, { dryRun: false });
    const events: string[] = [];
    const client = createKubeClient({ kubeconfig: fleet.kubeconfig(), context: 'm1', cluster: 'm1', retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    const heard: WatchingClient = { ...client, cluster: 'm1', listVersioned: (v, k, o) => {
      events.push(`list ${k}`);
      return client.listVersioned(v, k, o);
    } };
    const observer = observeCluster(heard);
    try {
      const shop: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'app.kubernetes.io/managed-by': 'gitfed' } } };
      const objects = [shop, ...Array.from({ length: DEPLOYMENTS }, (_, i) => deployment(`web-${i}`))];
      const item: WorkItem = { wave: 1, revision: 'r1', objects, keep: [], driftMode: 'correct', settingsFor: async () => ({ allowMassPrune: false }), seenAt: 0, trigger: 'start' };
      const result = await runPass(client, observer, item, { dryRun: false, allowMassPrune: false }, undefined, () => events.push('written'));
      expect(result.error).toBeUndefined();
      // the Deployments were listed before the pass and held; their second list comes after the pass said it was done
      expect(events.filter((e) => e === 'written' || e === 'list Deployment')).toEqual(['list Deployment', 'written', 'list Deployment']);
    } finally {
      observer.stop();
    }
  });
});

afterEach(async () => {
  for (const r of running.splice(0)) await r.stop(10_000);
});
