/**
 * The agents' reports in the policy repository: per pull member one ref, `refs/gitfed/clusters/<name>`, whose commit
 * holds `status.json`. Any Git server keeps them (they are ordinary refs, outside branches and tags). A report is the
 * member's whole state, so each is a commit without parent that replaces the one before: the ref never grows a
 * history (an agent reports every pass). The push is a compare-and-swap on the commit the writer read (git's
 * --force-with-lease): when another writer moved the ref meanwhile it is refused, by this client or by the server's
 * own check of the old value, and the write starts again from a fresh read. The commit message names the commit it
 * replaced, so a replacement is traceable.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { git } from './iso-git.js';
import nodeHttp from 'isomorphic-git/http/node';
import { GitfedError } from '../model/errors.js';
import { isRemote, prepareCache, redact, withoutCredentials, type GitAuth } from './git-source.js';
import { serial, sleep } from '../kube/concurrency.js';
import { unpackSmall } from './unpack-small.js';

/** CLUSTER_REPORTS_PREFIX is where the reports live: one ref per member under it. */
export const CLUSTER_REPORTS_PREFIX = 'refs/gitfed/clusters/';

/** REPORT_FILE is the file of a report commit's tree. */
export const REPORT_FILE = 'status.json';

/** ClusterReportsOptions say which repository holds the reports, as `--repo` names it. */
export interface ClusterReportsOptions {
  /** an http(s) URL (reports are fetched and pushed) or a local repository path (read and written in place) */
  repo: string;
  cacheDir?: string;
  auth?: GitAuth;
  /** how many times a refused push is built again on the newer ref (default 5) */
  attempts?: number;
  /** waits between attempts (default a timer of 100 ms times the attempt); tests pass one that returns at once */
  sleep?: (ms: number) => Promise<void>;
}

/** ClusterReportStore reads every member's report and writes one. */
export interface ClusterReportStore {
  /** readAll is the text of every member's `status.json`, by member name */
  readAll(): Promise<Map<string, string>>;
  /** write makes text the member's report, on top of whatever the ref holds now */
  write(cluster: string, text: string): Promise<void>;
}

const AUTHOR = { name: 'gitfed-agent', email: 'gitfed@localhost' };
const NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** openClusterReports opens the reports of a remote repository (its own cache beside the clone) or a local one. */
export function openClusterReports(opts: ClusterReportsOptions): ClusterReportStore {
  const remote = isRemote(opts.repo);
  const pause = opts.sleep ?? sleep;
  const attempts = opts.attempts ?? 5;
  // one remote read at a time: it unpacks what it fetched, and another must not list the pack it removes
  const reading = serial();
  return {
    readAll: () => (remote ? reading(() => readRemote(opts)) : readLocal(localGitdir(opts.repo))).catch((cause: unknown) => {
      throw unreachable(opts, 'cannot read the agents\' reports', cause);
    }),
    async write(cluster, text) {
      if (!NAME.test(cluster)) throw new GitfedError('InvalidInput', cluster, 'not a cluster name a ref can hold');
      for (let attempt = 1; ; attempt++) {
        const written = await (remote ? pushReport(opts, cluster, text) : writeLocal(localGitdir(opts.repo), cluster, text)).catch((cause: unknown) => {
          throw unreachable(opts, `cannot write the report of ${cluster}`, cause);
        });
        if (written) return;
        if (attempt >= attempts) throw new GitfedError('RepoUnreachable', redact(opts.repo), `the report of ${cluster} was refused ${attempts} times: another writer keeps moving ${CLUSTER_REPORTS_PREFIX}${cluster}`);
        await pause(100 * attempt);
      }
    },
  };
}

function unreachable(opts: ClusterReportsOptions, what: string, cause: unknown): GitfedError {
  if (cause instanceof GitfedError) return cause;
  let text = redact(cause instanceof Error ? cause.message : String(cause));
  if (opts.auth?.token) text = text.split(opts.auth.token).join('***');
  return new GitfedError('RepoUnreachable', redact(opts.repo), `${what}: ${text}`, { cause });
}

function localGitdir(repo: string): string {
  const dotGit = join(repo, '.git');
  return fs.existsSync(dotGit) ? dotGit : repo;
}

/** remoteOf is what every request to the remote carries. */
function remoteOf(opts: ClusterReportsOptions, purpose: string) {
  const { url, auth: inUrl } = withoutCredentials(opts.repo);
  const auth = opts.auth ?? inUrl;
  const base = opts.cacheDir ?? join(process.cwd(), '.gitfed-cache');
  // its own repository beside the fetch's clone: reports never disturb the clone the render reads
  const id = createHash('sha256').update(redact(opts.repo)).digest('hex').slice(0, 16);
  const gitdir = join(base, `${id}.${purpose}.git`);
  return {
    url, gitdir,
    common: { fs, gitdir, http: nodeHttp, remote: 'origin', ...(auth ? { onAuth: () => ({ username: auth.username ?? 'git', password: auth.token }) } : {}) },
  };
}

