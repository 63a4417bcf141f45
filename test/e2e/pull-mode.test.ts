import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClusters } from '../../src/cli/commands/clusters.js';
import { cycleOf } from '../../src/cli/commands/reconcile.js';
import { runCycle } from '../../src/reconcile/cycle.js';
import { renderKubeconfig, type Fleet } from '../../src/sim/fleet.js';
import { CLI, runCliAsync } from '../helpers/cli.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';
import { webDeployment } from '../helpers/builders.js';
import { startCapacityFleet } from '../helpers/pull-fleet.js';

// A mixed fleet from one repository: m1 and m2 pushed to by `gitfed reconcile`, m3 (spec.syncMode: Pull) driven by a
// `gitfed agent` process. The push side holds no credentials of m3 and makes no request to it; what it knows of m3
// (health, capacity, what it runs) comes through Git, from the agent's report.

let git: GitServer;
let repo: WorkRepo;
let fleet: Fleet;
let pushKubeconfig: string;
let agentKubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-pull-'));

const DECLARED = '  resourceSummary: {allocatable: {cpu: "16", memory: 64Gi, pods: "110"}}\n';
const clusters = ['m1', 'm2', 'm3'].map((name) => `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: ${name}}
spec: {syncMode: ${name === 'm3' ? 'Pull' : 'Push'}}
status:
${DECLARED}`).join('---\n');
const webPolicy = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}, {apiVersion: v1, kind: ConfigMap}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList: [{targetCluster: {clusterNames: [m1, m2, m3]}, weight: 1}]
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: ns}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]
`;
const api = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 12
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api:1, resources: {requests: {cpu: "1"}}}]}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: api, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: api}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference: {dynamicWeight: AvailableReplicas}
`;

const gitfed = (...args: string[]) => runCliAsync(args);

const agentOnce = () => gitfed('agent', '--repo', git.urlOf('fleet'), '--cluster', 'm3', '--kubeconfig', agentKubeconfig, '--once', '--cache-dir', join(work, 'agent-cache'));
const pushOnce = (...extra: string[]) => gitfed('reconcile', '--repo', git.urlOf('fleet'), '--kubeconfig', pushKubeconfig, '--once', '--cache-dir', join(work, 'push-cache'), ...extra);
const replicasOn = (cluster: string, name: string) => {
  const a = fleet.cluster(cluster).api;
  return (a.get(a.resolve('apps', 'v1', 'deployments')!, 'shop', name).spec as { replicas: number }).replicas;
};
const lastReport = () => JSON.parse(execFileSync('git', ['show', 'refs/gitfed/clusters/m3:status.json'], { cwd: join(git.root, 'fleet.git'), encoding: 'utf8' })) as { observedAt: string };
const requestsTo = (cluster: string) => fleet.cluster(cluster).counters.snapshot().total;

