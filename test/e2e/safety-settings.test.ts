import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import { runCliAsync } from '../helpers/cli.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// Attacks on the mass-deletion guard and on drift correction through the repository's own gitfed.yaml.

let git: GitServer;
let fleet: Fleet;
let kubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-safety-'));

// each scenario has its own repository and cluster: the guard's rolling window is per cluster
const CLUSTERS = ['attack', 'rolling', 'drift'];
const cluster = (name: string) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\n`;
const everywhere = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: all, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}, {apiVersion: apps/v1, kind: Deployment}]
  placement: {}
`;
const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}
`;
const names = (n: number) => Array.from({ length: n }, (_, i) => `cm${String(i).padStart(2, '0')}`);
const configMaps = (list: string[]) => (list.length ? list.map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}, namespace: shop}\ndata: {k: v}\n`).join('---\n') : null);
const LOOSE = 'prune:\n  allowMassPrune: true\n';

interface Result { clusters: { cluster: string; entries: { key: string; action: string }[]; heldBack?: { reason: string; keys: string[] } }[] }

const cli = runCliAsync;

async function reconcile(name: string): Promise<Result> {
  const r = await cli(['reconcile', '--repo', git.urlOf(name), '--kubeconfig', kubeconfig, '--once', '--cache-dir', join(work, 'cache'), '--format', 'json']);
  expect(r.stdout, r.stderr).not.toBe('');
  return JSON.parse(r.stdout) as Result;
}

/** setUp makes the scenario's repository with its one cluster, the namespace, the policy and ten ConfigMaps, and applies it. */
async function setUp(name: string): Promise<{ repo: WorkRepo; first: string }> {
  const repo = createRepo(git, name);
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
  const first = repo.commit({ 'clusters.yaml': cluster(name), 'ns.yaml': ns, 'policy.yaml': everywhere, 'cms.yaml': configMaps(names(10)) });
  await reconcile(name);
  return { repo, first };
}

const api = (c: string) => fleet.cluster(c)!.api;
const liveConfigMaps = (c: string) => api(c).list(api(c).resolve('', 'v1', 'configmaps')!, 'shop', {}).items.map((o) => o.metadata.name).sort();
const pruned = (r: Result) => r.clusters[0]?.entries.filter((e) => e.action === 'pruned').length ?? 0;
const deployments = () => api('drift').resolve('apps', 'v1', 'deployments')!;
const replicas = () => (api('drift').get(deployments(), 'shop', 'web').spec as { replicas: number }).replicas;
const editReplicas = (n: number) => api('drift').patch(deployments(), 'shop', 'web', 'application/merge-patch+json', JSON.stringify({ spec: { replicas: n } }), { manager: 'kubectl-edit', dryRun: false });

beforeAll(async () => {
  git = await startGitServer();
  fleet = await startWorkloadFleet(CLUSTERS);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

describe('safety settings come from the commit already applied, never from the commit being applied', () => {
  it('one commit that deletes every template and switches the guard off deletes nothing, in this cycle or the next', async () => {
    const { repo, first } = await setUp('attack');
    expect(liveConfigMaps('attack')).toEqual(names(10));
    const attack = repo.commit({ 'cms.yaml': null, 'gitfed.yaml': LOOSE });
    const once = await reconcile('attack');
    expect(once.clusters[0]?.heldBack?.reason).toContain('mass-deletion guard');
    expect(pruned(once)).toBe(0);
    // the commit is now the one the inventory names, but its loosened guard never counts: it was held back
    const twice = await reconcile('attack');
    expect(twice.clusters[0]?.heldBack?.keys).toHaveLength(10);
    expect(liveConfigMaps('attack')).toEqual(names(10));

    const plan = await cli(['plan', repo.dir, '--base', first, '--head', attack]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain("This change loosens gitfed's safety settings");
    expect(plan.stdout).toContain('`prune.allowMassPrune`: false → true');
    expect(plan.stdout).toMatch(/mass-deletion guard: 10 of 11 inventoried objects would be deleted/);

    // the loosened guard counts once a commit carrying it was applied without a hold
    repo.commit({ 'cms.yaml': configMaps(names(10)), 'gitfed.yaml': LOOSE });
    expect((await reconcile('attack')).clusters[0]?.heldBack).toBeUndefined();
    repo.commit({ 'cms.yaml': null });
    expect(pruned(await reconcile('attack'))).toBe(10);
    expect(liveConfigMaps('attack')).toEqual([]);
  });

  it('five commits within the hour cannot delete more than the guard allows in one', async () => {
    const { repo } = await setUp('rolling');
    repo.commit({ 'cms.yaml': configMaps(names(10).slice(3)) });
    expect(pruned(await reconcile('rolling'))).toBe(3);
    repo.commit({ 'cms.yaml': configMaps(names(10).slice(5)) });
    expect(pruned(await reconcile('rolling'))).toBe(2); // 5 of the 11 objects: half, still allowed
    repo.commit({ 'cms.yaml': configMaps(names(10).slice(7)) });
    const held = await reconcile('rolling');
    expect(pruned(held)).toBe(0);
    expect(held.clusters[0]?.heldBack?.reason).toContain('after 5 in the last hour');
    expect(liveConfigMaps('rolling')).toEqual(names(10).slice(5));
  });

  it('a commit that turns drift to ignore does not hide a hand edit in its own cycle', async () => {
    const { repo } = await setUp('drift');
    repo.commit({ 'web.yaml': web });
    await reconcile('drift');
    editReplicas(7);
    repo.commit({ 'gitfed.yaml': 'drift:\n  mode: ignore\n' });
    await reconcile('drift');
    expect(replicas()).toBe(2); // corrected: the applied commit's mode (correct) still held
    editReplicas(9);
    await reconcile('drift');
    expect(replicas()).toBe(9); // now applied, its ignore holds
  });
});
