import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gitfed-plan-'));
const git = (...args: string[]) => execFileSync('git', args, {
  cwd: dir, encoding: 'utf8',
  env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
}).trim();
const commitAll = (msg: string) => { git('add', '-A'); git('commit', '-q', '-m', msg); return git('rev-parse', 'HEAD'); };
let base: string;
let head: string;
let broken: string;

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
    ] }]);
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
    expect(r.stdout).toContain('`Deployment/shop/web`: aws-us-east 4->6, azure-asia 2->1, gcp-europe 2->1');
    expect(r.stdout).toContain('```diff');
  });

  it('a head that does not render exits 2 naming the file and line', () => {
    const r = runCli(['plan', dir, '--base', head, '--head', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^apps\/web\/deployment\.yaml:\d+: invalid YAML/m);
  });
});
