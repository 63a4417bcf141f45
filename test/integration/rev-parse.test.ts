import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { revParse } from '../../src/git/rev-parse.js';

const dir = mkdtempSync(join(tmpdir(), 'gitfed-revparse-'));
const gitdir = join(dir, '.git');
const git = (...args: string[]) => execFileSync('git', args, {
  cwd: dir, encoding: 'utf8',
  env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
}).trim();

beforeAll(() => {
  git('init', '-q', '-b', 'main');
  for (const n of [1, 2, 3]) {
    writeFileSync(join(dir, 'f'), String(n));
    git('add', '-A');
    git('commit', '-q', '-m', `c${n}`);
  }
  git('checkout', '-q', '-b', 'side', 'HEAD~1');
  writeFileSync(join(dir, 'g'), 'side');
  git('add', '-A');
  git('commit', '-q', '-m', 'side');
  git('checkout', '-q', 'main');
  git('merge', '-q', '--no-ff', '-m', 'merge', 'side');
  git('tag', '-a', 'v1', '-m', 'annotated', 'HEAD~1');
});

describe('revisions as git rev-parse reads them', () => {
  it.each(['HEAD', 'main', 'HEAD~1', 'HEAD^', 'HEAD^2', 'HEAD~2', 'main~1^', 'HEAD^^', 'v1', 'v1~1', 'side'])('%s', async (rev) => {
    expect(await revParse(gitdir, rev)).toBe(git('rev-parse', `${rev}^{commit}`));
  });

  it('an abbreviated SHA', async () => {
    const full = git('rev-parse', 'HEAD~1');
    expect(await revParse(gitdir, full.slice(0, 8))).toBe(full);
  });

  it('an unknown name and a missing parent say which', async () => {
    await expect(revParse(gitdir, 'nope')).rejects.toThrow('unknown revision nope');
    await expect(revParse(gitdir, 'HEAD~20')).rejects.toThrow(/HEAD~20: commit \w+ has no parent 1/);
  });
});
