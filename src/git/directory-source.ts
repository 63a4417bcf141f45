import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { GitfedError } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';

/** MANIFEST_FILE matches the files a snapshot keeps; everything else in the tree is irrelevant to rendering. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

async function walk(root: string, dir: string, files: Map<string, string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue; // .git, .github and other dot-directories are never policy
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, full, files);
    else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) {
      files.set(relative(root, full).split(sep).join('/'), await readFile(full, 'utf8'));
    }
  }
}

/** readDirectorySnapshot reads a plain directory as a snapshot without a revision. */
export async function readDirectorySnapshot(root: string): Promise<Snapshot> {
  const info = await stat(root).catch((cause: unknown) => {
    throw new GitfedError('InvalidInput', root, 'cannot read the repository directory', { cause });
  });
  if (!info.isDirectory()) throw new GitfedError('InvalidInput', root, 'is not a directory');
  const files = new Map<string, string>();
  await walk(root, root, files);
  return { revision: null, files };
}
