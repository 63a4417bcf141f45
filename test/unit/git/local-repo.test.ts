import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, initRepo, originUrl, readNoteText } from '../../../src/git/local-repo.js';
import { workTree } from './work-tree.js';

const NOTES = 'refs/notes/gitfed';
const gitIn = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();

/** folder makes a temporary directory holding the given files. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gitfed-local-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('initRepo and commitAll: the demo turns a folder into a repository and commits every change', () => {
  it('initRepo makes a repository on branch main', async () => {
    const dir = folder({ 'a.yaml': 'a: 1\n' });
    await initRepo(dir);
    expect(gitIn(dir, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
  });

  it('commitAll commits new, changed and deleted files, nested ones too, and returns the commit', async () => {
    const dir = folder({ 'a.yaml': 'a: 1\n', 'apps/b.yaml': 'b: 1\n', 'apps/deep/c.yaml': 'c: 1\n' });
    await initRepo(dir);
    const first = await commitAll(dir, 'first');
    expect(gitIn(dir, 'rev-parse', 'HEAD')).toBe(first);
    expect(gitIn(dir, 'ls-tree', '-r', '--name-only', first).split('\n')).toEqual(['a.yaml', 'apps/b.yaml', 'apps/deep/c.yaml']);

    writeFileSync(join(dir, 'a.yaml'), 'a: 2\n');
    rmSync(join(dir, 'apps/deep/c.yaml'));
    writeFileSync(join(dir, 'd.yaml'), 'd: 1\n');
    const second = await commitAll(dir, 'second');
    expect(gitIn(dir, 'rev-parse', `${second}^`)).toBe(first);
    expect(gitIn(dir, 'diff', '--name-status', first, second).split('\n')).toEqual(['M\ta.yaml', 'D\tapps/deep/c.yaml', 'A\td.yaml']);
    expect(gitIn(dir, 'show', `${second}:a.yaml`)).toBe('a: 2');
    expect(gitIn(dir, 'log', '-1', '--format=%s|%an <%ae>', second)).toBe('second|gitfed demo <demo@gitfed.invalid>');
    expect(gitIn(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('readNoteText: the note a notes ref holds for a commit', () => {
  it('reads the note git notes wrote, from the work tree or from the git directory', async () => {
    const repo = workTree();
    const sha = repo.commit({ 'a.yaml': 'a: 1\n' });
    repo.git('notes', `--ref=${NOTES}`, 'add', '-m', '{"state":"success"}', sha);
    expect(await readNoteText(repo.dir, NOTES, sha)).toBe('{"state":"success"}\n');
    expect(await readNoteText(repo.gitdir, NOTES, sha)).toBe('{"state":"success"}\n');
  });

  it('is undefined for a commit without a note, and for a notes ref that does not exist', async () => {
    const repo = workTree();
    const noted = repo.commit({ 'a.yaml': 'a: 1\n' });
    const bare = repo.commit({ 'a.yaml': 'a: 2\n' });
    repo.git('notes', `--ref=${NOTES}`, 'add', '-m', 'x', noted);
    expect(await readNoteText(repo.dir, NOTES, bare)).toBeUndefined();
    expect(await readNoteText(repo.dir, 'refs/notes/other', noted)).toBeUndefined();
  });

  it('reads the newest note after it was replaced', async () => {
    const repo = workTree();
    const sha = repo.commit({ 'a.yaml': 'a: 1\n' });
    repo.git('notes', `--ref=${NOTES}`, 'add', '-m', 'old', sha);
    repo.git('notes', `--ref=${NOTES}`, 'add', '-f', '-m', 'new', sha);
    expect(await readNoteText(repo.dir, NOTES, sha)).toBe('new\n');
  });
});

describe('originUrl: the URL of the origin remote', () => {
  it.each([
    ['a work tree', false],
    ['its git directory', true],
  ])('is the configured URL, read from %s', async (_, fromGitdir) => {
    const repo = workTree();
    repo.git('remote', 'add', 'origin', 'https://git.example.com/org/fleet.git');
    expect(await originUrl(fromGitdir ? repo.gitdir : repo.dir)).toBe('https://git.example.com/org/fleet.git');
  });

  it('is undefined without an origin, and for a folder that is no repository', async () => {
    const repo = workTree();
    repo.git('remote', 'add', 'upstream', 'https://git.example.com/org/fleet.git');
    expect(await originUrl(repo.dir)).toBeUndefined();
    expect(await originUrl(folder({}))).toBeUndefined();
  });
});
