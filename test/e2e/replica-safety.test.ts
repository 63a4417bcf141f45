import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replicasOf } from '../../src/cli/demo-world.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { runCli, runCliAsync, tempRepo } from '../helpers/cli.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';
import { startLoop, type LogRecord } from '../helpers/loop-process.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { sendPush } from '../helpers/webhooks.js';
import { webDeployment, clusterDocs } from '../helpers/builders.js';

const CLUSTERS = ['m1', 'm2', 'm3'];
const clusters = clusterDocs(CLUSTERS);
const app = webDeployment;
// m1 weighs 4, m2 2 and m3 1
const policy = (m1Weight = '4') => `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [m1]}, weight: ${m1Weight}}
          - {targetCluster: {clusterNames: [m2]}, weight: 2}
          - {targetCluster: {clusterNames: [m3]}, weight: 1}
`;
const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
const files = (replicas: string, m1Weight?: string) => ({ 'clusters.yaml': clusters, 'ns.yaml': NS, 'web.yaml': app(replicas), 'policy.yaml': policy(m1Weight) });

describe('gitfed render refuses replica numbers that would hang it or place nothing', () => {
  it.each<[string, Record<string, string>, string]>([
    ['spec.replicas 1e12 is an error with file:line', files('1e12'), 'web.yaml:5: spec.replicas: must be at most 2147483647, got 1000000000000'],
    ['2^53 replicas is an error', files('9007199254740993'), 'web.yaml:5: spec.replicas: must be at most 2147483647, got 9007199254740993'],
    ['a weight of 1e308 is an error', files('3', '1e308'), 'policy.yaml:11: spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight: must be at most 9007199254740991, got 1e+308'],
    ['negative replicas is an error, not an empty placement', files('-3'), 'web.yaml:5: spec.replicas: must be at least 0, got -3'],
    ["replicas '5' is an error", files('"5"'), 'web.yaml:5: spec.replicas: must be an integer, got string "5"'],
    ['replicas 1.5 is an error', files('1.5'), 'web.yaml:5: spec.replicas: must be an integer, got number 1.5'],
  ])('%s: exit 2, the message, nothing on stdout', (_name, repo, message) => {
    const r = runCli(['render', tempRepo(repo, 'gitfed-replicas-')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('dividing 2147483647 replicas over 3 clusters weighted 4:2:1 is exact', () => {
    const r = runCli(['render', tempRepo(files('2147483647'), 'gitfed-replicas-'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const binding = (JSON.parse(r.stdout) as { bindings: { resource: string; clusters: { name: string; replicas: number }[] }[] }).bindings.find((b) => b.resource === 'apps/v1/Deployment/shop/web');
    // 2147483647 = 7 × 306783378 + 1: shares 4k, 2k, k and the one left over goes to the largest weight
    expect(binding?.clusters).toEqual([{ name: 'm1', replicas: 1227133513 }, { name: 'm2', replicas: 613566756 }, { name: 'm3', replicas: 306783378 }]);
  });
});

describe('a commit with bad replica numbers changes nothing in the clusters', () => {
  let git: GitServer;
  let repo: WorkRepo;
  let fleet: Fleet;
  let kubeconfig: string;
  const work = mkdtempSync(join(tmpdir(), 'gitfed-replicas-'));
  const replicas = () => CLUSTERS.map((c) => replicasOf(fleet, c, 'shop', 'web'));
  const writes = () => fleet.clusters.reduce((n, c) => n + c.counters.snapshot().writes, 0);
  const once = () => runCliAsync(['reconcile', '--repo', git.urlOf('fleet'), '--kubeconfig', kubeconfig, '--once', '--cache-dir', join(work, 'cache')]);

  beforeAll(async () => {
    git = await startGitServer();
    repo = createRepo(git, 'fleet');
    repo.commit(files('7'));
    fleet = await startWorkloadFleet(CLUSTERS);
    kubeconfig = join(work, 'kubeconfig');
    writeFileSync(kubeconfig, fleet.kubeconfig());
    const first = await once();
    expect(first.code, first.stderr).toBe(0);
    expect(replicas()).toEqual([4, 2, 1]);
  });
  afterAll(async () => {
    await fleet?.stop();
    await git?.stop();
  });

  it('negative replicas is an error, not an empty placement: reconcile --once exits 2 and prunes nothing', async () => {
    for (const c of fleet.clusters) c.counters.reset();
    repo.commit({ 'web.yaml': app('-3') });
    const r = await once();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('web.yaml:5: spec.replicas: must be at least 0, got -3');
    expect(writes()).toBe(0);
    expect(replicas()).toEqual([4, 2, 1]);
  });

  it('spec.replicas 1e12 in the running loop: the cycle fails at once, /healthz answers, nothing changes and SIGTERM stops it', async () => {
    const loop = startLoop(['--repo', git.urlOf('fleet'), '--kubeconfig', kubeconfig, '--cache-dir', join(work, 'cache'), '--interval', '0', '--listen', '127.0.0.1:0'], { GITFED_WEBHOOK_SECRET: 'replica-secret' });
    const url = `http://127.0.0.1:${await loop.port()}`;
    const finished = (r: LogRecord) => r.msg === 'cycle finished';
    await loop.waitFor(finished);
    for (const c of fleet.clusters) c.counters.reset();
    const from = loop.records.length;
    const after = repo.commit({ 'web.yaml': app('1e12') });
    expect((await sendPush({ forge: 'github', url, secret: 'replica-secret', ref: 'refs/heads/main', after })).status).toBe(202);
    const failed = await loop.waitFor((r) => finished(r) && r.revision === after, 20_000, from);
    expect(failed.outcome).toBe('render-failed');
    expect(loop.records.slice(from).some((r) => String(r.diagnostic).includes('web.yaml:5: spec.replicas: must be at most 2147483647'))).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(writes()).toBe(0);
    expect(replicas()).toEqual([4, 2, 1]);
    expect(await loop.stop('SIGTERM'), loop.stderr()).toBe(0);
  });
});
