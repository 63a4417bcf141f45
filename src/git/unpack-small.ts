import type * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { git } from './iso-git.js';

/** UNPACK_LIMIT is git's own `fetch.unpackLimit` default: a fetch that brings fewer objects keeps them loose. */
export const UNPACK_LIMIT = 100;

/**
 * unpackSmall stores the objects of the pack a fetch brought (`fetched`: what git.fetch resolved to) as loose objects and
 * removes the pack, when it holds fewer than UNPACK_LIMIT, as git does. isomorphic-git looks an object up through
 * every pack in turn, so a cache that kept one pack per fetch read slower with every commit for as long as a
 * reconciler ran; a loose object is found by its path. Resolves to the number of objects unpacked (0: kept).
 * No read of the repository may run meanwhile: it could list the pack this removes.
 */
export async function unpackSmall(fs: typeof nodeFs, gitdir: string, fetched: object): Promise<number> {
  // the result names the pack it wrote relative to gitdir (none when nothing came), a field its types leave out
  const packfile = (fetched as { packfile?: unknown }).packfile;
  if (typeof packfile !== 'string') return 0;
  const pack = join(gitdir, packfile);
  if ((await objectCount(fs, pack)) >= UNPACK_LIMIT) return 0;
  // the pack is read once here: its parsed index must not stay in a cache that outlives it
  const scratch = {};
  const { oids } = await git.indexPack({ fs, dir: gitdir, gitdir, filepath: packfile, cache: scratch });
  for (const oid of oids) {
    const { type, object } = await git.readObject({ fs, gitdir, oid, format: 'content', cache: scratch });
    await git.writeObject({ fs, gitdir, type: type as 'blob' | 'tree' | 'commit' | 'tag', object: object as Uint8Array, format: 'content' });
  }
  // the index first: isomorphic-git finds packs by their index
  await fs.promises.rm(pack.replace(/\.pack$/, '.idx'), { force: true });
  await fs.promises.rm(pack, { force: true });
  return oids.length;
}

/** objectCount reads a pack's object count from its header ("PACK", version, count: 32-bit big-endian each). */
async function objectCount(fs: typeof nodeFs, pack: string): Promise<number> {
  const file = await fs.promises.open(pack, 'r');
  try {
    const header = Buffer.alloc(12);
    await file.read(header, 0, 12, 0);
    return header.toString('latin1', 0, 4) === 'PACK' ? header.readUInt32BE(8) : Number.POSITIVE_INFINITY;
  } finally {
    await file.close();
  }
}
