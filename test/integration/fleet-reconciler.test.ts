import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { WatchingClient } from '../../src/kube/cluster-client.js';
import type { ClusterChangeSet } from '../../src/model/change-set.js';
import type { KubeObject } from '../../src/model/kube.js';
import type { CommitStatus, StatusReport, StatusReporter } from '../../src/model/drift.js';
import { createFleetReconciler, type FleetReconciler, type WatchConnect } from '../../src/reconcile/fleet-reconciler.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import type { ClusterMetrics } from '../../src/server/metrics.js';
import type { RequestRecord } from '../../src/kube/counted-client.js';

// The running reconciler against simulated clusters: passes per cluster, drift found on the watch event,
// newer commits replacing queued work, and a stale cache that never decides a prune. Nothing waits on a timer:
// each test awaits the reconciler's own events (a cluster's pass done) or gates it opens itself.

let fleet: Fleet;
let dir: string;
const running: FleetReconciler[] = [];

const clusters = ['m1', 'm2'].map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n');
const policy = 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}, {apiVersion: apps/v1, kind: Deployment}]\n';
const nsPolicy = 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ns}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]\n';
const web = (replicas: number, drift = 'correct') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop, annotations: {gitfed.io/drift: ${drift}}}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n`;
/** KEEP_REPLICAS keeps a member's own replica count (as an HPA's), the way Karmada's Retain scripts do. */
const KEEP_REPLICAS = `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata: {name: keep-replicas}
spec:
  target: {apiVersion: apps/v1, kind: Deployment}
  customizations:
    retention:
      luaScript: |
        function Retain(desired, observed)
          desired.spec.replicas = observed.spec.replicas
          return desired
        end
`;
const config = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: shop}\ndata: {k: v}\n`;

function commit(files: Record<string, string | null>): string {
  for (const [name, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, name));
    else writeFileSync(join(dir, name), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'change', '--allow-empty');
  return git('rev-parse', 'HEAD');
}

/** recorder keeps every status as posted, in order; until resolves once a context's latest status has a state. */
function recorder(): StatusReporter & { posted: CommitStatus[]; reports: StatusReport[]; last(context: string): CommitStatus | undefined; until(context: string, state: string): Promise<void> } {
  const posted: CommitStatus[] = [];
  const reports: StatusReport[] = [];
  const waiters: { context: string; state: string; resolve: () => void }[] = [];
  const last = (context: string) => posted.filter((s) => s.context === context).at(-1);
  const check = () => {
    for (const w of waiters.splice(0)) if (last(w.context)?.state === w.state) w.resolve(); else waiters.push(w);
  };
  return {
    name: 'recorder', posted, reports, last,
    async report(r) { reports.push(r); posted.push(...r.statuses); check(); },
    until: (context, state) => new Promise<void>((resolve) => {
      waiters.push({ context, state, resolve });
      check();
    }),
  };
}

interface Pass { cluster: string; revision: string | null; trigger: string; result: ClusterChangeSet }

