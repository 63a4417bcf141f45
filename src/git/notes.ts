import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import { git } from './iso-git.js';
import nodeHttp from 'isomorphic-git/http/node';
import type { GitHttpRequest, HttpClient } from 'isomorphic-git';
import type { NotesStore } from '../model/drift.js';
import { isRemote, prepareCache, redact, withoutCredentials, type GitAuth } from './git-source.js';
import { GitfedError } from '../model/errors.js';

/** NOTES_REF is where gitfed keeps its notes, in the policy repository. */
export const NOTES_REF = 'refs/notes/gitfed';

/** NotesStoreOptions say which repository holds the notes, as `gitfed reconcile --repo` names it. */
export interface NotesStoreOptions {
  /** an http(s) URL (notes are pushed) or a local repository path (notes are written in place) */
  repo: string;
  /** where the notes clone of a remote repository is kept; default `.gitfed-cache` as for the fetch */
  cacheDir?: string;
  auth?: GitAuth;
  /** extra PEM certificate authorities for https */
  ca?: string;
}

/** openNotesStore reads and writes refs/notes/gitfed of a local repository in place, or of a remote one by fetch and push. */
export function openNotesStore(opts: NotesStoreOptions): NotesStore {
  return {
    where: isRemote(opts.repo) ? redact(opts.repo) : opts.repo,
    update: isRemote(opts.repo) ? remoteWriter(opts) : localWriter(opts.repo),
    retryable,
    describe: (err) => scrub(err, opts),
  };
}

type Writer = (sha: string, compose: (existing: string | undefined) => string) => Promise<void>;

const AUTHOR = { name: 'gitfed', email: 'gitfed@localhost' };

/** writeNote composes the note from the one there and adds it unless the ref already holds exactly that text; returns whether it wrote. */
async function writeNote(gitdir: string, oid: string, compose: (existing: string | undefined) => string): Promise<boolean> {
  const existing = await git.readNote({ fs, gitdir, ref: NOTES_REF, oid }).then((b) => Buffer.from(b).toString('utf8'), () => undefined);
  const text = compose(existing);
  if (existing === text) return false;
  await git.addNote({ fs, gitdir, ref: NOTES_REF, oid, note: text, force: true, author: AUTHOR, committer: AUTHOR });
  return true;
}

function localWriter(repo: string): Writer {
  const dotGit = join(repo, '.git');
  const gitdir = fs.existsSync(dotGit) ? dotGit : repo;
  return async (sha, compose) => {
    await writeNote(gitdir, sha, compose);
  };
}

/** remoteWriter keeps a notes-only bare repository: fetch the remote notes, add ours on top, push fast-forward. */
function remoteWriter(opts: NotesStoreOptions): Writer {
  const gitdir = notesGitdir(opts);
  const { url, auth: inUrl } = withoutCredentials(opts.repo);
  const auth = opts.auth ?? inUrl;
  const common = {
    fs, gitdir, http: httpClient(opts.ca), remote: 'origin',
    ...(auth ? { onAuth: () => ({ username: auth.username ?? 'git', password: auth.token }) } : {}),
  };
  return async (sha, compose) => {
    await prepareCache(gitdir, url);
    await fetchNotes(common);
    if (!(await writeNote(gitdir, sha, compose))) return;
    // not forced: if another writer pushed since our fetch, the push is refused and the retry starts over from theirs
    const result = await git.push({ ...common, ref: NOTES_REF, remoteRef: NOTES_REF, force: false });
    const refResult = result.refs[NOTES_REF];
    if (!result.ok || (refResult && !refResult.ok)) throw new GitfedError('RepoUnreachable', '', `push refused: ${refResult?.error ?? result.error ?? 'unknown reason'}`);
  };
}

type Common = { fs: typeof fs; gitdir: string; http: HttpClient; remote: string; onAuth?: () => { username: string; password: string } };

/** fetchNotes sets the local notes ref to the remote's (or removes it when the remote has none yet). */
async function fetchNotes(common: Common): Promise<void> {
  const head = await git.fetch({ ...common, ref: NOTES_REF, remoteRef: NOTES_REF, singleBranch: true, tags: false })
    .then((r) => r.fetchHead, (err: unknown) => {
      if ((err as { code?: string }).code === 'NotFoundError') return null;
      throw err;
    });
  if (head) await git.writeRef({ fs, gitdir: common.gitdir, ref: NOTES_REF, value: head, force: true });
  else await git.deleteRef({ fs, gitdir: common.gitdir, ref: NOTES_REF }).catch(() => undefined);
}

function notesGitdir(opts: NotesStoreOptions): string {
  const base = opts.cacheDir ?? join(process.cwd(), '.gitfed-cache');
  // its own repository beside the fetch's clone: notes never disturb the clone the reconcile reads
  const id = createHash('sha256').update(redact(opts.repo)).digest('hex').slice(0, 16);
  return join(base, `${id}.notes.git`);
}

function httpClient(ca: string | undefined): HttpClient {
  if (!ca) return nodeHttp;
  const agent = new Agent({ ca, keepAlive: true });
  return { request: (req: GitHttpRequest) => nodeHttp.request({ ...req, agent }) };
}

function retryable(err: unknown): boolean {
  // wrong credentials stay wrong: retrying only hammers the server; anything else (a refused push after a
  // concurrent write, a network failure, a 5xx) may pass on the next try, which starts again from a fresh fetch
  const status = (err as { data?: { statusCode?: number } }).data?.statusCode;
  return status !== 401 && status !== 403;
}

/** scrub turns an error into a message without the token or URL credentials. */
function scrub(err: unknown, opts: NotesStoreOptions): string {
  let text = redact(err instanceof Error ? err.message : String(err));
  const token = opts.auth?.token;
  if (token) text = text.split(token).join('***');
  return text;
}
