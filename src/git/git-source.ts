import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Agent } from 'node:https';
import { dirname, join } from 'node:path';
import { git } from './iso-git.js';
import nodeHttp from 'isomorphic-git/http/node';
import type { GitHttpRequest, HttpClient } from 'isomorphic-git';
import { GitfedError } from '../model/errors.js';
import type { RepoLimits } from '../model/limits.js';
import type { Snapshot } from '../model/snapshot.js';
import { revParse } from './rev-parse.js';
import { readCommitTree, diffTrees, readFileAt, type BlobMemo } from './tree.js';
import { serial, type Serial } from '../kube/concurrency.js';
import { unpackSmall } from './unpack-small.js';

/** GitAuth is the credential used to fetch; the token is never logged. */
export interface GitAuth {
  username?: string;
  token: string;
}

/** GitSourceOptions say where the policy repository is and which revision to read. */
export interface GitSourceOptions {
  /** an http(s) URL, or the path of a local repository (its committed trees are read, never its work tree) */
  repo: string;
  /** a branch, tag or commit; default: the remote's default branch (or the local HEAD) */
  ref?: string;
  /** only files under this subdirectory, with paths relative to it */
  path?: string;
  /** where remote clones are kept, so that a restart fetches only what is new */
  cacheDir?: string;
  auth?: GitAuth;
  /** extra PEM certificate authorities for https */
  ca?: string;
  /** the operator's bounds on what one revision may hold */
  limits?: RepoLimits;
}

/** GitSource yields immutable snapshots of one repository and revision. */
export interface GitSource {
  /** snapshot fetches (remote) and reads the commit the ref points at */
  snapshot(): Promise<Snapshot>;
  /** changedPaths lists files that differ between two commits (under the source's path) */
  changedPaths(from: string, to: string): Promise<string[]>;
  /** fileAt reads one file (relative to the source's path) of a commit already fetched; undefined when it has none */
  fileAt(oid: string, file: string): Promise<string | undefined>;
}

const SHA = /^[0-9a-f]{40}$/;

/** isRemote tells an http(s) URL from a local repository path. */
export function isRemote(repo: string): boolean {
  return /^https?:\/\//i.test(repo);
}

/** gitAuthFromEnv reads GITFED_GIT_TOKEN / GITFED_GIT_USERNAME. */
export function gitAuthFromEnv(env: NodeJS.ProcessEnv = process.env): GitAuth | undefined {
  const token = env.GITFED_GIT_TOKEN;
  if (!token) return undefined;
  return env.GITFED_GIT_USERNAME ? { username: env.GITFED_GIT_USERNAME, token } : { token };
}

function httpClient(ca: string | undefined): HttpClient {
  if (!ca) return nodeHttp;
  const agent = new Agent({ ca, keepAlive: true });
  return { request: (req: GitHttpRequest) => nodeHttp.request({ ...req, agent }) };
}

function localGitdir(repo: string): string {
  const dotGit = join(repo, '.git');
  return fs.existsSync(dotGit) ? dotGit : repo;
}

// the user-info of every URL in a text, up to its last `@` before the host (a token may hold an unescaped `@`)
const USERINFO = /\/\/[^/\s]*@/g;

/** redact masks credentials embedded in URLs (`https://user:token@host`) before a text appears in a message. */
export function redact(text: string): string {
  return text.replace(USERINFO, '//***@');
}

/**
 * withoutCredentials splits credentials embedded in a URL (`https://user:token@host/...`) from it: the clean
 * URL is what gets stored in the cache, the credential is passed with each request and never written to disk.
 */
export function withoutCredentials(repo: string): { url: string; auth?: GitAuth } {
  let parsed: URL;
  try {
    parsed = new URL(repo);
  } catch {
    return { url: repo };
  }
  if (!parsed.username && !parsed.password) return { url: repo };
  const auth: GitAuth = { token: decodeURIComponent(parsed.password), ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}) };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), auth };
}

/** openGitSource opens a remote (cached clone) or local repository. */
export function openGitSource(opts: GitSourceOptions): GitSource {
  const remote = isRemote(opts.repo);
  const gitdir = remote ? cacheGitdir(opts) : localGitdir(opts.repo);
  const subject = remote ? redact(opts.repo) : opts.repo;
  // isomorphic-git's cache of parsed pack indexes, kept for the source's life: without it each read parsed every
  // pack's index again
  const cache = {};
  const memo: BlobMemo = { blobs: new Map() };
  // reads of a cache take turns with the unpacking of a fetched pack (a read must not list a pack being removed),
  // fetches with each other; a fetch waiting on the network holds up no read. A local repository is never unpacked
  const store: Serial = remote ? serial() : (fn) => fn();
  const fetching = serial();
  const resolve = remote ? () => fetching(() => fetchRemote(gitdir, opts, cache, store)) : () => resolveLocal(gitdir, opts.ref);
  return {
    async snapshot() {
      const oid = await resolve().catch((cause: unknown) => {
        // a ref that is not there is the user's to fix; a server that cannot be reached or refuses us is not
        const code = remote && !isMissingRef(cause) ? 'RepoUnreachable' : 'InvalidInput';
        throw new GitfedError(code, subject, `cannot read ${opts.ref ? `ref ${opts.ref}` : 'the default branch'}: ${messageOf(cause)}`, { cause });
      });
      return store(() => readCommitTree(fs, gitdir, oid, opts.path, opts.limits, cache, memo));
    },
    changedPaths: (from, to) => store(() => diffTrees(fs, gitdir, from, to, opts.path, cache)),
    fileAt: (oid, file) => {
      // `/` names the top, as it does for snapshot
      const dir = (opts.path ?? '').replace(/^\/+|\/+$/g, '');
      return store(() => readFileAt(fs, gitdir, oid, dir ? `${dir}/${file}` : file, cache));
    },
  };
}

