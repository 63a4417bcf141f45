import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGitSource, type GitSourceOptions } from '../../../src/git/git-source.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../../helpers/git-server.js';

// openGitSource against Git's own smart-HTTP server (git http-backend): what is fetched, from which ref, and how a
// cache directory carries one fetch over to the next.

let server: GitServer;
let repo: WorkRepo;
const c: Record<'one' | 'two' | 'feature' | 'unpushed', string> = { one: '', two: '', feature: '', unpushed: '' };

const cm = (name: string, value = '1') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {v: "${value}"}\n`;
const cacheDir = () => mkdtempSync(join(tmpdir(), 'gitfed-remote-cache-'));
const open = (over: Partial<GitSourceOptions> = {}) => openGitSource({ repo: server.urlOf('fleet'), cacheDir: cacheDir(), ...over });
const paths = (files: ReadonlyMap<string, string>) => [...files.keys()].sort();

beforeAll(async () => {
  server = await startGitServer();
  repo = createRepo(server, 'fleet');
  c.one = repo.commit({ 'apps/a.yaml': cm('a'), 'apps/b.yaml': cm('b'), 'clusters.yaml': cm('clusters'), 'gitfed.yaml': 'pruneLimit: 50\n' });
  repo.git(['tag', 'v1']);
  repo.git(['tag', '-a', 'v1-annotated', '-m', 'release one']);
  repo.git(['push', '-q', 'origin', 'v1', 'v1-annotated']);
  c.two = repo.commit({ 'apps/a.yaml': cm('a', '2'), 'apps/b.yaml': null, 'infra/c.yaml': cm('c') });
  repo.git(['checkout', '-q', '-b', 'feature']);
  c.feature = repo.commit({ 'apps/f.yaml': cm('f') });
  repo.git(['checkout', '-q', 'main']);
  // a commit only the work clone has: the server never received it
  repo.git(['commit', '-q', '--allow-empty', '-m', 'never pushed']);
  c.unpushed = repo.git(['rev-parse', 'HEAD']);
  repo.git(['reset', '-q', '--hard', 'HEAD~1']);
});

afterAll(async () => {
  await server?.stop();
});

describe('snapshot: the commit a ref names, fetched over smart HTTP', () => {
  it.each([
    ['the default branch', undefined, 'two', ['apps/a.yaml', 'clusters.yaml', 'gitfed.yaml', 'infra/c.yaml']],
    ['a branch', 'feature', 'feature', ['apps/a.yaml', 'apps/f.yaml', 'clusters.yaml', 'gitfed.yaml', 'infra/c.yaml']],
    ['a full branch ref', 'refs/heads/feature', 'feature', ['apps/a.yaml', 'apps/f.yaml', 'clusters.yaml', 'gitfed.yaml', 'infra/c.yaml']],
    ['a lightweight tag', 'v1', 'one', ['apps/a.yaml', 'apps/b.yaml', 'clusters.yaml', 'gitfed.yaml']],
    ['an annotated tag (its commit, not the tag object)', 'v1-annotated', 'one', ['apps/a.yaml', 'apps/b.yaml', 'clusters.yaml', 'gitfed.yaml']],
    ['a commit of the default branch', 'SHA:one', 'one', ['apps/a.yaml', 'apps/b.yaml', 'clusters.yaml', 'gitfed.yaml']],
    ['a commit only another branch holds', 'SHA:feature', 'feature', ['apps/a.yaml', 'apps/f.yaml', 'clusters.yaml', 'gitfed.yaml', 'infra/c.yaml']],
  ] as const)('reads %s', async (_, ref, commit, files) => {
    const name = ref?.startsWith('SHA:') ? c[ref.slice(4) as keyof typeof c] : ref;
    const snap = await open(name ? { ref: name } : {}).snapshot();
    expect(snap.revision).toBe(c[commit]);
    expect(paths(snap.files)).toEqual(files);
  });

  it('reads the file contents of the commit', async () => {
    const snap = await open({ ref: 'v1' }).snapshot();
    expect(snap.files.get('apps/a.yaml')).toBe(cm('a'));
  });

  it.each([
    ['a branch the server lacks', 'no-such-branch', 'cannot read ref no-such-branch'],
    ['a commit the server does not hold', 'SHA:unpushed', 'cannot read ref '],
  ])('%s is an error naming the repository and the ref', async (_, ref, message) => {
    const name = ref.startsWith('SHA:') ? c.unpushed : ref;
    const err = await open({ ref: name }).snapshot().then(() => { throw new Error('expected the snapshot to fail'); }, (e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'InvalidInput', subject: server.urlOf('fleet') });
    expect(err.message).toContain(`${server.urlOf('fleet')}: ${message}`);
    expect(err.message).toContain(name);
  });

  it('a repository without commits is an error naming the default branch', async () => {
    createRepo(server, 'empty');
    const err = await openGitSource({ repo: server.urlOf('empty'), cacheDir: cacheDir() }).snapshot().then(() => { throw new Error('expected the snapshot to fail'); }, (e: unknown) => e as Error);
    expect(err.message).toContain(`${server.urlOf('empty')}: cannot read the default branch`);
  });

  it.each([['apps'], ['apps/'], ['/apps']])('with path %s reads only that folder, with paths relative to it', async (path) => {
    const snap = await open({ path, ref: 'feature' }).snapshot();
    expect(paths(snap.files)).toEqual(['a.yaml', 'f.yaml']);
  });
});

describe('snapshot: one cache directory carries a clone from one fetch to the next', () => {
  it('the next snapshot, from the same source or a new one on the same cache, picks up a new commit', async () => {
    const dir = cacheDir();
    const work = createRepo(server, 'moving');
    const first = work.commit({ 'a.yaml': cm('a') });
    const source = openGitSource({ repo: server.urlOf('moving'), cacheDir: dir });
    expect((await source.snapshot()).revision).toBe(first);

    const second = work.commit({ 'b.yaml': cm('b') });
    const again = await source.snapshot();
    expect(again.revision).toBe(second);
    expect(paths(again.files)).toEqual(['a.yaml', 'b.yaml']);

    const third = work.commit({ 'a.yaml': null });
    const restarted = await openGitSource({ repo: server.urlOf('moving'), cacheDir: dir }).snapshot();
    expect(restarted.revision).toBe(third);
    expect(paths(restarted.files)).toEqual(['b.yaml']);
  });

  it('a branch forced back to an older commit is read at that commit, not the newer one the cache holds', async () => {
    const dir = cacheDir();
    const work = createRepo(server, 'rewound');
    const first = work.commit({ 'a.yaml': cm('a') });
    work.commit({ 'b.yaml': cm('b') });
    const source = openGitSource({ repo: server.urlOf('rewound'), cacheDir: dir });
    await source.snapshot();
    work.git(['push', '-q', '-f', 'origin', `${first}:refs/heads/main`]);
    const snap = await source.snapshot();
    expect(snap.revision).toBe(first);
    expect(paths(snap.files)).toEqual(['a.yaml']);
  });

  it('two sources of different branches share one cache directory without mixing their commits', async () => {
    const dir = cacheDir();
    const main = openGitSource({ repo: server.urlOf('fleet'), cacheDir: dir });
    const feature = openGitSource({ repo: server.urlOf('fleet'), ref: 'feature', cacheDir: dir });
    expect((await main.snapshot()).revision).toBe(c.two);
    expect((await feature.snapshot()).revision).toBe(c.feature);
    expect((await main.snapshot()).revision).toBe(c.two);
  });

  it('keeps a bare clone in the cache that the git command can read', async () => {
    const dir = cacheDir();
    await open({ cacheDir: dir }).snapshot();
    const [entry] = execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n');
    expect(entry).toMatch(/^[0-9a-f]{16}\.git$/);
    expect(execFileSync('git', ['--git-dir', join(dir, entry!), 'cat-file', '-t', c.two], { encoding: 'utf8' }).trim()).toBe('commit');
  });
});

describe('changedPaths and fileAt: commits already fetched, read without the network', () => {
  it('changedPaths lists modified, added and deleted files between two commits', async () => {
    const source = open();
    await source.snapshot();
    expect(await source.changedPaths(c.one, c.two)).toEqual(['apps/a.yaml', 'apps/b.yaml', 'infra/c.yaml']);
  });

  it('changedPaths under the source path lists only the files below it, relative to it', async () => {
    const source = open({ path: 'apps', ref: 'feature' });
    await source.snapshot();
    expect(await source.changedPaths(c.one, c.feature)).toEqual(['a.yaml', 'b.yaml', 'f.yaml']);
  });

  it('changedPaths of a commit that was never fetched fails rather than listing nothing', async () => {
    const source = open({ ref: 'v1' });
    await source.snapshot();
    await expect(source.changedPaths(c.one, c.feature)).rejects.toThrow();
  });

  it('fileAt reads a file of an older commit fetched with the branch, and is undefined for a file that commit lacks', async () => {
    const source = open();
    await source.snapshot();
    expect(await source.fileAt(c.one, 'gitfed.yaml')).toBe('pruneLimit: 50\n');
    expect(await source.fileAt(c.one, 'apps/b.yaml')).toBe(cm('b'));
    expect(await source.fileAt(c.two, 'apps/b.yaml')).toBeUndefined();
  });

  it.each([['apps'], ['apps/'], ['/apps']])('fileAt takes paths relative to the source path %s', async (path) => {
    const source = open({ path });
    await source.snapshot();
    expect(await source.fileAt(c.one, 'b.yaml')).toBe(cm('b'));
    expect(await source.fileAt(c.one, 'clusters.yaml')).toBeUndefined();
  });

  it.each([[''], ['/']])('fileAt with the root %j as source path reads from the top, as snapshot does', async (path) => {
    const source = open({ path });
    expect((await source.snapshot()).files.has('clusters.yaml')).toBe(true);
    expect(await source.fileAt(c.one, 'clusters.yaml')).toBe(cm('clusters'));
  });

  it('fileAt of a commit that was never fetched fails rather than answering undefined', async () => {
    const source = open({ ref: 'v1' });
    await source.snapshot();
    await expect(source.fileAt(c.feature, 'apps/f.yaml')).rejects.toThrow();
  });
});
