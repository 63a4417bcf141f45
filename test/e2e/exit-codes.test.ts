import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { CLI } from '../helpers/cli.js';
import { createRepo, startGitServer, type GitServer } from '../helpers/git-server.js';

// DESIGN.md's exit codes, per command: 0 ok, 1 a difference or some clusters failed, 2 the user's input is wrong,
// 3 the environment failed, so that a script can tell "fix your commit" from "retry later".
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'gitfed-exit-'));
let fleet: Fleet;
let git: GitServer;
let kubeconfig: string;

const CLUSTERS = ['m1', 'm2'].map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n');
const APP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: default}\ndata: {a: b}\n---\napiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: default}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n';

function dir(name: string, files: Record<string, string>): string {
  const path = join(work, name);
  mkdirSync(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
  return path;
}

async function gitfed(...args: string[]): Promise<number> {
  try {
    await run(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    return 0;
  } catch (err) {
    return (err as { code: number }).code;
  }
}

let good: string;
let broken: string;
const missingKubeconfig = join(work, 'no-such-kubeconfig');
const closedRepo = 'http://127.0.0.1:9/fleet.git';

beforeAll(async () => {
  good = dir('good', { 'clusters.yaml': CLUSTERS, 'app.yaml': APP });
  broken = dir('broken', { 'clusters.yaml': CLUSTERS, 'app.yaml': `${APP}  placement: [not, a, mapping]\n` });
  fleet = await startFleet([{ name: 'm1' }, { name: 'm2' }]);
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
  git = await startGitServer();
  createRepo(git, 'fleet').commit({ 'clusters.yaml': CLUSTERS, 'app.yaml': APP });
});

afterAll(async () => {
  await fleet?.stop();
  await git?.stop();
});

describe('gitfed render', () => {
  it.each([
    ['0: rendered', () => ['render', good], 0],
    ['2: the repository has an error', () => ['render', broken], 2],
    ['2: the path does not exist', () => ['render', join(work, 'nowhere')], 2],
    ['2: an unknown flag', () => ['render', good, '--no-such-flag'], 2],
  ])('%s', async (_name, args, code) => {
    expect(await gitfed(...args())).toBe(code);
  });
});

describe('gitfed reconcile --once and gitfed drift agree', () => {
  const reconcile = (repo: string, config = kubeconfig, ...extra: string[]) => gitfed('reconcile', '--repo', repo, '--kubeconfig', config, '--once', '--cluster-timeout', '5', ...extra);
  const drift = (repo: string, config = kubeconfig) => gitfed('drift', '--repo', repo, '--kubeconfig', config, '--cluster-timeout', '5');

  it('0: every cluster reconciled, then in sync', async () => {
    expect(await reconcile(good)).toBe(0);
    expect(await drift(good)).toBe(0);
  });

  it('2: the commit does not render', async () => {
    expect(await reconcile(broken)).toBe(2);
    expect(await drift(broken)).toBe(2);
  });

  it('2: a ref the repository does not have', async () => {
    expect(await reconcile(git.urlOf('fleet'), kubeconfig, '--ref', 'no-such-branch', '--cache-dir', join(work, 'cache-ref'))).toBe(2);
  });

  it('3: the kubeconfig cannot be read', async () => {
    expect(await reconcile(good, missingKubeconfig)).toBe(3);
    expect(await drift(good, missingKubeconfig)).toBe(3);
  });

  it('3: the repository cannot be reached', async () => {
    expect(await reconcile(closedRepo, kubeconfig, '--cache-dir', join(work, 'cache-closed'))).toBe(3);
    expect(await gitfed('drift', '--repo', closedRepo, '--kubeconfig', kubeconfig, '--cache-dir', join(work, 'cache-closed'))).toBe(3);
  });

  it('1: one cluster down, the other fine; 3: every cluster down', async () => {
    await fleet.cluster('m1')?.faults.down();
    try {
      expect(await reconcile(good)).toBe(1);
      expect(await drift(good)).toBe(1);
      await fleet.cluster('m2')?.faults.down();
      expect(await reconcile(good)).toBe(3);
      expect(await drift(good)).toBe(3);
    } finally {
      await fleet.cluster('m1')?.faults.up();
      await fleet.cluster('m2')?.faults.up();
    }
  });

  it('1: a cluster answered but refused the objects', async () => {
    await fleet.cluster('m1')?.faults.set({ errorRate: 1, errorCodes: [500], errorVerbs: ['patch'] });
    try {
      expect(await reconcile(dir('changed', { 'clusters.yaml': CLUSTERS, 'app.yaml': APP.replace('{a: b}', '{a: c}') }))).toBe(1);
    } finally {
      await fleet.cluster('m1')?.faults.reset();
    }
  });
});
