import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readDirectorySnapshot } from '../git/directory-source.js';
import { gitAuthFromEnv, isRemote, openGitSource, withoutCredentials, type GitSource } from '../git/git-source.js';
import type { RepoLimits } from '../model/limits.js';
import type { Snapshot } from '../model/snapshot.js';
import { REPO_CONFIG_FILE } from '../render/index.js';
import type { AppliedConfigSource } from './safety.js';

/** SourceOptions name the policy repository of a reconcile. */
export interface SourceOptions {
  repo: string;
  ref?: string;
  path?: string;
  cacheDir?: string;
  /** the operator's bounds on what one revision may hold */
  limits?: RepoLimits;
}

/**
 * readSource takes a snapshot of a URL or a local Git repository (committed trees only), or of a plain
 * directory (no revision), which is how the example repository inside this project is used.
 */
export async function readSource(opts: SourceOptions): Promise<Snapshot> {
  if (!isGitRepo(opts)) return readDirectorySnapshot(opts.path ? join(opts.repo, opts.path) : opts.repo, opts.limits);
  return gitSource(opts).snapshot();
}

/** appliedConfigSource reads `gitfed.yaml` of commits already fetched; a plain directory has no commits to read. */
export function appliedConfigSource(opts: SourceOptions): AppliedConfigSource | undefined {
  if (!isGitRepo(opts)) return undefined;
  const source = gitSource(opts);
  return (revision) => source.fileAt(revision, REPO_CONFIG_FILE);
}

/**
 * ownerOf names a reconciler in the inventories it keeps: its repository (credentials removed, a local path made
 * absolute) and subdirectory. Two reconcilers of different repositories never write the same cluster.
 */
export function ownerOf(opts: SourceOptions): string {
  // The URL without its userinfo: moving a token from `--repo` to GITFED_GIT_TOKEN keeps the same owner.
  const repo = isRemote(opts.repo) ? withoutCredentials(opts.repo).url.replace(/\/+$/, '') : resolve(opts.repo);
  const path = (opts.path ?? '').replace(/^\/+|\/+$/g, '');
  return path ? `${repo}//${path}` : repo;
}

function isGitRepo(opts: SourceOptions): boolean {
  return isRemote(opts.repo) || existsSync(join(opts.repo, '.git')) || existsSync(join(opts.repo, 'HEAD'));
}

/**
 * opened keeps one GitSource per options object. A running reconciler or agent reads with the same options on every
 * commit, and what the source keeps between reads (parsed pack indexes, blobs by id) is what stops a read from
 * growing with each fetch's pack: opened anew per read, each one parsed every pack's index again.
 */
const opened = new WeakMap<SourceOptions, GitSource>();

function gitSource(opts: SourceOptions): GitSource {
  let source = opened.get(opts);
  if (!source) opened.set(opts, (source = openSource(opts)));
  return source;
}

function openSource(opts: SourceOptions): GitSource {
  const auth = gitAuthFromEnv();
  return openGitSource({
    repo: opts.repo,
    ...(opts.ref ? { ref: opts.ref } : {}),
    ...(opts.path ? { path: opts.path } : {}),
    ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
    ...(auth ? { auth } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
}