/** start runs a reconciler whose passes the test can await; `wrap` may hold a cluster's client at a gate. */
function start(opts: { concurrency?: number; wrap?: (c: WatchingClient) => WatchingClient; sleeper?: (ms: number) => Promise<void>; metrics?: ClusterMetrics; slow?: () => Promise<void> } = {}) {
  const kubeconfig = fleet.kubeconfig();
  const passes: Pass[] = [];
  const waiters: { match: (p: Pass) => boolean; resolve: (p: Pass) => void }[] = [];
  const connect: WatchConnect = (c, signal) => {
    const client = createKubeClient({ kubeconfig, context: c.context, cluster: c.name, ...(signal ? { signal } : {}), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
    return signal && opts.wrap ? opts.wrap(client) : client;
  };
  const reporter = recorder();
  const reconciler = createFleetReconciler({
    source: { repo: dir }, connect, reporters: [reporter], ...(opts.metrics ? { metrics: opts.metrics } : {}),
    hooks: {
      onClusterDone: (p) => {
        passes.push(p);
        for (const w of waiters.splice(0)) if (w.match(p)) w.resolve(p); else waiters.push(w);
      },
    },
  }, {
    dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: opts.concurrency ?? 4, ...(opts.sleeper ? { observer: { sleeper: opts.sleeper } } : {}),
    // no pass turns slow unless the test says so: the pool is the subject of its own test
    sleeper: opts.slow ?? (() => new Promise<void>(() => undefined)),
  });
  running.push(reconciler);
  const pass = (match: (p: Pass) => boolean): Promise<Pass> => new Promise((resolve) => {
    const seen = passes.find(match);
    if (seen) resolve(seen);
    else waiters.push({ match, resolve });
  });
  return { reconciler, reporter, passes, pass };
}

const api = (name: string) => fleet.cluster(name).api;
const deployments = (name: string) => api(name).resolve('apps', 'v1', 'deployments')!;
const configMaps = (name: string) => api(name).resolve('', 'v1', 'configmaps')!;
const replicas = (name: string) => (api(name).get(deployments(name), 'shop', 'web') as unknown as { spec: { replicas: number } } | undefined)?.spec.replicas;
/** scale is a hand edit as `kubectl scale` makes it: another manager takes spec.replicas. */
const scale = (name: string, n: number) => api(name).patch(deployments(name), 'shop', 'web', 'application/merge-patch+json', JSON.stringify({ spec: { replicas: n } }), { manager: 'kubectl', dryRun: false });

beforeAll(async () => {
  // members with their controllers: a Deployment's status follows its spec, as it must for a cluster to be healthy
  fleet = await startWorkloadFleet(['m1', 'm2']);
});

afterEach(async () => {
  for (const r of running.splice(0)) await r.stop(10_000);
  for (const c of fleet.clusters) await c.faults.reset();
});

afterAll(async () => {
  await fleet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the running reconciler', () => {
  let sha: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitfed-fleet-'));
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    sha = commit({ 'clusters.yaml': clusters, 'policy.yaml': policy, 'ns-policy.yaml': nsPolicy, 'web.yaml': web(2), 'config.yaml': config('c1') });
  });

  it('applies a commit on every cluster and posts each cluster\'s status as its pass ends', async () => {
    const r = start();
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    expect(replicas('m1')).toBe(2);
    expect(replicas('m2')).toBe(2);
    // applied and in sync; success once the controllers report the rollout done (a status event, not a pass)
    for (const ctx of ['gitfed/m1', 'gitfed/m2', 'gitfed']) await r.reporter.until(ctx, 'success');
    // the first report says pending for every cluster before any pass
    expect(r.reporter.posted.find((s) => s.context === 'gitfed/m1')?.state).toBe('pending');
  });

  it('while it runs the inventory vouches for no object; a clean stop writes the digests back', async () => {
    sha = commit({ 'web.yaml': web(3) });
    const r = start();
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    expect(replicas('m1')).toBe(3);
    // were the process to die now, the next start would check every object rather than trust a digest
    for (const name of ['m1', 'm2']) expect(inventoryData(name)?.digests, name).toBeUndefined();
    await r.reconciler.stop(10_000);
    for (const name of ['m1', 'm2']) expect(JSON.parse(String(inventoryData(name)?.digests)), name).toEqual(JSON.parse(String(inventoryData(name)?.objects)).map(() => expect.any(String)));
  });

  it('an apply whose answer is lost leaves its object unvouched: a return to the old manifest is applied', async () => {
    sha = commit({ 'web.yaml': web(5) });
    const lost = loseAnswers('m1', (o) => o.kind === 'Deployment');
    const r = start({ wrap: lost.wrap });
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    // the digest to be tempted by is one recorded after an update, as every digest but a creation's is
    const before = commit({ 'web.yaml': web(2) });
    r.reconciler.trigger('webhook');
    await r.reconciler.idle();
    expect(replicas('m1')).toBe(2);
    lost.arm();
    const cut = commit({ 'web.yaml': web(4) });
    r.reconciler.trigger('webhook');
    const failed = await r.pass((p) => p.cluster === 'm1' && p.revision === cut);
    // the server took the apply; gitfed never heard so
    expect(failed.result.entries.find((e) => e.key === 'apps/v1/Deployment/shop/web')?.action).toBe('failed');
    expect(replicas('m1')).toBe(4);
    sha = commit({ 'web.yaml': web(2) });
    expect(sha).not.toBe(before);
    r.reconciler.trigger('webhook');
    await r.reconciler.idle();
    expect(replicas('m1')).toBe(2);
  });

  it('a hand edit in correct mode is undone on its watch event, with no new commit and no interval', async () => {
    const r = start();
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    const repaired = r.pass((p) => p.cluster === 'm1' && p.trigger === 'drift' && (p.result.drift?.objects.length ?? 0) > 0);
    scale('m1', 7);
    const p = await repaired;
    expect(p.result.drift?.objects.map((o) => o.subject)).toEqual(['Deployment/shop/web']);
    expect(p.result.entries.find((e) => e.subject === 'Deployment/shop/web')?.action).toBe('configured');
    expect(replicas('m1')).toBe(2);
    // m2 was not touched, and had no pass of its own for m1's event
    expect(r.passes.filter((x) => x.cluster === 'm2' && x.trigger === 'drift')).toEqual([]);
  });

  it('a hand edit in report mode is reported on its watch event and left as it is', async () => {
    sha = commit({ 'web.yaml': web(2, 'report') });
    const r = start();
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    const seen = r.pass((p) => p.cluster === 'm2' && p.trigger === 'drift' && (p.result.drift?.objects.length ?? 0) > 0);
    scale('m2', 5);
    await seen;
    await r.reconciler.idle();
    expect(replicas('m2')).toBe(5);
    const status = r.reporter.last('gitfed/m2');
    expect(status?.state).toBe('failure');
    expect(status?.description).toContain('Deployment/shop/web spec.replicas 2->5');
    expect(r.reporter.last('gitfed')?.state).toBe('failure');
    // put it back for the next tests
    sha = commit({ 'web.yaml': web(2) });
  });

  it('a field a Retain script keeps for the member: its hand edit runs a pass on the event, is no drift and stays', async () => {
    sha = commit({ 'ric.yaml': KEEP_REPLICAS });
    const r = start();
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    const passed = r.pass((p) => p.cluster === 'm1' && p.trigger === 'drift');
    scale('m1', 6);
    const p = await passed;
    expect(p.result.drift?.objects ?? []).toEqual([]);
    await r.reconciler.idle();
    expect(replicas('m1')).toBe(6);
    expect(r.reporter.last('gitfed/m1')?.state).toBe('success');
    // without the script the repository's count is applied again
    sha = commit({ 'ric.yaml': null });
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    expect(replicas('m1')).toBe(2);
  });

  it('a newer commit replaces the work a cluster had waiting; what ran finishes first', async () => {
    // one cluster at a time, and m1's pass held at a gate: m2 waits its turn while two commits arrive
    const gate = applyGate('m1');
    const r = start({ concurrency: 1, wrap: gate.wrap });
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    gate.hold();
    const first = commit({ 'web.yaml': web(3) });
    r.reconciler.trigger('webhook');
    await waitForRender(r.reconciler);
    const second = commit({ 'web.yaml': web(4) });
    r.reconciler.trigger('webhook');
    await waitForRender(r.reconciler);
    gate.open();
    await r.reconciler.idle();
    const revisions = (c: string) => r.passes.filter((p) => p.cluster === c && p.trigger !== 'drift').map((p) => p.revision);
    expect(revisions('m2')).toEqual([sha, second]);
    expect(revisions('m1')).toEqual([sha, first, second]);
    expect(replicas('m1')).toBe(4);
    expect(replicas('m2')).toBe(4);
    sha = second;
  });

  it('a pass that turns slow gives its place to the next cluster, and that cluster\'s next pass starts outside the pool', async () => {
    const gate = applyGate('m1');
    let turnSlow: () => void = () => undefined;
    const r = start({ concurrency: 1, wrap: gate.wrap, slow: () => new Promise<void>((resolve) => (turnSlow = resolve)) });
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    gate.hold();
    const next = commit({ 'web.yaml': web(5) });
    r.reconciler.trigger('webhook');
    await waitForRender(r.reconciler);
    // m1 holds the only place, so m2 waits; once m1's pass is found slow, m2 runs while m1 still waits
    expect(r.passes.filter((p) => p.revision === next)).toEqual([]);
    turnSlow();
    const m2 = await r.pass((p) => p.cluster === 'm2' && p.revision === next);
    expect(m2.result.error).toBeUndefined();
    expect(r.passes.some((p) => p.cluster === 'm1' && p.revision === next)).toBe(false);
    gate.open();
    await r.reconciler.idle();
    expect(replicas('m1')).toBe(5);
    // m1 is now known slow: its next pass does not take the place m2 needs
    gate.hold();
    const last = commit({ 'web.yaml': web(2) });
    r.reconciler.trigger('webhook');
    await r.pass((p) => p.cluster === 'm2' && p.revision === last);
    expect(r.passes.some((p) => p.cluster === 'm1' && p.revision === last)).toBe(false);
    gate.open();
    await r.reconciler.idle();
    sha = last;
  });
});