/** readRemote lists the report refs and fetches only the commits not here yet. */
async function readRemote(opts: ClusterReportsOptions): Promise<Map<string, string>> {
  const { url, gitdir, common } = remoteOf(opts, 'reports');
  const refs = await git.listServerRefs({ http: nodeHttp, url, prefix: CLUSTER_REPORTS_PREFIX, protocolVersion: 1, ...(common.onAuth ? { onAuth: common.onAuth } : {}) });
  const out = new Map<string, string>();
  // a fleet without pull members has no reports: it gets no reports repository in its cache either
  if (refs.length === 0) return out;
  await prepareCache(gitdir, url);
  for (const { ref, oid } of refs) {
    const name = ref.slice(CLUSTER_REPORTS_PREFIX.length);
    if (!NAME.test(name)) continue;
    const known = await git.readCommit({ fs, gitdir, oid }).then(() => true, () => false);
    // a report is a commit of three objects: kept loose, they do not add one pack to look through per report
    if (!known) await unpackSmall(fs, gitdir, await git.fetch({ ...common, ref, remoteRef: ref, singleBranch: true, tags: false }));
    const text = await reportText(gitdir, oid);
    if (text !== undefined) out.set(name, text);
  }
  return out;
}

async function readLocal(gitdir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const names = await git.listRefs({ fs, gitdir, filepath: CLUSTER_REPORTS_PREFIX.replace(/\/$/, '') }).catch(() => []);
  for (const name of names) {
    const oid = await git.resolveRef({ fs, gitdir, ref: `${CLUSTER_REPORTS_PREFIX}${name}` });
    const text = await reportText(gitdir, oid);
    if (text !== undefined) out.set(name, text);
  }
  return out;
}

async function reportText(gitdir: string, oid: string): Promise<string | undefined> {
  return git.readBlob({ fs, gitdir, oid, filepath: REPORT_FILE }).then((r) => Buffer.from(r.blob).toString('utf8'), () => undefined);
}

/** commitReport writes the report as a commit without parent; its message names the commit it replaces. */
async function commitReport(gitdir: string, cluster: string, text: string, replaces: string | undefined): Promise<string> {
  const blob = await git.writeBlob({ fs, gitdir, blob: Buffer.from(text, 'utf8') });
  const tree = await git.writeTree({ fs, gitdir, tree: [{ mode: '100644', path: REPORT_FILE, oid: blob, type: 'blob' }] });
  const timestamp = Math.floor(Date.now() / 1000);
  const who = { ...AUTHOR, timestamp, timezoneOffset: 0 };
  const message = `report of ${cluster}\n${replaces ? `\nreplaces ${replaces}\n` : ''}`;
  return git.writeCommit({ fs, gitdir, commit: { message, tree, parent: [], author: who, committer: who } });
}

const NO_COMMIT = '0000000000000000000000000000000000000000';

/** pushReport replaces the member's ref if it still holds the commit read before; false when the push was refused. */
async function pushReport(opts: ClusterReportsOptions, cluster: string, text: string): Promise<boolean> {
  const ref = `${CLUSTER_REPORTS_PREFIX}${cluster}`;
  // one cache per member: two agents of one process never share a ref in their caches
  const { url, gitdir, common } = remoteOf(opts, `report-${cluster}`);
  await prepareCache(gitdir, url);
  const listed = await git.listServerRefs({ http: nodeHttp, url, prefix: ref, protocolVersion: 1, ...(common.onAuth ? { onAuth: common.onAuth } : {}) });
  const read = listed.find((r) => r.ref === ref)?.oid;
  const commit = await commitReport(gitdir, cluster, text, read);
  await git.writeRef({ fs, gitdir, ref, value: commit, force: true });
  try {
    // the lease: push only over the commit read above; the server checks the old value it is sent once more
    const result = await git.push({ ...common, ref, remoteRef: ref, force: true, onPrePush: ({ remoteRef }) => remoteRef.oid === (read ?? NO_COMMIT) });
    return result.ok && result.refs[ref]?.ok !== false;
  } catch (err) {
    // refused: the ref moved since the read, seen before sending (UserCanceledError from the lease) or by the
    // server's compare of the old value (GitPushError, `ng <ref>`); the write starts again from a fresh read
    const code = (err as { code?: string }).code;
    if (code === 'UserCanceledError' || code === 'GitPushError') return false;
    throw err;
  }
}

/** writeLocal writes in place; the ref is moved only if it still holds the commit the new one was built on. */
async function writeLocal(gitdir: string, cluster: string, text: string): Promise<boolean> {
  const ref = `${CLUSTER_REPORTS_PREFIX}${cluster}`;
  const current = (): Promise<string | undefined> => git.resolveRef({ fs, gitdir, ref }).catch(() => undefined);
  const read = await current();
  const commit = await commitReport(gitdir, cluster, text, read);
  if ((await current()) !== read) return false;
  await git.writeRef({ fs, gitdir, ref, value: commit, force: true });
  return true;
}
