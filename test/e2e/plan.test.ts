import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { startForgeServer, type ForgeServer } from '../helpers/forge-server.js';

const dir = mkdtempSync(join(tmpdir(), 'gitfed-plan-'));
const git = (...args: string[]) => execFileSync('git', args, {
  cwd: dir, encoding: 'utf8',
  env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
}).trim();
const commitAll = (msg: string) => { git('add', '-A'); git('commit', '-q', '-m', msg); return git('rev-parse', 'HEAD'); };
let base: string;
let head: string;
let broken: string;
let mass: string;
let noClusters: string;

beforeAll(() => {
  cpSync('examples/policy-repo', dir, { recursive: true });
  git('init', '-q', '-b', 'main');
  base = commitAll('base');
  const policy = join(dir, 'apps/web/propagation.yaml');
  writeFileSync(policy, readFileSync(policy, 'utf8').replace('weight: 2', 'weight: 6'));
  rmSync(join(dir, 'platform/platform.yaml'));
  head = commitAll('head');
  writeFileSync(join(dir, 'apps/web/deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web\n');
  broken = commitAll('broken');
  rmSync(join(dir, 'apps'), { recursive: true });
  mass = commitAll('mass deletion');
  rmSync(join(dir, 'clusters'), { recursive: true });
  noClusters = commitAll('no clusters');
  git('remote', 'add', 'origin', 'https://github.example.com/acme/fleet.git');
});

describe('gitfed plan', () => {
  it('no change between a commit and itself: exit 0', () => {
    const r = runCli(['plan', dir, '--base', base, '--head', base, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: false, summary: 'no changes' });
  });

  it('shows replica moves, placement changes and per-cluster diffs; exit 1', () => {
    const r = runCli(['plan', dir, '--base', base, '--head', head, '--format', 'json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout) as {
      replicaMoves: { subject: string; moves: { cluster: string; from: number; to: number }[] }[];
      placement: { subject: string; removed: string[] }[];
      clusters: { cluster: string; heldBack?: string; changes: { subject: string; change: string; diff: string }[] }[];
    };
    expect(d.replicaMoves).toEqual([{ resource: 'apps/v1/Deployment/shop/web', subject: 'Deployment/shop/web', moves: [
      { cluster: 'aws-us-east', from: 4, to: 6 }, { cluster: 'azure-asia', from: 2, to: 1 }, { cluster: 'gcp-europe', from: 2, to: 1 },
    ], reason: 'weight of aws-us-east 2 -> 6' }]);
    expect(d.placement.map((p) => [p.subject, p.removed])).toContainEqual(['ClusterRole/shop-reader', ['aws-us-east', 'azure-asia', 'edge-gpu', 'gcp-europe']]);
    const aws = d.clusters.find((c) => c.cluster === 'aws-us-east');
    const web = aws?.changes.find((c) => c.subject === 'Deployment/shop/web');
    expect(web?.change).toBe('changed');
    expect(web?.diff).toContain('-  replicas: 4');
    expect(web?.diff).toContain('+  replicas: 6');
    // edge-gpu loses the ClusterRole and the DaemonSet: half of its four objects, within the guard; the rest keep theirs
    expect(d.clusters.find((c) => c.cluster === 'edge-gpu')?.changes.filter((c) => c.change === 'removed')).toHaveLength(2);
  });

  it('markdown is ready to post as a comment', () => {
    const r = runCli(['plan', dir, '--base', base, '--head', head]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<!-- gitfed-plan -->');
    expect(r.stdout).toContain('`Deployment/shop/web`: aws-us-east 4->6, azure-asia 2->1, gcp-europe 2->1 (why: weight of aws-us-east 2 -> 6)\n');
    expect(r.stdout).toContain('`ClusterRole/shop-reader`: -aws-us-east -azure-asia -edge-gpu -gcp-europe (why: removed from the repository)\n');
    expect(r.stdout).toContain('```diff');
  });

  it('a head that does not render exits 2 naming the file and line', () => {
    const r = runCli(['plan', dir, '--base', head, '--head', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^apps\/web\/deployment\.yaml:\d+: invalid YAML/m);
  });

  it('a head that does not render prints its diagnostics on stdout in the chosen format, for a CI job to post', () => {
    const md = runCli(['plan', dir, '--base', head, '--head', broken]);
    expect(md.code).toBe(2);
    expect(md.stdout.startsWith('<!-- gitfed-plan -->')).toBe(true);
    expect(md.stdout).toContain('does not render');
    expect(md.stdout).toMatch(/^apps\/web\/deployment\.yaml:\d+: invalid YAML/m);
    const r = runCli(['plan', dir, '--base', head, '--head', broken, '--format', 'json']);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { head: string; rendered: boolean; summary: string; diagnostics: { file: string }[] };
    expect(json).toMatchObject({ head: broken, rendered: false, summary: `the head ${broken} does not render` });
    expect(json.diagnostics[0]?.file).toBe('apps/web/deployment.yaml');
  });

  it('a repository with no Cluster objects is an error, not an empty success: exit 2 with the diagnostic in both formats', () => {
    const md = runCli(['plan', dir, '--base', mass, '--head', noClusters]);
    expect(md.code).toBe(2);
    expect(md.stdout.startsWith('<!-- gitfed-plan -->')).toBe(true);
    expect(md.stdout).toMatch(/^\.: no member clusters: the repository declares no Cluster .*declare one per member cluster/m);
    const json = runCli(['plan', dir, '--base', mass, '--head', noClusters, '--format', 'json']);
    expect(json.code).toBe(2);
    expect((JSON.parse(json.stdout) as { diagnostics: { message: string }[] }).diagnostics.map((d) => d.message))
      .toContainEqual(expect.stringContaining('kind: Cluster, metadata: {name: member1}'));
  });
});

const run = promisify(execFile);
const TOKEN = 'ghp_plan_token_value';

describe('gitfed plan --status', () => {
  let forge: ForgeServer;
  beforeAll(async () => {
    forge = await startForgeServer({
      tokens: [{ value: TOKEN, forge: 'github', login: 'gitfed', userId: 1, write: true }],
      repos: [{ forge: 'github', path: 'acme/fleet', id: 1, branches: { main: mass }, commits: [base, head, broken, mass] }],
    });
  });
  afterAll(() => forge?.close());

  async function plan(args: string[], env: Record<string, string> = { GITHUB_TOKEN: TOKEN }): Promise<{ code: number; stdout: string; stderr: string }> {
    const argv = [CLI, 'plan', dir, ...args, '--format', 'json'];
    return run(process.execPath, argv, { env: { ...process.env, ...env } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
  }
  const github = ['--status', 'github', '--github-api-url'];
  const latest = (sha: string) => forge.history('github', 'acme/fleet', sha, 'gitfed/plan').at(-1);

  it('posts success with the summary on the head, on the repository of the origin remote, with the target URL', async () => {
    const r = await plan(['--base', base, '--head', head, ...github, forge.url, '--status-target-url', 'https://ci.example.com/pr/7']);
    expect(r.code).toBe(1);
    const summary = (JSON.parse(r.stdout) as { summary: string }).summary;
    expect(latest(head)).toMatchObject({ state: 'success', description: summary, targetUrl: 'https://ci.example.com/pr/7' });
    expect(forge.history('github', 'acme/fleet', base)).toEqual([]);
  });

  it('no change is success too, and exits 0', async () => {
    expect((await plan(['--base', base, '--head', base, ...github, forge.url])).code).toBe(0);
    expect(latest(base)).toMatchObject({ state: 'success', description: 'no changes' });
  });

  it('a head that does not render is failure naming the file, at most 140 characters; exit 2', async () => {
    const r = await plan(['--base', head, '--head', broken, ...github, forge.url, '--github-repo', 'acme/fleet']);
    expect(r.code).toBe(2);
    const s = latest(broken);
    expect(s?.state).toBe('failure');
    expect(s?.description).toMatch(/^the head does not render: apps\/web\/deployment\.yaml:\d+: invalid YAML/);
    expect(s?.description.length).toBeLessThanOrEqual(140);
  });

  it('deletions the mass-deletion guard would hold back are failure', async () => {
    const r = await plan(['--base', head, '--head', mass, ...github, forge.url]);
    expect(r.code).toBe(1);
    const held = (JSON.parse(r.stdout) as { clusters: { cluster: string; heldBack?: string }[] }).clusters.filter((c) => c.heldBack);
    expect(held.length).toBeGreaterThan(0);
    expect(latest(mass)?.state).toBe('failure');
    expect(latest(mass)?.description).toContain(`the mass-deletion guard would hold back deletions on ${held[0]?.cluster}`);
  });

  it('notes: the plan status is recorded in refs/notes/gitfed of the local repository', async () => {
    expect((await plan(['--base', base, '--head', head, '--status', 'notes'])).code).toBe(1);
    const note = JSON.parse(git('notes', '--ref=gitfed', 'show', head)) as { revision: string; plan?: { state: string; description: string }; clusters: unknown[] };
    expect(note).toMatchObject({ revision: head, plan: { state: 'success' }, clusters: [] });
    expect(note.plan?.description).toMatch(/^\d+ cluster\(s\) change: /);
  });

  it('a forge without its token is a usage error before anything is rendered or posted', async () => {
    const before = forge.requests('github').length;
    const r = await plan(['--base', base, '--head', head, ...github, forge.url], { GITHUB_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GITHUB_TOKEN');
    expect(r.stdout).toBe('');
    expect(forge.requests('github').length).toBe(before);
  });

  it.each([
    ['a forge that refuses the token', () => forge.url, { GITHUB_TOKEN: 'not-the-token' }],
    ['a forge that cannot be reached', () => 'http://127.0.0.1:9', { GITHUB_TOKEN: TOKEN }],
  ])('%s: the plan is still printed, the failure logged without the token, and the exit code is 3 (retry later)', async (_name, url, env) => {
    const r = await plan(['--base', base, '--head', head, ...github, url()], env);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true });
    expect(r.stderr).toMatch(/github status gitfed\/plan on [0-9a-f]{12} not posted/);
    expect(r.stderr).not.toContain(env.GITHUB_TOKEN);
  });
});
