import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { CLI } from '../helpers/cli.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';
import { webDeployment } from '../helpers/builders.js';

const run = promisify(execFile);
let git: GitServer;
let repo: WorkRepo;
let fleet: Fleet;
let kubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-reconcile-'));

const clusters = ['m1', 'm2', 'm3'].map((name, i) => `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: ${name}, labels: {region: ${i === 2 ? 'eu' : 'us'}}}
spec: {region: ${i === 2 ? 'eu' : 'us'}}
`).join('---\n');

const app = webDeployment;

const policy = (weightM1: number) => `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}, {apiVersion: v1, kind: ConfigMap}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [m1]}, weight: ${weightM1}}
          - {targetCluster: {clusterNames: [m2, m3]}, weight: 1}
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: eu-registry}
spec:
  overrideRules:
    - targetCluster: {fieldSelector: {matchExpressions: [{key: region, operator: In, values: [eu]}]}}
      overriders:
        imageOverrider: [{component: Registry, operator: replace, value: eu.example.com}]
`;

const configMaps = (names: string[]) => names.map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}, namespace: shop}\ndata: {k: v}\n`).join('---\n');

async function reconcile(...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [CLI, 'reconcile', '--repo', git.urlOf('fleet'), '--kubeconfig', kubeconfig, '--once', '--cache-dir', join(work, 'cache'), ...extra];
  try {
    const r = await run(process.execPath, args, { encoding: 'utf8' });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Result { outcome: string; clusters: { cluster: string; entries: { key: string; action: string }[]; heldBack?: { keys: string[] } }[] }
const actions = (r: Result, cluster: string) => Object.fromEntries(r.clusters.find((c) => c.cluster === cluster)?.entries.map((e) => [e.key, e.action]) ?? []);
const replicasOn = async (name: string) => (fleet.cluster(name)?.api.get(fleet.cluster(name)!.api.resolve('apps', 'v1', 'deployments')!, 'shop', 'web').spec as { replicas: number }).replicas;
const writes = () => fleet.clusters.reduce((n, c) => n + c.counters.snapshot().writes, 0);

beforeAll(async () => {
  git = await startGitServer();
  repo = createRepo(git, 'fleet');
  repo.commit({ 'clusters.yaml': clusters, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'web.yaml': app(8), 'policy.yaml': policy(2), 'config.yaml': configMaps(['a', 'b']) });
  fleet = await startWorkloadFleet(['m1', 'm2', 'm3']);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

describe('gitfed reconcile --once against a git server and three simulated clusters', () => {
  it('the first reconcile creates everything with the rendered replicas and overrides', async () => {
    const r = await reconcile('--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as Result;
    expect(actions(result, 'm1')['apps/v1/Deployment/shop/web']).toBe('created');
    expect([await replicasOn('m1'), await replicasOn('m2'), await replicasOn('m3')]).toEqual([4, 2, 2]);
    const m3 = fleet.cluster('m3')!.api;
    const image = (m3.get(m3.resolve('apps', 'v1', 'deployments')!, 'shop', 'web').spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image;
    expect(image).toBe('eu.example.com/web:1.0');
  });

  it('a second run makes no writes', async () => {
    for (const c of fleet.clusters) c.counters.reset();
    const r = await reconcile();
    expect(r.code, r.stderr).toBe(0);
    expect(writes()).toBe(0);
  });

  it('a commit that changes a weight configures only the affected objects', async () => {
    repo.commit({ 'policy.yaml': policy(6) });
    const result = JSON.parse((await reconcile('--format', 'json')).stdout) as Result;
    const changed = result.clusters.flatMap((c) => c.entries.filter((e) => e.action !== 'unchanged').map((e) => `${c.cluster}:${e.key}:${e.action}`));
    expect(changed.sort()).toEqual(['m1:apps/v1/Deployment/shop/web:configured', 'm2:apps/v1/Deployment/shop/web:configured', 'm3:apps/v1/Deployment/shop/web:configured']);
    expect([await replicasOn('m1'), await replicasOn('m2'), await replicasOn('m3')]).toEqual([6, 1, 1]);
  });

  it('a commit that deletes a template prunes it everywhere', async () => {
    repo.commit({ 'config.yaml': configMaps(['a']) });
    const result = JSON.parse((await reconcile('--format', 'json')).stdout) as Result;
    for (const c of ['m1', 'm2', 'm3']) expect(actions(result, c)['v1/ConfigMap/shop/b']).toBe('pruned');
  });

  it('a commit with a broken YAML file changes nothing and exits 2 naming the file and line', async () => {
    for (const c of fleet.clusters) c.counters.reset();
    repo.commit({ 'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n' });
    const r = await reconcile();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^config\.yaml:\d+: invalid YAML/m);
    expect(writes()).toBe(0);
  });

  it('a repository with no Cluster objects is an error, not an empty success: exit 2, nothing written', async () => {
    for (const c of fleet.clusters) c.counters.reset();
    repo.commit({ 'clusters.yaml': null, 'config.yaml': configMaps(['a']) });
    const r = await reconcile();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no member clusters: the repository declares no Cluster (cluster.karmada.io/v1alpha1) or KubeFedCluster');
    expect(r.stderr).toContain('declare one per member cluster, named after its kubeconfig context');
    expect(writes()).toBe(0);
    expect(await replicasOn('m1')).toBeGreaterThan(0);
    repo.commit({ 'clusters.yaml': clusters });
  });

  it('a commit that empties a cluster trips the mass-deletion guard', async () => {
    // m3 leaves the placement: it would lose web and ConfigMap a, two thirds of its inventory
    repo.commit({ 'config.yaml': configMaps(['a']), 'policy.yaml': policy(6).replace('  placement:\n', '  placement:\n    clusterAffinity: {clusterNames: [m1, m2]}\n') });
    const result = JSON.parse((await reconcile('--format', 'json')).stdout) as Result;
    const m3 = result.clusters.find((c) => c.cluster === 'm3');
    expect(m3?.heldBack?.keys.sort()).toEqual(['apps/v1/Deployment/shop/web', 'v1/ConfigMap/shop/a']);
    expect(await replicasOn('m3')).toBe(1);
    const again = await reconcile('--allow-mass-prune', '--format', 'json');
    expect(actions(JSON.parse(again.stdout) as Result, 'm3')['apps/v1/Deployment/shop/web']).toBe('pruned');
  });
});
