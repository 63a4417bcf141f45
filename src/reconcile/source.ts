import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readDirectorySnapshot } from '../git/directory-source.js';
import { gitAuthFromEnv, isRemote, openGitSource } from '../git/git-source.js';
import type { Snapshot } from '../model/snapshot.js';

/** SourceOptions name the policy repository of a reconcile. */
export interface SourceOptions {
  repo: string;
  ref?: string;
  path?: string;
  cacheDir?: string;
}

/**
 * readSource takes a snapshot of a URL or a local Git repository (committed trees only), or of a plain
 * directory (no revision), which is how the example repository inside this project is used.
 */
export async function readSource(opts: SourceOptions): Promise<Snapshot> {
  const isGit = isRemote(opts.repo) || existsSync(join(opts.repo, '.git')) || existsSync(join(opts.repo, 'HEAD'));
  if (!isGit) return readDirectorySnapshot(opts.path ? join(opts.repo, opts.path) : opts.repo);
  const auth = gitAuthFromEnv();
  return openGitSource({
    repo: opts.repo,
    ...(opts.ref ? { ref: opts.ref } : {}),
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    ...(auth ? { auth } : {}),
  }).snapshot();
}
