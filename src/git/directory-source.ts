import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { GitfedError } from '../model/errors.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Snapshot } from '../model/snapshot.js';

/** MANIFEST_FILE matches the files a snapshot keeps; everything else in the tree is irrelevant to rendering. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;

async function walk(root: string, dir: string, out: { files: Map<string, string>; diagnostics: Diagnostic[] }): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue; // .git, .github and other dot-directories are never policy
    const full = join(dir, entry.name);
    const path = relative(root, full).split(sep).join('/');
    if (entry.isDirectory()) await walk(root, full, out);
    // a link could point anywhere on the machine; Git mode does not follow links either
    else if (entry.isSymbolicLink() && (MANIFEST_FILE.test(entry.name) || (await isDirectory(full)))) {
      out.diagnostics.push({ severity: 'warning', file: path, line: 1, message: 'is a symbolic link and is not followed' });
    } else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) out.files.set(path, await readFile(full, 'utf8'));
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** readDirectorySnapshot reads a plain directory as a snapshot without a revision. */
export async function readDirectorySnapshot(root: string): Promise<Snapshot> {
  const info = await stat(root).catch((cause: unknown) => {
    throw new GitfedError('InvalidInput', root, 'cannot read the repository directory', { cause });
  });
  if (!info.isDirectory()) throw new GitfedError('InvalidInput', root, 'is not a directory');
  const out = { files: new Map<string, string>(), diagnostics: [] as Diagnostic[] };
  await walk(root, root, out);
  return { revision: null, files: out.files, ...(out.diagnostics.length ? { diagnostics: out.diagnostics } : {}) };
}