/** withApply is the client with its applies replaced, everything else passed through. */
function withApply(c: WatchingClient, apply: WatchingClient['apply']): WatchingClient {
  return {
    cluster: c.cluster, get: (ref) => c.get(ref), delete: (ref) => c.delete(ref), list: (v, k, o) => c.list(v, k, o),
    listVersioned: (v, k, o) => c.listVersioned(v, k, o), watch: (v, k, o, on) => c.watch(v, k, o, on), apply,
  };
}

/** applyGate holds one cluster's applies until the test opens the gate: hold() closes it, open() lets them through. */
function applyGate(cluster: string) {
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  const wrap = (c: WatchingClient): WatchingClient => (c.cluster !== cluster ? c : withApply(c, async (obj, o) => {
    await gate;
    return c.apply(obj, o);
  }));
  return {
    wrap,
    hold: () => { gate = new Promise<void>((resolve) => (open = resolve)); },
    open: () => open(),
  };
}

/** inventoryData is the data of a cluster's inventory ConfigMap as the server holds it. */
function inventoryData(name: string): Record<string, string> | undefined {
  return (api(name).get(configMaps(name), 'gitfed-system', 'gitfed-inventory') as { data?: Record<string, string> } | undefined)?.data;
}

/** loseAnswers lets one cluster's next apply of a matching object reach the server, then fails it as a lost answer would, once armed. */
function loseAnswers(cluster: string, match: (obj: KubeObject) => boolean) {
  let armed = false;
  const wrap = (c: WatchingClient): WatchingClient => (c.cluster !== cluster ? c : withApply(c, async (obj, o) => {
    const result = await c.apply(obj, o);
    if (!armed || o.dryRun || !match(obj)) return result;
    armed = false;
    throw new Error('socket hang up');
  }));
  return { wrap, arm: () => { armed = true; } };
}

