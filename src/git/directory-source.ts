import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { GitfedError } from '../model/errors.js';
import { DEFAULT_REPO_LIMITS, type RepoLimits } from '../model/limits.js';
import type { Snapshot } from '../model/snapshot.js';
import { manifestReader, type ManifestReader } from './manifest-bytes.js';

/** MANIFEST_FILE matches the files a snapshot keeps; everything else in the tree is irrelevant to rendering. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

async function walk(root: string, dir: string, files: Map<string, string>, reader: ManifestReader): Promise<void> {
  // sorted, so that the file at which a limit is passed is the same on every machine
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (reader.full) return;
    if (entry.name.startsWith('.')) continue; // .git, .github and other dot-directories are never policy
    const full = join(dir, entry.name);
    const path = relative(root, full).split(sep).join('/');
    if (entry.isDirectory()) await walk(root, full, files, reader);
    // a link could point anywhere on the machine; Git mode does not follow links either
    else if (entry.isSymbolicLink() && (MANIFEST_FILE.test(entry.name) || (await isDirectory(full)))) {
      reader.diagnostics.push({ severity: 'warning', file: path, line: 1, message: 'is a symbolic link and is not followed' });
    } else if (entry.isFile() && MANIFEST_FILE.test(entry.name) && reader.admit(path, (await stat(full)).size)) {
      const text = reader.decode(path, await readFile(full));
      if (text !== undefined) files.set(path, text);
    }
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** readDirectorySnapshot reads a plain directory as a snapshot without a revision, within the operator's limits. */
export async function readDirectorySnapshot(root: string, limits: RepoLimits = DEFAULT_REPO_LIMITS): Promise<Snapshot> {
  const info = await stat(root).catch((cause: unknown) => {
    throw new GitfedError('InvalidInput', root, 'cannot read the repository directory', { cause });
  });
  if (!info.isDirectory()) throw new GitfedError('InvalidInput', root, 'is not a directory');
  const files = new Map<string, string>();
  const reader = manifestReader(limits);
  await walk(root, root, files, reader);
  return { revision: null, files, maxObjects: limits.maxObjects, ...(reader.diagnostics.length ? { diagnostics: reader.diagnostics } : {}) };
}
