import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import { runCliAsync } from '../helpers/cli.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// Attacks through the repository on objects gitfed does not own, performed against a simulated cluster.

let git: GitServer;
let fleet: Fleet;
let repo: WorkRepo;
let kubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-ownership-'));

const CLUSTER = 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\n';
const CPP = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}, {apiVersion: v1, kind: Namespace}]
  placement: {}
`;
const cm = (ns: string, name: string, annotations = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}${annotations}}\ndata: {k: v}\n`;
const KEY = 'v1/ConfigMap/team-b/precious';

interface Result { clusters: { cluster: string; error?: string; entries: { key: string; action: string; reason?: string }[] }[] }

async function reconcile(name = 'fleet'): Promise<{ code: number; result?: Result; stderr: string }> {
  const r = await runCliAsync(['reconcile', '--repo', git.urlOf(name), '--kubeconfig', kubeconfig, '--once', '--cache-dir', join(work, 'cache'), '--format', 'json']);
  return { code: r.code, ...(r.stdout ? { result: JSON.parse(r.stdout) as Result } : {}), stderr: r.stderr };
}

const api = () => fleet.cluster('m1')!.api;
const rt = (kind: 'configmaps' | 'namespaces') => api().resolve('', 'v1', kind)!;
const exists = (ns: string | undefined, kind: 'configmaps' | 'namespaces', name: string) => {
  try {
    return api().get(rt(kind), ns, name);
  } catch {
    return undefined;
  }
};
const entry = (r: Result | undefined, key: string) => r?.clusters[0]?.entries.find((e) => e.key === key);
const byHand = (ns: string, name: string) => api().create(rt('configmaps'), ns, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { team: 'b' } }, { manager: 'kubectl-create', dryRun: false });

beforeAll(async () => {
  git = await startGitServer();
  fleet = await startWorkloadFleet(['m1']);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
  api().create(rt('namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } }, { manager: 'kubectl-create', dryRun: false });
  byHand('team-b', 'precious');
  repo = createRepo(git, 'fleet');
  repo.commit({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', 'app.yaml': cm('shop', 'app') });
  expect((await reconcile()).code).toBe(0);
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

describe('nothing in a commit can delete or take over what gitfed does not own', () => {
  it('a template of the inventory ConfigMap is a render error and deletes nothing', async () => {
    const forged = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gitfed-inventory, namespace: gitfed-system}\ndata:\n  objects: '["${KEY}"]'\n`;
    repo.commit({ 'inventory.yaml': forged });
    const r = await reconcile();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/inventory\.yaml:3: metadata\.namespace: gitfed-system is reserved for gitfed's own objects/);
    expect(await reconcile().then(() => exists('team-b', 'configmaps', 'precious'))).toBeDefined();
    repo.commit({ 'inventory.yaml': null });
  });

  it('an inventory rewritten in the cluster cannot make prune delete an object gitfed does not own', async () => {
    const inv = api().get(rt('configmaps'), 'gitfed-system', 'gitfed-inventory');
    const objects = JSON.parse((inv.data as { objects: string }).objects) as string[];
    api().patch(rt('configmaps'), 'gitfed-system', 'gitfed-inventory', 'application/merge-patch+json', JSON.stringify({ data: { objects: JSON.stringify([...objects, KEY].sort()) } }), { manager: 'kubectl-edit', dryRun: false });
    const r = await reconcile();
    expect(entry(r.result, KEY)).toMatchObject({ action: 'skipped', reason: expect.stringContaining('not owned by gitfed') });
    expect(exists('team-b', 'configmaps', 'precious')).toBeDefined();
  });

  it('declaring kube-system does not adopt it, and the cluster says why', async () => {
    repo.commit({ 'system.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system, labels: {owner: me}}\n' });
    const r = await reconcile();
    expect(r.code).toBe(1);
    expect(entry(r.result, 'v1/Namespace/kube-system')).toMatchObject({ action: 'failed', reason: expect.stringContaining('was not created by gitfed') });
    expect(exists(undefined, 'namespaces', 'kube-system')?.metadata.labels?.owner).toBeUndefined();
    repo.commit({ 'system.yaml': null });
    await reconcile();
    expect(exists(undefined, 'namespaces', 'kube-system')).toBeDefined();
  });

  it('an adopted object is taken over, then released, not deleted, when its template goes', async () => {
    byHand('team-b', 'shared');
    repo.commit({ 'shared.yaml': cm('team-b', 'shared', ', annotations: {gitfed.io/adopt: "true"}') });
    expect(entry((await reconcile()).result, 'v1/ConfigMap/team-b/shared')?.action).toBe('configured');
    repo.commit({ 'shared.yaml': null });
    const r = await reconcile();
    expect(entry(r.result, 'v1/ConfigMap/team-b/shared')).toMatchObject({ action: 'skipped', reason: expect.stringContaining('released, not deleted') });
    expect(exists('team-b', 'configmaps', 'shared')).toBeDefined();
  });

  it('protected namespaces are never pruned, even adopted for deletion', async () => {
    repo.commit({ 'public.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-public, annotations: {gitfed.io/adopt: prune}}\n' });
    expect(entry((await reconcile()).result, 'v1/Namespace/kube-public')?.action).toBe('configured');
    repo.commit({ 'public.yaml': null });
    const r = await reconcile();
    expect(entry(r.result, 'v1/Namespace/kube-public')).toMatchObject({ action: 'skipped', reason: expect.stringContaining('protected namespace') });
    expect(exists(undefined, 'namespaces', 'kube-public')).toBeDefined();
  });

  it('two reconcilers with different repositories: the second is refused and deletes nothing', async () => {
    const other = createRepo(git, 'other');
    other.commit({ 'clusters.yaml': CLUSTER, 'cpp.yaml': CPP, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: elsewhere}\n' });
    const r = await reconcile('other');
    expect(r.code).toBe(1);
    expect(r.result?.clusters[0]?.error).toMatch(/kept by another reconciler \(.*\/fleet(\.git)?\), not by this one \(.*\/other(\.git)?\)/);
    expect(exists('shop', 'configmaps', 'app')).toBeDefined();
    expect(exists(undefined, 'namespaces', 'elsewhere')).toBeUndefined();
    expect((await reconcile()).code).toBe(0);
  });
});