/** counters records what the reconciler tells its metrics, and lets a test await a cache going stale or fresh. */
function counters() {
  const requests: RequestRecord[] = [];
  const stale = new Map<string, boolean>();
  const waiters: { match: () => boolean; resolve: () => void }[] = [];
  const check = () => { for (const w of waiters.splice(0)) if (w.match()) w.resolve(); else waiters.push(w); };
  const metrics: ClusterMetrics = {
    recordRequest: (r) => void requests.push(r),
    recordWatchRestart: () => undefined,
    recordRelist: () => undefined,
    setCacheStale: (cluster, kind, s) => { stale.set(`${cluster} ${kind}`, s); check(); },
    setQueueDepth: () => undefined,
    setClusterReady: () => undefined,
    setClusterTaints: () => undefined,
    observeCommitApplied: () => undefined,
    observeDriftStatus: () => undefined,
    forgetCluster: () => undefined,
  };
  const until = (match: () => boolean) => new Promise<void>((resolve) => (match() ? resolve() : waiters.push({ match, resolve })));
  const all = (cluster: string, want: boolean) => () => {
    const mine = [...stale].filter(([k]) => k.startsWith(`${cluster} `));
    return mine.length > 0 && mine.every(([, v]) => v === want);
  };
  return { metrics, requests, staleAll: (c: string) => until(all(c, true)), freshAll: (c: string) => until(all(c, false)) };
}

/** gate is a backoff sleeper that waits until the test opens it. */
function gate() {
  let open: () => void = () => undefined;
  let opened = new Promise<void>((resolve) => (open = resolve));
  return {
    sleeper: () => opened,
    open: () => { open(); opened = new Promise<void>((resolve) => (open = resolve)); },
  };
}

/**
 * brokenWatches starts a reconciler, lets it apply, then drops every connection of `cluster` and brings the
 * cluster back: its caches stay stale until the test opens the backoff gate.
 */