/** isMissingRef: the repository answered, and the branch, tag or commit asked for is not in it. */
function isMissingRef(err: unknown): boolean {
  return err instanceof GitfedError || (err as { code?: unknown } | null)?.code === 'NotFoundError';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function cacheGitdir(opts: GitSourceOptions): string {
  const base = opts.cacheDir ?? join(process.cwd(), '.gitfed-cache');
  const id = createHash('sha256').update(redact(opts.repo)).digest('hex').slice(0, 16);
  return join(base, `${id}.git`);
}

function resolveLocal(gitdir: string, ref: string | undefined): Promise<string> {
  return revParse(gitdir, ref ?? 'HEAD');
}

/**
 * scrubCache removes the credentials older versions of gitfed wrote into the config of cached repositories, and
 * makes them private. It looks at every repository of the cache, not only the one opened: a token an operator has
 * since moved from `--repo` into GITFED_GIT_TOKEN sits in a repository that is never opened again.
 */
function scrubCache(base: string): void {
  for (const entry of fs.readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.endsWith('.git')) continue;
    const gitdir = join(base, entry.name);
    try {
      fs.chmodSync(gitdir, 0o700);
      const config = join(gitdir, 'config');
      const text = fs.readFileSync(config, 'utf8');
      const clean = text.replace(USERINFO, '//');
      if (clean !== text) fs.writeFileSync(config, clean);
    } catch {
      // another user's repository in a shared cache directory is theirs to fix: skip what cannot be changed
    }
  }
}

/**
 * prepareCache makes a cached bare repository private (0700) with `url` (free of credentials) as its origin,
 * also scrubbing every repository of the cache where an older version stored credentials in the URL.
 */
export async function prepareCache(gitdir: string, url: string): Promise<void> {
  fs.mkdirSync(dirname(gitdir), { recursive: true, mode: 0o700 });
  scrubCache(dirname(gitdir));
  fs.mkdirSync(gitdir, { recursive: true, mode: 0o700 });
  fs.chmodSync(gitdir, 0o700);
  if (!fs.existsSync(join(gitdir, 'HEAD'))) {
    await git.init({ fs, gitdir, bare: true });
    await git.addRemote({ fs, gitdir, remote: 'origin', url });
  } else if ((await git.getConfig({ fs, gitdir, path: 'remote.origin.url' })) !== url) {
    await git.setConfig({ fs, gitdir, path: 'remote.origin.url', value: url });
  }
}

/** fetchRemote brings the cached bare clone up to date and returns the commit of the ref. */
async function fetchRemote(gitdir: string, opts: GitSourceOptions, cache: object, store: Serial): Promise<string> {
  const { url, auth: inUrl } = withoutCredentials(opts.repo);
  await prepareCache(gitdir, url);
  const auth = opts.auth ?? inUrl;
  const common = {
    fs, gitdir, cache, http: httpClient(opts.ca), remote: 'origin', tags: true,
    ...(auth ? { onAuth: () => ({ username: auth.username ?? 'git', password: auth.token }) } : {}),
  };
  // a commit cannot be asked for by name: fetch every branch, then check the commit arrived. isomorphic-git tells
  // the server what we have from the local ref named `ref` alone, and a branch lands under refs/remotes/origin/,
  // never where it looks: without FETCHED each fetch downloaded the whole history again
  const byId = opts.ref !== undefined && SHA.test(opts.ref);
  const result = byId
    ? await git.fetch({ ...common, singleBranch: false })
    : await git.fetch({ ...common, singleBranch: true, ref: FETCHED, remoteRef: opts.ref ?? 'HEAD' });
  const head = byId ? opts.ref : result.fetchHead;
  if (!head) throw new GitfedError('InvalidInput', '', 'the remote has no such ref');
  return store(async () => {
    await unpackSmall(fs, gitdir, result);
    // an annotated tag's head is the tag object: the revision is the commit it points at
    const oid = (await git.readCommit({ fs, gitdir, cache, oid: head })).oid;
    if (!byId) await git.writeRef({ fs, gitdir, ref: FETCHED, value: head, force: true });
    return oid;
  });
}

/** FETCHED is the cache's ref to what the last fetch brought (a commit, or an annotated tag), the `have` of the next. */
const FETCHED = 'refs/gitfed/fetched';
