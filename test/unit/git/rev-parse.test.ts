import { beforeAll, describe, expect, it } from 'vitest';
import { revParse } from '../../../src/git/rev-parse.js';
import { workTree, type WorkTree } from './work-tree.js';

// history: c1 - c2 - c3 ------ merge (main, HEAD)
//                \- side1 -/      (branch side)
let repo: WorkTree;

beforeAll(() => {
  repo = workTree('gitfed-revparse-');
  for (const n of [1, 2, 3]) repo.commit({ 'f.yaml': `n: ${n}\n` }, `c${n}`);
  repo.git('checkout', '-q', '-b', 'side', 'HEAD~1');
  repo.commit({ 'g.yaml': 'side: 1\n' }, 'side1');
  repo.git('checkout', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'merge', 'side');
  repo.git('tag', 'light', 'HEAD~2');
  repo.git('tag', '-a', 'annotated', '-m', 'an annotated tag', 'HEAD^2');
  repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD~1');
});

describe('revParse resolves a revision to the commit git rev-parse gives', () => {
  it.each([
    'HEAD', 'main', 'side', 'refs/heads/side', 'light', 'annotated', 'refs/tags/annotated', 'origin/main',
    'HEAD~', 'HEAD~1', 'HEAD~3', 'HEAD^', 'HEAD^1', 'HEAD^2', 'HEAD^0', 'HEAD^^', 'HEAD~1^', 'HEAD^2~1', 'main~2', 'annotated~1', 'origin/main^',
  ])('%s', async (rev) => {
    expect(await revParse(repo.gitdir, rev)).toBe(repo.git('rev-parse', `${rev}^{commit}`));
  });

  it.each([7, 12, 39, 40])('a SHA written with %i digits', async (digits) => {
    const full = repo.git('rev-parse', 'HEAD~1');
    expect(await revParse(repo.gitdir, full.slice(0, digits))).toBe(full);
    expect(await revParse(repo.gitdir, `${full.slice(0, digits)}~1`)).toBe(repo.git('rev-parse', 'HEAD~2'));
  });

  it.each([7, 40])('a SHA of %i digits in upper case, as git accepts it', async (digits) => {
    const full = repo.git('rev-parse', 'HEAD~1');
    expect(await revParse(repo.gitdir, full.slice(0, digits).toUpperCase())).toBe(full);
  });

  it('an empty revision is HEAD, and a bare suffix applies to HEAD', async () => {
    expect(await revParse(repo.gitdir, '')).toBe(repo.git('rev-parse', 'HEAD'));
    expect(await revParse(repo.gitdir, '~1')).toBe(repo.git('rev-parse', 'HEAD~1'));
  });

  it.each([
    ['an unknown name', 'nope', 'unknown revision nope'],
    ['a walk past the root', 'HEAD~4', /^HEAD~4: commit [0-9a-f]{12} has no parent 1$/],
    ['a second parent of a commit with one', 'HEAD~1^2', /^HEAD~1\^2: commit [0-9a-f]{12} has no parent 2$/],
    ['a full SHA of no object', 'f'.repeat(40), /./],
  ])('%s is an error saying which', async (_, rev, message) => {
    await expect(revParse(repo.gitdir, rev)).rejects.toThrow(message);
  });
});
