import { execFileSync } from 'node:child_process';
import { promises as fsp, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openGitSource, type GitSourceOptions } from '../../src/git/git-source.js';
import { UNPACK_LIMIT } from '../../src/git/unpack-small.js';
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

/** readsOf counts the files read from disk whose path matches `match` while fn runs. */
async function readsOf(match: RegExp, fn: () => Promise<unknown>): Promise<number> {
  const real = fsp.readFile.bind(fsp);
  let n = 0;
  const spy = vi.spyOn(fsp, 'readFile').mockImplementation(((path: Parameters<typeof fsp.readFile>[0], ...rest: unknown[]) => {
    if (match.test(String(path))) n++;
    return (real as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof fsp.readFile);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return n;
}

/** idxReads counts the pack indexes read while fn runs. */
const idxReads = (fn: () => Promise<unknown>): Promise<number> => readsOf(/\.idx$/, fn);

/** objectReads counts the objects looked up while fn runs: isomorphic-git tries each one's loose path first. */
const objectReads = (fn: () => Promise<unknown>): Promise<number> => readsOf(/objects\/[0-9a-f]{2}\/[0-9a-f]{38}$/, fn);

describe('a long-running source over a growing cache', () => {
  it('keeps what small fetches bring as loose objects, as git does: the packs and the indexes a snapshot reads stay as many', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-packs-'));
    const source = openGitSource({ repo: server.urlOf('packs'), cacheDir });
    await source.snapshot();
    const packs = (): string[] => readdirSync(packDir(cacheDir)).filter((f) => f.endsWith('.idx'));
    const clone = packs();
    const reads: number[] = [];
    for (let i = 1; i <= 6; i++) {
      repo.commit({ 'apps/a.yaml': cm(i) });
      let snap: Awaited<ReturnType<typeof source.snapshot>> | undefined;
      reads.push(await idxReads(async () => (snap = await source.snapshot())));
      expect(snap?.files.get('apps/a.yaml')).toBe(cm(i));
    }
    expect(packs()).toEqual(clone);
    // unpacking reads the new pack's index and the clone's, whatever the number of commits before
    expect(Math.max(...reads)).toBeLessThanOrEqual(2);
    expect(reads.every((n) => n === reads[0])).toBe(true);
  });

  it('a fetch of UNPACK_LIMIT objects or more stays a pack', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-packs-'));
    const source = openGitSource({ repo: server.urlOf('packs'), cacheDir });
    await source.snapshot();
    const before = readdirSync(packDir(cacheDir)).filter((f) => f.endsWith('.idx')).length;
    const files = Object.fromEntries(Array.from({ length: UNPACK_LIMIT }, (_, i) => [`apps/many-${i}.yaml`, cm(1000 + i)]));
    repo.commit(files);
    const snap = await source.snapshot();
    expect(readdirSync(packDir(cacheDir)).filter((f) => f.endsWith('.idx')).length).toBe(before + 1);
    expect(snap.files.get(`apps/many-${UNPACK_LIMIT - 1}.yaml`)).toBe(cm(1000 + UNPACK_LIMIT - 1));
  });

  it('reads running beside snapshots wait while a fetched pack is unpacked: none can list the pack being removed', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-packs-'));
    const source = openGitSource({ repo: server.urlOf('packs'), cacheDir });
    const first = (await source.snapshot()).revision as string;
    const clonePacks = new Set(readdirSync(packDir(cacheDir)).filter((f) => f.endsWith('.pack')));
    const ofFirst = new Set([first, `${first}^{tree}`, `${first}:apps`, `${first}:apps/a.yaml`].map((r) => repo.git(['rev-parse', r])));
    const events: string[] = [];
    const realRead = fsp.readFile.bind(fsp);
    vi.spyOn(fsp, 'readFile').mockImplementation(((path: Parameters<typeof fsp.readFile>[0], ...rest: unknown[]) => {
      const p = String(path);
      const loose = /objects\/([0-9a-f]{2})\/([0-9a-f]{38})$/.exec(p);
      if (p.endsWith('.pack') && !clonePacks.has(p.split('/').pop() as string)) events.push('unpacking');
      else if (loose && ofFirst.has(`${loose[1]}${loose[2]}`)) events.push('read');
      return (realRead as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof fsp.readFile);
    const realRm = fsp.rm.bind(fsp);
    vi.spyOn(fsp, 'rm').mockImplementation((async (path: Parameters<typeof fsp.rm>[0], opts?: Parameters<typeof fsp.rm>[1]) => {
      await realRm(path, opts);
      if (String(path).endsWith('.pack')) events.push('unpacked');
    }) as typeof fsp.rm);
    for (let i = 0; i < 3; i++) {
      repo.commit({ 'apps/a.yaml': cm(800 + i) });
      let done = false;
      const texts: (string | undefined)[] = [];
      const reader = (async () => {
        while (!done) texts.push(await source.fileAt(first, 'apps/a.yaml'));
      })();
      const snap = await source.snapshot();
      done = true;
      await reader;
      expect(snap.files.get('apps/a.yaml')).toBe(cm(800 + i));
      expect(new Set(texts).size).toBe(1);
    }
    // every unpack ran whole between two reads
    const phases = events.join(' ').replace(/(unpacking )+/g, 'unpacking ');
    expect(phases.match(/unpacking/g)).toHaveLength(3);
    expect(phases.match(/unpacking (?!unpacked)/g)).toBeNull();
    expect(events.filter((e) => e === 'read').length).toBeGreaterThan(3);
  });
});

/** packDir is the pack folder of the one cached clone under cacheDir. */
function packDir(cacheDir: string): string {
  const gitdir = readdirSync(cacheDir).find((d) => d.endsWith('.git')) as string;
  return join(cacheDir, gitdir, 'objects', 'pack');
}

/** objectsIn lists the objects of a cached clone's packs (read by git itself) and its loose objects. */
function objectsIn(dir: string): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.idx'))) {
    for (const line of execFileSync('git', ['show-index'], { input: readFileSync(join(dir, f)), encoding: 'utf8' }).trim().split('\n').filter(Boolean)) out.add(line.split(' ')[1] as string);
  }
  const objects = join(dir, '..');
  for (const sub of readdirSync(objects).filter((x) => /^[0-9a-f]{2}$/.test(x))) for (const rest of readdirSync(join(objects, sub))) out.add(sub + rest);
  return out;
}

/** broughtBy counts the objects a call added to the clone whose pack folder is dir. */
async function broughtBy(dir: string, fn: () => Promise<unknown>): Promise<number> {
  const before = objectsIn(dir);
  await fn();
  return [...objectsIn(dir)].filter((id) => !before.has(id)).length;
}

const cm = (v: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {v: "${v}"}\n`;

describe('a fetch asks only for what the cache lacks', () => {
  let unique = 10_000;
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
    const first = objectsIn(dir).size;
    for (let i = 0; i < 3; i++) {
      // content no commit had before: a blob or tree the clone already holds is not brought again
      const head = repo.commit({ 'apps/a.yaml': cm(unique++) });
      let revision: string | null = null;
      // the commit, the root tree, apps/ and the one blob
      expect(await broughtBy(dir, async () => (revision = (await source.snapshot()).revision))).toBe(4);
      expect(revision).toBe(head);
    }
    expect(await broughtBy(dir, () => source.snapshot())).toBe(0);
    // a fresh source on the same cache also starts from what is there
    repo.commit({ 'apps/a.yaml': cm(unique++) });
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
  it('keeps its source between reads: the blobs a commit did not change are not read again', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'gitfed-packs-'));
    const opts: SourceOptions = { repo: server.urlOf('packs'), cacheDir };
    for (let i = 0; i < 10; i++) repo.commit({ [`apps/kept-${i}.yaml`]: cm(600 + i) });
    await readSource(opts);
    repo.commit({ 'apps/a.yaml': cm(700) });
    const kept = await objectReads(() => readSource(opts));
    const fresh = await objectReads(() => readSource({ ...opts }));
    // a fresh source reads every blob again, at least the ten files of apps/kept-*
    expect(fresh - kept).toBeGreaterThanOrEqual(10);
  });
});
