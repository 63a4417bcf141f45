import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromConfigMap } from '../../src/apply/inventory.js';
import { editReplicas, replicasOf } from '../../src/cli/demo-world.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';
import { startLoop, type LogRecord, type LoopProcess } from '../helpers/loop-process.js';
import { sendPush } from '../helpers/webhooks.js';
import { webDeployment, clusterDocs } from '../helpers/builders.js';

const SECRET = 'e2e-webhook-secret';
const CLUSTERS = ['m1', 'm2', 'm3'];
let git: GitServer;
let repo: WorkRepo;
let fleet: Fleet;
let kubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-loop-'));

const clusters = clusterDocs(CLUSTERS);
const app = webDeployment;
// m1 weighs 2, m2 and m3 1 each: 8 replicas are 4/2/2
const policy = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}, {apiVersion: v1, kind: ConfigMap}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [m1]}, weight: 2}
          - {targetCluster: {clusterNames: [m2, m3]}, weight: 1}
`;
const configMaps = (n: number) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: shop}\ndata: {k: v}\n`).join('---\n');

const managedConfigMaps = (cluster: string) => {
  const api = fleet.cluster(cluster).api;
  return api.list(api.resolve('', 'v1', 'configmaps')!, 'shop', { labelSelector: 'app.kubernetes.io/managed-by=gitfed' }).items.map((o) => `v1/ConfigMap/shop/${o.metadata.name as string}`);
};
const replicas = () => CLUSTERS.map((c) => replicasOf(fleet, c, 'shop', 'web'));
const started = (p: LoopProcess) => p.records.filter((r) => r.msg === 'cycle started').length;
const finished = (r: LogRecord) => r.msg === 'cycle finished';

/** until resolves once read() equals want, looking again at every change stored in the fleet; the timeout only guards a hang. */
function until<T>(read: () => T, want: T, timeoutMs = 20_000): Promise<void> {
  const matches = (): boolean => JSON.stringify(read()) === JSON.stringify(want);
  if (matches()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      for (const off of offs) off();
      clearTimeout(timer);
    };
    const offs = fleet.clusters.map((c) => c.api.onChange(() => {
      if (!matches()) return;
      stop();
      resolve();
    }));
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`still ${JSON.stringify(read())}, want ${JSON.stringify(want)}`));
    }, timeoutMs);
  });
}

/** hold, when set, is how long the simulator's latency fault lasts: until it resolves (never the clock) */
let hold: Promise<void> | undefined;

function loopArgs(...extra: string[]): string[] {
  return ['--repo', git.urlOf('fleet'), '--kubeconfig', kubeconfig, '--cache-dir', join(work, 'cache'), '--interval', '0', ...extra];
}

