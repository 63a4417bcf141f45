import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { CLI } from '../helpers/cli.js';
import { startForgeServer, type ForgeServer } from '../helpers/forge-server.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';

const run = promisify(execFile);
const TOKEN = 'ghp_e2e_token_value';
const BOT = { value: TOKEN, forge: 'github' as const, login: 'gitfed', userId: 1, write: true };
let git: GitServer;
let forge: ForgeServer;
let repo: WorkRepo;
let fleet: Fleet;
let kubeconfig: string;
const commits: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'gitfed-drift-e2e-'));

const files = {
  'clusters.yaml': ['m1', 'm2'].map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n'),
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx:1.27}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
`,
  'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}, {apiVersion: v1, kind: Service}]\n',
};

function commit(change: Record<string, string | null>): string {
  const sha = repo.commit(change);
  commits.push(sha);
  forge.seed({ tokens: [BOT], repos: [{ forge: 'github', path: 'acme/fleet', id: 1, branches: { main: sha }, commits: [...commits] }] });
  return sha;
}

async function reconcile(): Promise<number> {
  const args = [CLI, 'reconcile', '--repo', git.urlOf('fleet'), '--kubeconfig', kubeconfig, '--once', '--cache-dir', join(work, 'cache'),
    '--status', 'github', '--status', 'notes', '--github-api-url', forge.url, '--github-repo', 'acme/fleet'];
  try {
    await run(process.execPath, args, { env: { ...process.env, GITHUB_TOKEN: TOKEN } });
    return 0;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

async function drift(): Promise<number> {
  const args = [CLI, 'drift', '--repo', git.urlOf('fleet'), '--kubeconfig', kubeconfig, '--cache-dir', join(work, 'cache'),
    '--status', 'github', '--github-api-url', forge.url, '--github-repo', 'acme/fleet'];
  return run(process.execPath, args, { env: { ...process.env, GITHUB_TOKEN: TOKEN } }).then(() => 0, (err: { code: number }) => err.code);
}

const latest = (sha: string, context: string) => forge.history('github', 'acme/fleet', sha, context).at(-1);
const deployments = (c: string) => fleet.cluster(c)!.api.resolve('apps', 'v1', 'deployments')!;
const replicas = (c: string) => (fleet.cluster(c)!.api.get(deployments(c), 'shop', 'web').spec as { replicas: number }).replicas;
const editReplicas = (c: string, n: number) => fleet.cluster(c)!.api.patch(deployments(c), 'shop', 'web', 'application/merge-patch+json', JSON.stringify({ spec: { replicas: n } }), { manager: 'kubectl-edit', dryRun: false });

function note(sha: string): { clusters: { name: string; state: string; description: string; drift?: { fields: { path: string; manager?: string }[] }[] }[] } {
  execFileSync('git', ['fetch', '-q', '-f', 'origin', 'refs/notes/gitfed:refs/notes/gitfed'], { cwd: repo.dir });
  return JSON.parse(execFileSync('git', ['notes', '--ref=gitfed', 'show', sha], { cwd: repo.dir, encoding: 'utf8' })) as ReturnType<typeof note>;
}

beforeAll(async () => {
  git = await startGitServer();
  forge = await startForgeServer({ tokens: [BOT] });
  repo = createRepo(git, 'fleet');
  commit(files);
  fleet = await startWorkloadFleet(['m1', 'm2']);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
  await forge?.close();
  await git?.stop();
});

describe('drift reported back to Git as commit statuses and notes', () => {
  it('a clean first reconcile is success everywhere, with no false drift on defaulted objects', async () => {
    expect(await reconcile()).toBe(0);
    const sha = commits.at(-1) as string;
    for (const context of ['gitfed', 'gitfed/m1', 'gitfed/m2']) expect(latest(sha, context)?.state).toBe('success');
    expect(forge.history('github', 'acme/fleet', sha, 'gitfed/m1').map((w) => w.state)).toEqual(['pending', 'success']);
  });

  it('a replica change by another manager fails that cluster naming path and manager; correct mode restores it', async () => {
    const sha = commits.at(-1) as string;
    editReplicas('m1', 5);
    await reconcile();
    expect(latest(sha, 'gitfed/m1')).toMatchObject({ state: 'failure' });
    expect(latest(sha, 'gitfed/m1')?.description).toContain('Deployment/shop/web spec.replicas 2->5 (kubectl-edit)');
    expect(latest(sha, 'gitfed/m2')?.state).toBe('success');
    expect(latest(sha, 'gitfed')?.state).toBe('failure');
    const m1 = note(sha).clusters.find((c) => c.name === 'm1');
    expect(m1?.state).toBe('failure');
    expect(m1?.drift?.[0]?.fields[0]).toMatchObject({ path: 'spec.replicas', manager: 'kubectl-edit' });
    expect(replicas('m1')).toBe(2);
    await reconcile();
    expect(latest(sha, 'gitfed/m1')?.state).toBe('success');
    expect(latest(sha, 'gitfed')?.state).toBe('success');
  });

  it('in report mode the change stays and keeps being reported', async () => {
    const sha = commit({ 'gitfed.yaml': 'drift:\n  mode: report\n' });
    await reconcile();
    editReplicas('m2', 7);
    await reconcile();
    await reconcile();
    expect(replicas('m2')).toBe(7);
    expect(forge.history('github', 'acme/fleet', sha, 'gitfed/m2').at(-1)).toMatchObject({ state: 'failure' });
    expect(latest(sha, 'gitfed/m2')?.description).toContain('spec.replicas 2->7 (kubectl-edit)');
    expect(note(sha).clusters.find((c) => c.name === 'm2')?.state).toBe('failure');
    expect(latest(sha, 'gitfed')?.state).toBe('failure');
    // gitfed drift reports the same without writing; m2's status is the same, so it is not posted again
    const posts = forge.history('github', 'acme/fleet', sha, 'gitfed/m2').length;
    expect(await drift()).toBe(1);
    expect(replicas('m2')).toBe(7);
    expect(latest(sha, 'gitfed/m2')?.description).toContain('spec.replicas 2->7 (kubectl-edit)');
    expect(forge.history('github', 'acme/fleet', sha, 'gitfed/m2').length).toBe(posts);
  });

  it('a deleted object is reported missing and recreated', async () => {
    const sha = commit({ 'gitfed.yaml': null });
    await reconcile();
    expect(replicas('m2')).toBe(2);
    fleet.cluster('m1')!.api.delete(deployments('m1'), 'shop', 'web', { dryRun: false });
    await reconcile();
    expect(latest(sha, 'gitfed/m1')?.description).toContain('Deployment/shop/web missing');
    expect(replicas('m1')).toBe(2);
    await reconcile();
    expect(latest(sha, 'gitfed/m1')?.state).toBe('success');
    expect(latest(sha, 'gitfed')?.state).toBe('success');
  });

  it('an object whose create failed is a pending apply, not missing drift', async () => {
    const policy = files['policy.yaml'].replace('{apiVersion: v1, kind: Service}]', '{apiVersion: v1, kind: Service}, {apiVersion: v1, kind: Secret}]');
    const sha = commit({ 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: api-key, namespace: shop}\nstringData: {key: k}\n', 'policy.yaml': policy });
    const m1 = fleet.cluster('m1')!;
    // m1 answers 500 to every write of a Secret (retries included); the inventory and the other objects are written
    await m1.faults.set({ errorRate: 1, errorCodes: [500], errorVerbs: ['patch'], errorResources: ['secrets'] });
    try {
      expect(await reconcile()).toBe(1);
    } finally {
      await m1.faults.reset();
    }
    // the cycle whose create failed says so: the apply failed
    expect(latest(sha, 'gitfed/m1')?.state).toBe('failure');
    expect(latest(sha, 'gitfed/m1')?.description).toMatch(/^1 failed: Secret\/shop\/api-key: /);
    expect(latest(sha, 'gitfed/m2')?.state).toBe('success');
    const secrets = m1.api.resolve('', 'v1', 'secrets')!;
    expect(() => m1.api.get(secrets, 'shop', 'api-key')).toThrow();
    // a drift check in between: not drift (exit 0), and not "in sync" either
    expect(await drift()).toBe(0);
    expect(latest(sha, 'gitfed/m1')).toMatchObject({ state: 'pending', description: '1 not yet applied: Secret/shop/api-key' });
    // the next cycle creates it, and nobody is told it drifted
    expect(await reconcile()).toBe(0);
    expect(latest(sha, 'gitfed/m1')).toMatchObject({ state: 'success', description: expect.stringContaining('1 created') });
    expect(latest(sha, 'gitfed')?.state).toBe('success');
    expect(forge.history('github', 'acme/fleet', sha, 'gitfed/m1').map((s) => s.description).join('\n')).not.toContain('missing');
    expect(note(sha).clusters.find((c) => c.name === 'm1')).toMatchObject({ state: 'success' });
    expect(m1.api.get(secrets, 'shop', 'api-key').metadata.name).toBe('api-key');
  });
});