async function brokenWatches(cluster: string) {
  const backoff = gate();
  const c = counters();
  const r = start({ sleeper: backoff.sleeper, metrics: c.metrics });
  r.reconciler.trigger('start');
  await r.reconciler.idle();
  await c.freshAll(cluster);
  await fleet.cluster(cluster).faults.down();
  await c.staleAll(cluster);
  await fleet.cluster(cluster).faults.up();
  return { backoff, c, r };
}

describe('the running reconciler over broken watches', () => {
  beforeAll(() => {
    commit({ 'web.yaml': web(2), 'config.yaml': config('c1') });
  });

  it('a stale cache never decides a prune: what changed while its watch was down is read from the server', async () => {
    // m1's watches break and stay down (their backoff waits on the gate): its caches still hold gitfed's c1
    const { backoff, c, r } = await brokenWatches('m1');
    // meanwhile someone replaces c1 on m1 with an object of their own
    api('m1').delete(configMaps('m1'), 'shop', 'c1', { dryRun: false });
    api('m1').create(configMaps('m1'), 'shop', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1', namespace: 'shop' }, data: { theirs: 'yes' } }, { manager: 'someone', dryRun: false });
    const before = c.requests.length;
    commit({ 'config.yaml': null });
    r.reconciler.trigger('webhook');
    await r.reconciler.idle();
    const m1 = r.passes.filter((p) => p.cluster === 'm1').at(-1);
    expect(m1?.result.entries.find((e) => e.subject === 'ConfigMap/shop/c1')?.action).toBe('skipped');
    expect((api('m1').get(configMaps('m1'), 'shop', 'c1') as unknown as { data: Record<string, string> }).data).toEqual({ theirs: 'yes' });
    // the pass asked the server, not the stale cache
    expect(c.requests.slice(before).filter((q) => q.cluster === 'm1' && q.verb === 'get').length).toBeGreaterThan(0);
    // m2's watch never broke: its c1 is pruned
    expect(() => api('m2').get(configMaps('m2'), 'shop', 'c1')).toThrow(/not found/);
    backoff.open();
  });

  it('after a dropped connection the watch comes back, and a hand edit is again found on its event', async () => {
    const { backoff, c, r } = await brokenWatches('m2');
    backoff.open();
    await c.freshAll('m2');
    const repaired = r.pass((p) => p.cluster === 'm2' && p.trigger === 'drift' && (p.result.drift?.objects.length ?? 0) > 0);
    scale('m2', 9);
    await repaired;
    expect(replicas('m2')).toBe(2);
  });

  it('a restart lists each watched kind once and sends nothing for objects that are already right', async () => {
    const first = start();
    first.reconciler.trigger('start');
    await first.reconciler.idle();
    await first.reconciler.stop(10_000);
    const c = counters();
    const r = start({ metrics: c.metrics });
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    const verbs = (cluster: string) => c.requests.filter((q) => q.cluster === cluster).map((q) => q.verb);
    for (const cluster of ['m1', 'm2']) {
      const sent = verbs(cluster);
      expect(sent.filter((v) => v !== 'list' && v !== 'watch'), cluster).toEqual([]);
      // Namespace, ConfigMap (gitfed's and the inventory), Deployment; no policy reads capacity: no Node or Pod
      expect(sent.filter((v) => v === 'list').length, cluster).toBe(3);
    }
  });

  it('Nodes and Pods are watched only once a policy reads capacity', async () => {
    const c = counters();
    const r = start({ metrics: c.metrics });
    r.reconciler.trigger('start');
    await r.reconciler.idle();
    const lists = (cluster: string) => c.requests.filter((q) => q.cluster === cluster && q.verb === 'list').length;
    const before = ['m1', 'm2'].map(lists);
    const aggregated = `${policy}  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}\n`;
    commit({ 'policy.yaml': aggregated });
    r.reconciler.trigger('webhook');
    await r.reconciler.idle();
    // one list each of Nodes and Pods, then their watches
    expect(['m1', 'm2'].map(lists)).toEqual(before.map((n) => n + 2));
    commit({ 'policy.yaml': policy });
  });
});

/** waitForRender resolves once the reconciler's render loop has dispatched what it was asked (its queue may still run). */
async function waitForRender(r: FleetReconciler): Promise<void> {
  await r.rendered();
}
