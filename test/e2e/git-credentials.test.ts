import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import { CLI } from '../helpers/cli.js';
import { createRepo, startGitServer, type GitServer } from '../helpers/git-server.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// A Git token reaches the Git server with each request and nothing else: not the output, not the cache on
// disk, not the member clusters.

const TOKEN = 'glpat-e2e-Secr3t-t0ken';
const run = promisify(execFile);
let git: GitServer;
let fleet: Fleet;
let kubeconfig: string;
const work = mkdtempSync(join(tmpdir(), 'gitfed-creds-'));

/** repoFiles place one ConfigMap on the one cluster the repository declares */
const repoFiles = (cluster: string) => ({
  'clusters.yaml': `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${cluster}}\n`,
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k: v}\n',
  'policy.yaml': `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: all, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]
  placement: {clusterAffinity: {clusterNames: [${cluster}]}}
`,
});
const withToken = (url: string, token = TOKEN) => url.replace('http://', `http://gitfed:${token}@`);

async function reconcile(repo: string, cacheDir: string, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  const args = [CLI, 'reconcile', '--repo', repo, '--kubeconfig', kubeconfig, '--once', '--format', 'json', '--cache-dir', cacheDir, '--status', 'notes'];
  try {
    const r = await run(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** filesUnder lists every file below dir, recursively. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

/** clusterText is everything gitfed wrote into a cluster, as text */
const clusterText = (cluster: string): string => {
  const api = fleet.cluster(cluster)!.api;
  const cms = api.resolve('', 'v1', 'configmaps')!;
  return JSON.stringify([...api.list(cms, 'gitfed-system', {}).items, ...api.list(cms, 'shop', {}).items]);
};

beforeAll(async () => {
  git = await startGitServer({ token: TOKEN });
  // one repository per way of passing the token, each with its own cluster: each is its own reconciler
  for (const [name, cluster] of [['fleet-url', 'm1'], ['fleet-env', 'm2']] as const) {
    const repo = createRepo(git, name);
    repo.git(['remote', 'set-url', 'origin', withToken(git.urlOf(name))]);
    repo.commit(repoFiles(cluster));
  }
  fleet = await startWorkloadFleet(['m1', 'm2']);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

describe('a Git token is passed per request and never persisted or printed', () => {
  it.each([
    ['in the --repo URL', 'm1', () => withToken(git.urlOf('fleet-url')), {}],
    ['in GITFED_GIT_TOKEN', 'm2', () => git.urlOf('fleet-env'), { GITFED_GIT_TOKEN: TOKEN, GITFED_GIT_USERNAME: 'gitfed' }],
  ])('a token %s reconciles the fleet and is nowhere in the output, the 0700 cache or the cluster', async (_, cluster, repoUrl, env) => {
    const cache = join(work, `cache-${cluster}`);
    const r = await reconcile(repoUrl(), cache, env);
    expect(r.code, r.out).toBe(0);
    expect(clusterText(cluster)).toContain('"settings"');
    expect(r.out).not.toContain(TOKEN);
    expect(filesUnder(cache).filter((f) => readFileSync(f).includes(TOKEN))).toEqual([]);
    // the clone and the notes repository
    const dirs = readdirSync(cache).map((e) => join(cache, e));
    expect(dirs).toHaveLength(2);
    for (const d of [cache, ...dirs]) expect(statSync(d).mode & 0o777, d).toBe(0o700);
    expect(clusterText(cluster)).not.toContain(TOKEN);
  });

  it('a wrong token in the --repo URL fails naming the repository with the token masked, and changes nothing', async () => {
    const before = clusterText('m1');
    const wrong = 'wr0ng-t0ken-value';
    const r = await reconcile(withToken(git.urlOf('fleet-url'), wrong), join(work, 'cache-wrong'));
    expect(r.code).not.toBe(0);
    expect(r.out).toContain(git.urlOf('fleet-url').replace('http://', 'http://***@'));
    expect(r.out).not.toContain(wrong);
    expect(clusterText('m1')).toBe(before);
  });
});