beforeAll(async () => {
  git = await startGitServer();
  repo = createRepo(git, 'fleet');
  fleet = await startCapacityFleet([{ name: 'm1' }, { name: 'm2' }, { name: 'm3', capacity: { cpu: '4', memory: '16Gi', pods: 110 } }]);
  // the push side's kubeconfig has no context for m3: it could not reach it if it tried
  pushKubeconfig = join(work, 'push.kubeconfig');
  writeFileSync(pushKubeconfig, renderKubeconfig(fleet.clusters.filter((c) => c.name !== 'm3'), fleet.caPem));
  agentKubeconfig = join(work, 'agent.kubeconfig');
  writeFileSync(agentKubeconfig, renderKubeconfig([fleet.cluster('m3')], fleet.caPem));
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

describe('pull mode: one repository, two pushed members and one with its agent', { timeout: 120_000 }, () => {
  it('a commit reaches all three; the push reconciler makes no request to the pull member', async () => {
    const sha = repo.commit({ 'clusters.yaml': clusters, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'web.yaml': webDeployment(6), 'policy.yaml': webPolicy, 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k: v}\n' });
    const agent = await agentOnce();
    expect(agent.code, agent.stderr + agent.stdout).toBe(0);
    expect(agent.stdout).toContain(`m3: success at ${sha.slice(0, 7)}`);
    fleet.cluster('m3').counters.reset();
    const push = await pushOnce();
    expect(push.code, push.stderr + push.stdout).toBe(0);
    expect(push.stdout).toMatch(/m3: pull mode, reported by its agent \d+ s ago: success, revision [0-9a-f]{7}/);
    expect(requestsTo('m3')).toBe(0);
    expect(['m1', 'm2', 'm3'].map((c) => replicasOn(c, 'web'))).toEqual([2, 2, 2]);
  });

  it('the agent\'s capacity report reaches the push side through Git and changes a dynamic-weight division', async () => {
    repo.commit({ 'api.yaml': api });
    // offline, from the repository's declared capacity (16 CPUs each), the division is even
    const offline = JSON.parse((await gitfed('render', repo.dir, '--format', 'json')).stdout) as { bindings: { resource: string; clusters: { name: string; replicas: number }[] }[] };
    expect(offline.bindings.find((b) => b.resource === 'apps/v1/Deployment/shop/api')?.clusters.map((c) => c.replicas)).toEqual([4, 4, 4]);
    expect((await agentOnce()).code).toBe(0);
    fleet.cluster('m3').counters.reset();
    const push = await pushOnce();
    expect(push.code, push.stderr + push.stdout).toBe(0);
    // m3 has 4 CPUs (its agent says so): 12 replicas divided 16:16:4, and the agent divided from the same figures
    const live = ['m1', 'm2', 'm3'].map((c) => replicasOn(c, 'api'));
    expect(live[0]! + live[1]!).toBe(11);
    expect(live[2]).toBe(1);
    expect(requestsTo('m3')).toBe(0);
    // gitfed plan reads the reports of a repository that holds them (here the served one): it plans what reconcile does
    const plan = await gitfed('plan', join(git.root, 'fleet.git'), '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');
    const diff = JSON.parse(plan.stdout) as { clusters: { cluster: string; changes: { key: string; diff: string }[] }[] };
    const apiOn = (c: string) => diff.clusters.find((x) => x.cluster === c)?.changes.find((x) => x.key === 'apps/v1/Deployment/shop/api')?.diff ?? '';
    expect(apiOn('m3')).toContain('+  replicas: 1');
  });

  it('gitfed status sums READY over push and pull members: the pull member\'s copies come from its agent\'s report', async () => {
    fleet.cluster('m3').counters.reset();
    const status = await gitfed('status', '--repo', git.urlOf('fleet'), '--kubeconfig', pushKubeconfig, '--cache-dir', join(work, 'push-cache'), '--format', 'json');
    expect(status.code, status.stderr + status.stdout).toBe(0);
    const report = JSON.parse(status.stdout) as { resources: { resource: string; ready?: number; desired?: number; status: string; members: { cluster: string; ready?: number; status: string; message: string }[] }[]; clusters: { cluster: string; error?: unknown }[] };
    const apiStatus = report.resources.find((r) => r.resource === 'apps/v1/Deployment/shop/api');
    expect(apiStatus).toMatchObject({ ready: 12, desired: 12, status: 'Current' });
    const m3 = apiStatus?.members.find((m) => m.cluster === 'm3');
    expect(m3).toMatchObject({ ready: 1, status: 'Current' });
    expect(m3?.message).toMatch(/reported \d+ s ago$/);
    expect(report.clusters.find((c) => c.cluster === 'm3')?.error).toBeUndefined();
    expect(requestsTo('m3')).toBe(0);
  });

  it('the agent stopped: after the threshold its member is Ready Unknown, and once the NoExecute toleration runs out failover moves its replicas', async () => {
    // the clock the push side reads is 95 s past the agent's last report
    const later = Date.parse(lastReport().observedAt) + 95_000;
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => undefined };
    await runClusters({ repo: git.urlOf('fleet'), kubeconfig: pushKubeconfig, format: 'table', cacheDir: join(work, 'push-cache'), clusterTimeout: '10', concurrency: '4' }, io, () => later);
    expect(out).toMatch(/m3\s+Unknown/);
    expect(out).toContain('m3: ClusterStatusUnknown: agent report is 95 s old');
    expect(out).toContain('cluster.karmada.io/unreachable:NoSchedule');
    // the push side's cycles: at 95 s m3 is NoSchedule-tainted, its replicas stay (NoExecute is tolerated 300 s);
    // past 60 + 300 s they go to m1 and m2
    const { deps, options } = await cycleOf({ repo: git.urlOf('fleet'), kubeconfig: pushKubeconfig, format: 'table', cacheDir: join(work, 'push-cache'), clusterTimeout: '10', concurrency: '4' });
    const soon = await runCycle(deps, { ...options, now: () => later });
    expect(soon.pulled?.[0]?.condition).toMatchObject({ status: 'Unknown', reason: 'ClusterStatusUnknown' });
    expect(replicasOn('m1', 'api') + replicasOn('m2', 'api')).toBe(11);
    await runCycle(deps, { ...options, now: () => later + 300_000 });
    expect(replicasOn('m1', 'api') + replicasOn('m2', 'api')).toBe(12);
    expect(requestsTo('m3')).toBe(0);
  });

  it('the agent as a long-running process: ready after its first pass, stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'agent', '--repo', git.urlOf('fleet'), '--cluster', 'm3', '--kubeconfig', agentKubeconfig, '--interval', '1h', '--listen', '127.0.0.1:0', '--cache-dir', join(work, 'agent-cache')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    let port = 0;
    for await (const line of lines) {
      const record = JSON.parse(line) as { msg: string; port?: number };
      if (record.msg === 'listening') port = record.port ?? 0;
      if (record.msg === 'pass finished') break;
    }
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
