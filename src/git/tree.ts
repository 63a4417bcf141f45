import type * as nodeFs from 'node:fs';
import { posix } from 'node:path';
import { git } from './iso-git.js';
import { DEFAULT_REPO_LIMITS, type RepoLimits } from '../model/limits.js';
import { manifestReader } from './manifest-bytes.js';
import type { Snapshot } from '../model/snapshot.js';

/** MANIFEST matches the files a snapshot keeps (the loader reads only these). */
const MANIFEST = /\.(ya?ml|json)$/i;

function underPath(filepath: string, prefix: string | undefined): string | undefined {
  if (!prefix) return filepath;
  const p = prefix.replace(/^\/+|\/+$/g, '');
  if (p === '') return filepath;
  return filepath.startsWith(`${p}/`) ? filepath.slice(p.length + 1) : undefined;
}

function skipped(relative: string): boolean {
  return relative.split('/').some((segment) => segment.startsWith('.'));
}

/** SYMLINK is the mode Git gives a symbolic link: its blob is the link's target, never a manifest. */
const SYMLINK = 0o120000;

/**
 * BlobMemo holds the manifest blobs of the last snapshot read, by blob id: a blob's content never changes, so the
 * next snapshot reads only the blobs a commit changed. Each object read from the cache's packs looked through every
 * pack, one more per fetch, so reading all blobs again on every commit grew slower as the reconciler ran.
 */
export interface BlobMemo {
  blobs: Map<string, Uint8Array>;
}

/** readCommitTree reads the manifest files of a commit's tree (never a work tree), relative to `path`; symbolic links are reported, not read. */
export async function readCommitTree(fs: typeof nodeFs, gitdir: string, oid: string, path?: string, limits: RepoLimits = DEFAULT_REPO_LIMITS, cache: object = {}, memo?: BlobMemo): Promise<Snapshot> {
  const files = new Map<string, string>();
  const read = new Map<string, Uint8Array>();
  const reader = manifestReader(limits);
  const diagnostics = reader.diagnostics;
  await git.walk({
    fs,
    gitdir,
    cache,
    trees: [git.TREE({ ref: oid })],
    // one entry at a time, in tree order: the file at which a limit is passed is then the same on every run
    iterate: async (walk, children) => {
      const results = [];
      for (const child of children) results.push(await walk(child));
      return results;
    },
    map: async (filepath, [entry]) => {
      if (!entry || filepath === '.') return true;
      const type = await entry.type();
      if (type !== 'blob') return true;
      const rel = underPath(filepath, path);
      if (rel === undefined || skipped(rel)) return null;
      if ((await entry.mode()) === SYMLINK) {
        // as in directory mode: a link that stands for a manifest or a folder of them is named, never followed
        if (MANIFEST.test(rel) || (await linksToFolder(fs, gitdir, oid, filepath, (await entry.content()) ?? undefined, cache))) {
          diagnostics.push({ severity: 'warning', file: rel, line: 1, message: 'is a symbolic link and is not followed' });
        }
        return null;
      }
      if (!MANIFEST.test(rel)) return null;
      if (reader.full) return null;
      // a blob's size is known only once read; it is counted before it is decoded or parsed
      const id = await entry.oid();
      const content = memo?.blobs.get(id) ?? (await entry.content());
      if (content) read.set(id, content);
      if (!content || !reader.admit(rel, content.length)) return null;
      const text = reader.decode(rel, content);
      if (text !== undefined) files.set(rel, text);
      return null;
    },
  });
  if (memo) memo.blobs = read;
  return { revision: oid, files, maxObjects: limits.maxObjects, ...(diagnostics.length ? { diagnostics } : {}) };
}

/**
 * linksToFolder tells whether a link's target (its blob) is a folder of the same commit, or lies outside the
 * repository, where it may be one.
 */
async function linksToFolder(fs: typeof nodeFs, gitdir: string, oid: string, filepath: string, target: Uint8Array | undefined, cache: object): Promise<boolean> {
  const text = new TextDecoder().decode(target ?? new Uint8Array());
  if (text.startsWith('/')) return true;
  const resolved = posix.normalize(posix.join(posix.dirname(filepath), text));
  if (resolved === '..' || resolved.startsWith('../')) return true;
  return git.readTree({ fs, gitdir, cache, oid, filepath: resolved }).then(() => true, () => false);
}

/** diffTrees lists the paths (relative to `path`) whose blobs differ between two commits. */
export async function diffTrees(fs: typeof nodeFs, gitdir: string, from: string, to: string, path?: string, cache: object = {}): Promise<string[]> {
  const changed: string[] = [];
  await git.walk({
    fs,
    gitdir,
    cache,
    trees: [git.TREE({ ref: from }), git.TREE({ ref: to })],
    map: async (filepath, [a, b]) => {
      if (filepath === '.') return true;
      const [ta, tb] = [await a?.type(), await b?.type()];
      if ((await a?.oid()) === (await b?.oid())) return null;
      const rel = underPath(filepath, path);
      // a file replaced by a folder of the same name (or back) changed too; the folder's files are walked below
      const entryChanged = (ta !== undefined && ta !== 'tree') || (tb !== undefined && tb !== 'tree');
      if (rel !== undefined && entryChanged) changed.push(rel);
      return ta === 'tree' || tb === 'tree' ? true : null;
    },
  });
  return changed.sort();
}

/** readFileAt reads one file of a commit from the local object store (no fetch); undefined when the tree lacks it. */
export async function readFileAt(fs: typeof nodeFs, gitdir: string, oid: string, filepath: string, cache: object = {}): Promise<string | undefined> {
  try {
    const { blob } = await git.readBlob({ fs, gitdir, cache, oid, filepath });
    return new TextDecoder().decode(blob);
  } catch (err) {
    if ((err as { code?: string }).code === 'NotFoundError' && (await git.readCommit({ fs, gitdir, cache, oid }).then(() => true, () => false))) return undefined;
    throw err;
  }
}
