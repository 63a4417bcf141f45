import { execFileSync } from 'node:child_process';
import { promises as fsp, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openGitSource, type GitSourceOptions } from '../../src/git/git-source.js';
import { readSource, type SourceOptions } from '../../src/reconcile/source.js';
import { createRepo, startGitServer, type GitServer, type WorkRepo } from '../helpers/git-server.js';

let server: GitServer;
let repo: WorkRepo;

beforeAll(async () => {
  server = await startGitServer();
  repo = createRepo(server, 'packs');
  repo.commit({ 'apps/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: "0"}\n' });
});

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** idxReads counts the pack indexes read from disk while fn runs. */
async function idxReads(fn: () => Promise<unknown>): Promise<number> {
  const real = fsp.readFile.bind(fsp);
  let n = 0;
  const spy = vi.spyOn(fsp, 'readFile').mockImplementation(((path: Parameters<typeof fsp.readFile>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('.idx')) n++;
    return (real as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof fsp.readFile);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return n;
}

describe('a long-running source over a growing cache', () => {
  it('reads each pack index once, not once per pack and snapshot, as fetches add packs', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-packs-'));
    const source = openGitSource({ repo: server.urlOf('packs'), cacheDir });
    await source.snapshot();
    const reads: number[] = [];
    for (let i = 1; i <= 6; i++) {
      repo.commit({ 'apps/a.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: "${i}"}\n` });
      reads.push(await idxReads(() => source.snapshot()));
    }
    const gitdir = readdirSync(cacheDir).find((d) => d.endsWith('.git')) as string;
    const packs = readdirSync(join(cacheDir, gitdir, 'objects', 'pack')).filter((f) => f.endsWith('.idx'));
    // every fetch brought a pack of its own
    expect(packs.length).toBeGreaterThanOrEqual(7);
    // a snapshot reads at most the index of the pack its fetch brought
    expect(Math.max(...reads)).toBeLessThanOrEqual(1);
  });
});

/** packDir is the pack folder of the one cached clone under cacheDir. */
function packDir(cacheDir: string): string {
  const gitdir = readdirSync(cacheDir).find((d) => d.endsWith('.git')) as string;
  return join(cacheDir, gitdir, 'objects', 'pack');
}

/** objectsIn counts the objects of every pack index in dir (read by git itself). */
function objectsIn(dir: string): Map<string, number> {
  const idx = readdirSync(dir).filter((f) => f.endsWith('.idx'));
  return new Map(idx.map((f) => [f, execFileSync('git', ['show-index'], { input: readFileSync(join(dir, f)), encoding: 'utf8' }).trim().split('\n').filter(Boolean).length]));
}

/** broughtBy counts the objects of the packs a call added to dir. */
async function broughtBy(dir: string, fn: () => Promise<unknown>): Promise<number> {
  const before = objectsIn(dir);
  await fn();
  return [...objectsIn(dir)].filter(([f]) => !before.has(f)).reduce((n, [, k]) => n + k, 0);
}

const cm = (v: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: "${v}"}\n`;

describe('a fetch asks only for what the cache lacks', () => {
  const refs: { rule: string; ref?: string }[] = [
    { rule: 'the default branch' },
    { rule: 'a branch by name', ref: 'main' },
    { rule: 'a branch by its full name', ref: 'refs/heads/main' },
  ];
  it.each(refs)('$rule: a one-file commit brings its own 4 objects, not the history; no commit brings none', async ({ ref }) => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-haves-'));
    const opts: GitSourceOptions = { repo: server.urlOf('packs'), cacheDir, ...(ref ? { ref } : {}) };
    const source = openGitSource(opts);
    for (let i = 0; i < 3; i++) repo.commit({ [`apps/old-${i}.yaml`]: cm(i) });
    await source.snapshot();
    const dir = packDir(cacheDir);
    const first = [...objectsIn(dir).values()].reduce((a, b) => a + b, 0);
    for (let i = 0; i < 3; i++) {
      const head = repo.commit({ 'apps/a.yaml': cm(100 + i) });
      let revision: string | null = null;
      // the commit, the root tree, apps/ and the one blob
      expect(await broughtBy(dir, async () => (revision = (await source.snapshot()).revision))).toBe(4);
      expect(revision).toBe(head);
    }
    expect(await broughtBy(dir, () => source.snapshot())).toBe(0);
    // a fresh source on the same cache also starts from what is there
    repo.commit({ 'apps/a.yaml': cm(200) });
    expect(await broughtBy(dir, () => openGitSource(opts).snapshot())).toBe(4);
    expect(first).toBeGreaterThan(4);
  });

  it('a pinned tag fetched again brings nothing while its branch moves on', async () => {
    repo.commit({ 'apps/a.yaml': cm(300) });
    repo.git(['tag', '-a', '-m', 'pin', 'pin-1']);
    repo.git(['push', '-q', 'origin', 'pin-1']);
    const pinned = repo.git(['rev-parse', 'pin-1^{commit}']);
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-haves-'));
    const source = openGitSource({ repo: server.urlOf('packs'), cacheDir, ref: 'pin-1' });
    expect((await source.snapshot()).revision).toBe(pinned);
    repo.commit({ 'apps/a.yaml': cm(301) });
    let revision: string | null = null;
    expect(await broughtBy(packDir(cacheDir), async () => (revision = (await source.snapshot()).revision))).toBe(0);
    expect(revision).toBe(pinned);
  });
});

describe('readSource with the same options on every commit, as the running reconciler and the agent read', () => {
  it('keeps its source between reads: a read parses only the pack its fetch brought', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-packs-'));
    const opts: SourceOptions = { repo: server.urlOf('packs'), cacheDir };
    await readSource(opts);
    const reads: number[] = [];
    for (let i = 1; i <= 6; i++) {
      repo.commit({ 'apps/a.yaml': cm(400 + i) });
      reads.push(await idxReads(() => readSource(opts)));
    }
    expect(readdirSync(packDir(cacheDir)).filter((f) => f.endsWith('.idx')).length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...reads)).toBeLessThanOrEqual(1);
    // other options are another source, which starts by parsing what it needs
    expect(await idxReads(() => readSource({ ...opts }))).toBeGreaterThan(1);
  });
});
