import * as fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffTrees, readCommitTree, readFileAt, type BlobMemo } from '../../../src/git/tree.js';
import { workTree, type WorkTree } from './work-tree.js';

const cm = (name: string, value = '1') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {v: "${value}"}\n`;
const limits = (maxFileBytes: number, maxRepoBytes: number) => ({ maxFileBytes, maxRepoBytes, maxObjects: 7 });

let repo: WorkTree;
let base: string;

beforeAll(() => {
  repo = workTree();
  base = repo.commit({
    'apps/a.yaml': cm('a'),
    'apps/b.yml': cm('b'),
    'apps/c.JSON': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}',
    'apps/notes.txt': 'not a manifest',
    'README.md': '# not a manifest',
    '.github/workflows/ci.yaml': 'on: push\n',
    'apps/.hidden/secret.yaml': cm('hidden'),
    'clusters.yaml': cm('clusters'),
    'linked.yaml': { link: 'clusters.yaml' },
    'apps/up.yaml': { link: '../clusters.yaml' },
    'escape.yaml': { link: '/etc/passwd' },
  });
});

describe('readCommitTree: the manifests of a commit, never the work tree', () => {
  it('keeps .yaml, .yml and .json files (any case) with their text, and nothing else', async () => {
    const snap = await readCommitTree(fs, repo.gitdir, base);
    expect(snap.revision).toBe(base);
    expect([...snap.files.keys()].sort()).toEqual(['apps/a.yaml', 'apps/b.yml', 'apps/c.JSON', 'clusters.yaml']);
    expect(snap.files.get('apps/a.yaml')).toBe(cm('a'));
  });

  it('skips every path with a segment starting with a dot (.github, hidden folders)', async () => {
    const snap = await readCommitTree(fs, repo.gitdir, base);
    expect([...snap.files.keys()].filter((p) => p.split('/').some((s) => s.startsWith('.')))).toEqual([]);
  });

  it('reports each symbolic link named as a manifest as a warning and never reads its target', async () => {
    const snap = await readCommitTree(fs, repo.gitdir, base);
    expect(snap.files.has('linked.yaml')).toBe(false);
    expect(snap.files.has('escape.yaml')).toBe(false);
    expect(snap.diagnostics).toEqual([
      { severity: 'warning', file: 'apps/up.yaml', line: 1, message: 'is a symbolic link and is not followed' },
      { severity: 'warning', file: 'escape.yaml', line: 1, message: 'is a symbolic link and is not followed' },
      { severity: 'warning', file: 'linked.yaml', line: 1, message: 'is a symbolic link and is not followed' },
    ]);
  });

  it('a link to a folder, or out of the repository, is reported too, as in directory mode; a link to another file is not', async () => {
    const other = workTree();
    const head = other.commit({
      'apps/a.yaml': cm('a'), 'README.md': '# docs',
      'shared': { link: 'apps' }, 'docs': { link: 'README.md' }, 'elsewhere': { link: '../../outside' }, 'nested/up': { link: '../apps' },
    });
    const snap = await readCommitTree(fs, other.gitdir, head);
    expect([...snap.files.keys()]).toEqual(['apps/a.yaml']);
    expect(snap.diagnostics?.map((d) => d.file)).toEqual(['elsewhere', 'nested/up', 'shared']);
  });

  it('reads the commit it is given, not the newest one nor uncommitted files', async () => {
    const other = workTree();
    const first = other.commit({ 'a.yaml': cm('a', 'first') });
    other.commit({ 'a.yaml': cm('a', 'second'), 'b.yaml': cm('b') });
    fs.writeFileSync(`${other.dir}/c.yaml`, cm('c'));
    const snap = await readCommitTree(fs, other.gitdir, first);
    expect(snap.revision).toBe(first);
    expect([...snap.files]).toEqual([['a.yaml', cm('a', 'first')]]);
  });

  it.each([
    ['apps', ['a.yaml', 'b.yml', 'c.JSON']],
    ['/apps/', ['a.yaml', 'b.yml', 'c.JSON']],
    ['', ['apps/a.yaml', 'apps/b.yml', 'apps/c.JSON', 'clusters.yaml']],
    ['/', ['apps/a.yaml', 'apps/b.yml', 'apps/c.JSON', 'clusters.yaml']],
    ['app', []],
    ['missing', []],
  ])('under path %j keeps only the files below it, relative to it', async (path, files) => {
    const snap = await readCommitTree(fs, repo.gitdir, base, path);
    expect([...snap.files.keys()].sort()).toEqual(files);
  });

  it('a link under the path is reported relative to the path; links elsewhere are not reported', async () => {
    const snap = await readCommitTree(fs, repo.gitdir, base, 'apps');
    expect(snap.diagnostics).toEqual([{ severity: 'warning', file: 'up.yaml', line: 1, message: 'is a symbolic link and is not followed' }]);
  });

  it('carries the operator limit on objects and has no diagnostics when there is nothing to say', async () => {
    const clean = workTree();
    const oid = clean.commit({ 'a.yaml': cm('a') });
    const snap = await readCommitTree(fs, clean.gitdir, oid, undefined, limits(100, 1000));
    expect(snap.maxObjects).toBe(7);
    expect(snap.diagnostics).toBeUndefined();
  });
});

describe('readCommitTree: size limits and encodings', () => {
  let sized: WorkTree;
  let oid: string;
  beforeAll(() => {
    sized = workTree();
    // files of 10, 20, 10 and 10 bytes; walked in path order
    oid = sized.commit({ 'a.yaml': 'a: 1234567', 'b.yaml': 'b: 12345678901234567', 'c.yaml': 'c: 1234567', 'd.yaml': 'd: 1234567' });
  });

  it('a file over the per-file limit is not read and is named; the others are', async () => {
    const snap = await readCommitTree(fs, sized.gitdir, oid, undefined, limits(10, 1000));
    expect([...snap.files.keys()]).toEqual(['a.yaml', 'c.yaml', 'd.yaml']);
    expect(snap.diagnostics).toEqual([{ severity: 'error', file: 'b.yaml', line: 0, message: 'is 20 bytes, over the limit of 10 bytes per file (--max-file-size); it was not read' }]);
  });

  it('reading stops at the file that passes the revision limit, the same file on every run', async () => {
    for (let run = 0; run < 2; run++) {
      const snap = await readCommitTree(fs, sized.gitdir, oid, undefined, limits(100, 35));
      expect([...snap.files.keys()]).toEqual(['a.yaml', 'b.yaml']);
      expect(snap.diagnostics?.map((d) => [d.file, d.severity])).toEqual([['c.yaml', 'error']]);
    }
  });

  it('files exactly at both limits are read', async () => {
    const snap = await readCommitTree(fs, sized.gitdir, oid, undefined, limits(20, 50));
    expect(snap.files.size).toBe(4);
    expect(snap.diagnostics).toBeUndefined();
  });

  it('a file that is not UTF-8 is an error with its line and is not kept; an empty file is kept', async () => {
    const enc = workTree();
    const bad = enc.commit({ 'bad.yaml': new Uint8Array([0x61, 0x3a, 0x0a, 0x62, 0x3a, 0x20, 0xff, 0x0a]), 'empty.yaml': '' });
    const snap = await readCommitTree(fs, enc.gitdir, bad);
    expect([...snap.files]).toEqual([['empty.yaml', '']]);
    expect(snap.diagnostics).toEqual([{ severity: 'error', file: 'bad.yaml', line: 2, message: 'is not UTF-8 text (invalid byte 0xff at offset 6)' }]);
  });
});

describe('diffTrees: the paths whose content differs between two commits', () => {
  let history: WorkTree;
  const c: Record<string, string> = {};
  beforeAll(() => {
    history = workTree();
    c.one = history.commit({ 'apps/a.yaml': cm('a'), 'apps/b.yaml': cm('b'), 'infra/x.yaml': cm('x'), 'README.md': 'one', 'data.yaml': 'file' });
    c.two = history.commit({ 'apps/a.yaml': cm('a', '2'), 'apps/b.yaml': null, 'apps/new/n.yaml': cm('n'), 'README.md': 'two' });
    c.same = history.commit({}, 'empty commit');
    c.moved = history.commit({ 'data.yaml': null, 'data.yaml/inner.yaml': cm('inner') });
  });

  it('lists modified, added and deleted files (any file, not only manifests), sorted', async () => {
    expect(await diffTrees(fs, history.gitdir, c.one!, c.two!)).toEqual(['README.md', 'apps/a.yaml', 'apps/b.yaml', 'apps/new/n.yaml']);
  });

  it('is symmetric in the paths it lists', async () => {
    expect(await diffTrees(fs, history.gitdir, c.two!, c.one!)).toEqual(await diffTrees(fs, history.gitdir, c.one!, c.two!));
  });

  it('lists nothing between a commit and itself or an empty commit on top of it', async () => {
    expect(await diffTrees(fs, history.gitdir, c.two!, c.two!)).toEqual([]);
    expect(await diffTrees(fs, history.gitdir, c.two!, c.same!)).toEqual([]);
  });

  it.each([
    ['apps', ['a.yaml', 'b.yaml', 'new/n.yaml']],
    ['apps/new', ['n.yaml']],
    ['infra', []],
  ])('under path %s lists only the paths below it, relative to it', async (path, paths) => {
    expect(await diffTrees(fs, history.gitdir, c.one!, c.two!, path)).toEqual(paths);
  });

  it('a file replaced by a directory of the same name counts as changed, as do the files in the directory', async () => {
    expect(await diffTrees(fs, history.gitdir, c.same!, c.moved!)).toEqual(['data.yaml', 'data.yaml/inner.yaml']);
    expect(await diffTrees(fs, history.gitdir, c.moved!, c.same!)).toEqual(['data.yaml', 'data.yaml/inner.yaml']);
  });

  it('agrees with git diff --name-only on every pair of commits', async () => {
    const commits = Object.values(c);
    for (const from of commits) {
      for (const to of commits) {
        const git = history.git('diff', '--no-renames', '--name-only', from, to).split('\n').filter(Boolean).sort();
        expect(await diffTrees(fs, history.gitdir, from, to), `${from}..${to}`).toEqual(git);
      }
    }
  });
});

describe('readFileAt: one file of a commit from the local object store', () => {
  it('reads the file as it was at that commit', async () => {
    const r = workTree();
    const one = r.commit({ 'apps/a.yaml': cm('a', 'one') });
    r.commit({ 'apps/a.yaml': cm('a', 'two') });
    expect(await readFileAt(fs, r.gitdir, one, 'apps/a.yaml')).toBe(cm('a', 'one'));
  });

  it.each([['a path the tree lacks', 'apps/none.yaml'], ['a file under a missing folder', 'none/a.yaml']])('is undefined for %s', async (_, path) => {
    expect(await readFileAt(fs, repo.gitdir, base, path)).toBeUndefined();
  });

  it('fails, rather than answering undefined, for a commit that is not in the store', async () => {
    await expect(readFileAt(fs, repo.gitdir, 'f'.repeat(40), 'apps/a.yaml')).rejects.toThrow();
  });

  it('fails for a path that is a directory', async () => {
    await expect(readFileAt(fs, repo.gitdir, base, 'apps')).rejects.toThrow();
  });
});

/** readsOf wraps fs so that the loose objects read (by id) are listed: the work tree's objects are all loose. */
function readsOf(): { fs: typeof fs; objects: string[] } {
  const objects: string[] = [];
  const readFile = (async (path: fs.PathLike, ...rest: unknown[]) => {
    const m = /objects\/([0-9a-f]{2})\/([0-9a-f]{38})$/.exec(String(path));
    if (m) objects.push(`${m[1]}${m[2]}`);
    return (fs.promises.readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof fs.promises.readFile;
  return { fs: { ...fs, promises: { ...fs.promises, readFile } } as typeof fs, objects };
}

describe('readCommitTree with a BlobMemo: only the blobs a commit changed are read', () => {
  it('reads every blob once, then only the changed one, and gives the same snapshot as a read without memo', async () => {
    const other = workTree();
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`apps/app-${i}.yaml`, cm(`app-${i}`)]));
    const first = other.commit(files);
    const memo: BlobMemo = { blobs: new Map() };
    const blobOf = (rev: string, path: string) => other.git('rev-parse', `${rev}:${path}`);
    const before = readsOf();
    await readCommitTree(before.fs, other.gitdir, first, undefined, undefined, {}, memo);
    expect(Object.keys(files).every((p) => before.objects.includes(blobOf(first, p)))).toBe(true);

    const second = other.commit({ 'apps/app-3.yaml': cm('app-3', '2') });
    const after = readsOf();
    const snap = await readCommitTree(after.fs, other.gitdir, second, undefined, undefined, {}, memo);
    const blobsRead = after.objects.filter((id) => Object.keys(files).some((p) => blobOf(first, p) === id || blobOf(second, p) === id));
    expect(blobsRead).toEqual([blobOf(second, 'apps/app-3.yaml')]);
    expect(snap).toEqual(await readCommitTree(fs, other.gitdir, second));
    expect(memo.blobs.size).toBe(12);
  });
});