beforeAll(async () => {
  git = await startGitServer();
  repo = createRepo(git, 'fleet');
  repo.commit({ 'clusters.yaml': clusters, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'web.yaml': app(8), 'policy.yaml': policy, 'config.yaml': configMaps(1) });
  fleet = await startWorkloadFleet(CLUSTERS, { delay: () => hold ?? Promise.resolve() });
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

describe('gitfed reconcile --listen: push webhooks', () => {
  let loop: LoopProcess;
  let url: string;

  beforeAll(async () => {
    loop = startLoop(loopArgs('--listen', '127.0.0.1:0', '--webhook-max-body', 'github=64KiB'), { GITFED_WEBHOOK_SECRET: SECRET });
    url = `http://127.0.0.1:${await loop.port()}`;
    await loop.waitFor(finished);
  });
  afterAll(async () => {
    expect(await loop.stop()).toBe(0);
  });

  /**
   * settled resolves once the reconciler has logged its answer to one more, ignored, delivery. A delivery that
   * triggers starts the cycle (and logs `cycle started`) right after logging its own answer, so by then any
   * cycle an earlier delivery started is in the log: no need to wait and see.
   */
  async function settled(): Promise<void> {
    const from = loop.records.length;
    expect((await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/settled', after: 'f'.repeat(40) })).status).toBe(200);
    await loop.waitFor((r) => r.msg === 'webhook' && String(r.result).includes('refs/heads/settled'), 10_000, from);
  }

  it('reconciles at start, then serves /healthz, /readyz and /metrics', async () => {
    expect(replicas()).toEqual([4, 2, 2]);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('gitfed_cycles_total{outcome="applied"} 1');
    expect(metrics).toMatch(/gitfed_cluster_objects\{cluster="m1"\} 3/);
  });

  it('an unsigned or wrongly signed webhook gets 401 and changes nothing', async () => {
    const after = repo.commit({ 'web.yaml': app(12) });
    const before = started(loop);
    const push = { url, secret: SECRET, ref: 'refs/heads/main', after };
    const answers = await Promise.all([
      sendPush({ ...push, forge: 'github', tamper: 'drop-signature' }),
      sendPush({ ...push, forge: 'github', tamper: 'wrong-secret' }),
      sendPush({ ...push, forge: 'github', tamper: 'body' }),
      sendPush({ ...push, forge: 'gitlab', tamper: 'wrong-secret' }),
      sendPush({ ...push, forge: 'gitea', tamper: 'drop-signature' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    await settled();
    expect(started(loop)).toBe(before);
    expect(replicas()).toEqual([4, 2, 2]);
  });

  it('a push to another branch is acknowledged and ignored', async () => {
    const before = started(loop);
    const answer = await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/feature', after: 'a'.repeat(40) });
    expect(answer.status).toBe(200);
    await settled();
    expect(started(loop)).toBe(before);
  });

  it('a delivery over --webhook-max-body gets 413 from its Content-Length, before its signature or body is read', async () => {
    const headers = { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'too-big', 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` };
    const res = await fetch(`${url}/hooks/github`, { method: 'POST', headers, body: Buffer.alloc(64 * 1024 + 1, 0x20) });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('payload too large: github deliveries are read up to 65536 bytes\n');
  });

  it('a push followed by a signed webhook gets the change applied to every cluster', async () => {
    const t0 = Date.now();
    const after = repo.commit({ 'web.yaml': app(16) });
    const answer = await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after });
    expect(answer.status).toBe(202);
    await until(replicas, [8, 4, 4]);
    const latency = Date.now() - t0;
    const cycle = await loop.waitFor((r) => finished(r) && r.revision === after);
    console.log(`push + webhook -> applied on 3 clusters: ${latency} ms (cycle ${(Number(cycle.seconds) * 1000).toFixed(0)} ms)`);
    expect(loop.records.some((r) => r.msg === 'cycle started' && JSON.stringify(r.trigger) === '["webhook"]')).toBe(true);
  });

  it.each(['gitlab', 'gitea'] as const)('a signed %s push triggers a cycle too', async (forge) => {
    const from = loop.records.length;
    const answer = await sendPush({ forge, url, secret: SECRET, ref: 'refs/heads/main', after: repo.git(['rev-parse', 'HEAD']) });
    expect(answer.status).toBe(202);
    await loop.waitFor(finished, 20_000, from);
  });

  it('metrics count the cycles, the webhooks and the applied revision', async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('gitfed_webhook_deliveries_total{forge="github",status="401"} 3');
    expect(metrics).toContain('gitfed_webhook_deliveries_total{forge="github",status="202"} 1');
    expect(metrics).toContain(`gitfed_last_applied_revision{revision="${repo.git(['rev-parse', 'HEAD'])}"} 1`);
    expect(metrics).toMatch(/gitfed_cycles_total\{outcome="applied"\} [4-9]/);
  });

  it('metrics say per cluster what was sent, what is watched, and how long a commit took to land', async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    for (const cluster of ['m1', 'm2', 'm3']) {
      expect(metrics).toMatch(new RegExp(`gitfed_cluster_requests_total\\{cluster="${cluster}",verb="list",outcome="ok"\\} [1-9]`));
      expect(metrics).toMatch(new RegExp(`gitfed_cluster_requests_total\\{cluster="${cluster}",verb="watch",outcome="ok"\\} [1-9]`));
      expect(metrics).toContain(`gitfed_cache_stale{cluster="${cluster}",kind="apps/v1/Deployment"} 0`);
      expect(metrics).toMatch(new RegExp(`gitfed_commit_applied_seconds_count\\{cluster="${cluster}"\\} [1-9]`));
      expect(metrics).toContain(`gitfed_cluster_queue_depth{cluster="${cluster}"} 0`);
    }
  });
});

describe('gitfed reconcile on a local repository: new commits', () => {
  let loop: LoopProcess;

  beforeAll(async () => {
    // the work clone of the same repository the remote reconciler used: it keeps that reconciler's owner
    loop = startLoop(['--repo', repo.dir, '--kubeconfig', kubeconfig, '--interval', '0', '--owner', git.urlOf('fleet')]);
    await loop.waitFor(finished);
  });
  afterAll(async () => {
    expect(await loop.stop()).toBe(0);
  });

  it('a new commit is reconciled by the watcher, without any webhook', async () => {
    const from = loop.records.length;
    repo.commit({ 'web.yaml': app(20) });
    await until(replicas, [10, 5, 5]);
    await loop.waitFor((r) => r.msg === 'cycle started' && (r.trigger as string[]).includes('watch'), 20_000, from);
  });
});

describe('gitfed reconcile --schedule', () => {
  let loop: LoopProcess;

  beforeAll(async () => {
    // a remote repository and no --listen: after the start, the schedule is the only trigger
    loop = startLoop(loopArgs('--schedule', '*/2 * * * * *'));
    await loop.waitFor(finished);
  });
  afterAll(async () => {
    expect(await loop.stop()).toBe(0);
  });

  it('a hand edit is repaired on its watch event, not at the next scheduled cycle', async () => {
    const from = loop.records.length;
    editReplicas(fleet, 'm1', 'shop', 'web', 99);
    await until(() => replicasOf(fleet, 'm1', 'shop', 'web'), 10);
    const repaired = await loop.waitFor((r) => r.msg === 'cluster reconciled' && r.cluster === 'm1' && r.drifted === 1, 20_000, from);
    expect(repaired.trigger).toBe('drift');
  });

  it('the schedule keeps running full cycles over every cluster', async () => {
    const from = loop.records.length;
    const cycle = await loop.waitFor((r) => r.msg === 'cycle started', 20_000, from);
    expect(cycle.trigger).toEqual(['schedule']);
    const done = await loop.waitFor(finished, 20_000, from);
    expect((done.clusters as { cluster: string }[]).map((c) => c.cluster)).toEqual(['m1', 'm2', 'm3']);
  });
});

describe('SIGTERM during a cycle', () => {
  it('lets the cycle finish, exits 0, and leaves every inventory listing every object gitfed wrote', async () => {
    const loop = startLoop(loopArgs('--listen', '127.0.0.1:0'), { GITFED_WEBHOOK_SECRET: SECRET });
    const url = `http://127.0.0.1:${await loop.port()}`;
    await loop.waitFor(finished);
    // every request now goes through the latency fault, which the test can hold
    for (const c of fleet.clusters) await c.faults.set({ latencyMs: 60 });
    let release: () => void = () => undefined;
    try {
      // stop once the apply has begun writing the new objects, and before it is done: the first new object on m1
      // holds every request that comes after it, so the cycle cannot finish before the stop is under way
      const applied = () => managedConfigMaps('m1').length;
      const m1 = fleet.cluster('m1').api;
      const holding = new Promise<void>((resolve) => {
        const off = m1.onChange(() => {
          if (applied() < 2) return;
          off();
          hold = new Promise((r) => (release = r));
          resolve();
        });
      });
      const after = repo.commit({ 'config.yaml': configMaps(12) });
      const from = loop.records.length;
      expect((await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after })).status).toBe(202);
      await loop.waitFor((r) => r.msg === 'cycle started', 10_000, from);
      await holding;
      expect(applied()).toBeLessThan(12);
      const exited = loop.stop('SIGTERM');
      await loop.waitFor((r) => r.msg === 'stopping: the current cycle finishes first', 10_000, from);
      hold = undefined;
      release();
      const code = await exited;
      expect(code, loop.stderr()).toBe(0);
      const msgs = loop.records.slice(from).map((r) => r.msg);
      // the stop came in the middle of the cycle, which then finished
      expect(msgs.indexOf('stopping: the current cycle finishes first')).toBeLessThan(msgs.indexOf('cycle finished'));
      expect(msgs.at(-1)).toBe('stopped');
    } finally {
      hold = undefined;
      release();
      for (const c of fleet.clusters) await c.faults.reset();
    }
    for (const c of fleet.clusters) {
      const inventory = fromConfigMap(c.api.get(c.api.resolve('', 'v1', 'configmaps')!, 'gitfed-system', 'gitfed-inventory'));
      const managed = managedConfigMaps(c.name);
      expect(managed).toHaveLength(12);
      for (const key of managed) expect(inventory.keys, `${c.name}: ${key}`).toContain(key);
    }
  });
});
