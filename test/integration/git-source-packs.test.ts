import { promises as fsp, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openGitSource } from '../../src/git/git-source.js';
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
