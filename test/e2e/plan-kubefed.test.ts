import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gitfed-plan-kubefed-'));
const git = (...args: string[]) => execFileSync('git', args, {
  cwd: dir, encoding: 'utf8',
  env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
}).trim();
const commitAll = (msg: string) => { git('add', '-A'); git('commit', '-q', '-m', msg); return git('rev-parse', 'HEAD'); };
const edit = (path: string, from: string, to: string) => writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8').replace(from, to));
let base: string;
let head: string;

beforeAll(() => {
  cpSync('examples/kubefed-repo', dir, { recursive: true });
  git('init', '-q', '-b', 'main');
  base = commitAll('base');
  // the RSP schedules more replicas; the Federation v1 worker leaves us-east by its selector
  edit('shop/web.yaml', 'totalReplicas: 9', 'totalReplicas: 12');
  edit('federation-v1/worker.yaml', '[{"key": "tier", "operator": "!=", "values": ["edge"]}]', '[{"key": "region", "operator": "in", "values": ["eu"]}]');
  head = commitAll('head');
});

describe('gitfed plan on a KubeFed and Federation v1 repository', () => {
  it('shows the RSP replica moves and the placement a selector annotation changes; exit 1', () => {
    const r = runCli(['plan', dir, '--base', base, '--head', head, '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const d = JSON.parse(r.stdout) as {
      replicaMoves: { subject: string; moves: { cluster: string; from: number; to: number }[] }[];
      placement: { subject: string; added: string[]; removed: string[] }[];
    };
    expect(d.replicaMoves).toContainEqual(expect.objectContaining({ subject: 'Deployment/shop/web', moves: [{ cluster: 'eu-west', from: 3, to: 4 }, { cluster: 'us-east', from: 6, to: 8 }] }));
    expect(d.placement).toContainEqual(expect.objectContaining({ subject: 'Deployment/shop/worker', removed: ['us-east'] }));
  });
});
