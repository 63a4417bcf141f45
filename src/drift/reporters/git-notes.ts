import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import git from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';
import type { GitHttpRequest, HttpClient } from 'isomorphic-git';
import { withRetry, type RetryPolicy, type Transience } from '../../apply/retry.js';
import { isRemote, prepareCache, redact, withoutCredentials, type GitAuth } from '../../git/git-source.js';
import { PLAN_CONTEXT } from '../plan-status.js';
import type { DetailedStatusReport } from '../status.js';
import type { FieldDrift, ObjectDrift, StatusReport, StatusReporter } from '../types.js';

/** NOTES_REF is where gitfed keeps its notes, in the policy repository. */
export const NOTES_REF = 'refs/notes/gitfed';

/** GitNotesReporterOptions say which repository gets the notes, as `gitfed reconcile --repo` names it. */
export interface GitNotesReporterOptions {
  /** an http(s) URL (notes are pushed) or a local repository path (notes are written in place) */
  repo: string;
  /** where the notes clone of a remote repository is kept; default `.gitfed-cache` as for the fetch */
  cacheDir?: string;
  auth?: GitAuth;
  /** extra PEM certificate authorities for https */
  ca?: string;
  /** told about failures; default: stderr */
  log?: (message: string) => void;
  /** tries per report and backoff; default NOTES_RETRY */
  retry?: RetryPolicy;
  /** how a retry waits (default: a timer); tests pass one that records the wait */
  sleeper?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** NOTES_RETRY bounds one report: 4 tries with short backoff, so a slow Git server never holds up a cycle for long. */
export const NOTES_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

/**
 * The note is one JSON document per commit (2-space indent, trailing newline). It holds no time, so the same
 * outcome gives the same bytes and writes nothing; a new report replaces the whole note.
 *
 *   schema       'gitfed.io/status-note/v1'
 *   revision     the commit the note is attached to
 *   state, description   the aggregate `gitfed` status (absent if the report had none)
 *   targetUrl    when configured
 *   plan         { state, description, targetUrl? } the `gitfed/plan` status, kept across reconciles of the commit
 *   clusters[]   sorted by name:
 *     name, context ('gitfed/<name>'), state, description   as posted to the forges
 *     changes      { created?, configured?, unchanged?, pruned?, skipped?, held?, failed? } non-zero counts, when known
 *     driftError   when the cluster could not be checked for drift
 *     drift[]      sorted by key: { key, subject, type: 'modified'|'missing', mode, fields[]: { path, desired?, live?, manager? } }
 *                  (Secret values are masked by the detector: the note never holds them)
 */
export interface StatusNote {
  schema: 'gitfed.io/status-note/v1';
  revision: string;
  state?: string;
  description?: string;
  targetUrl?: string;
  plan?: { state: string; description: string; targetUrl?: string };
  clusters: NoteCluster[];
}

/** NoteCluster is one cluster's entry in a status note. */
export interface NoteCluster {
  name: string;
  context: string;
  state: string;
  description: string;
  changes?: Record<string, number>;
  driftError?: string;
  drift?: ObjectDrift[];
}

/** noteDocument builds the deterministic note for a report. */
export function noteDocument(report: StatusReport): StatusNote {
  const aggregate = report.statuses.find((s) => s.context === 'gitfed');
  const targetUrl = report.statuses.find((s) => s.targetUrl && s.context !== PLAN_CONTEXT)?.targetUrl;
  const plan = report.statuses.find((s) => s.context === PLAN_CONTEXT);
  const clusters = report.statuses
    .filter((s) => s.context.startsWith('gitfed/') && s.context !== PLAN_CONTEXT)
    .map((s) => noteCluster(report, s.context.slice('gitfed/'.length), s))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    schema: 'gitfed.io/status-note/v1',
    revision: report.sha,
    ...(aggregate ? { state: aggregate.state, description: aggregate.description } : {}),
    ...(targetUrl ? { targetUrl } : {}),
    ...(plan ? { plan: { state: plan.state, description: plan.description, ...(plan.targetUrl ? { targetUrl: plan.targetUrl } : {}) } } : {}),
    clusters,
  };
}

function noteCluster(report: StatusReport, name: string, s: StatusReport['statuses'][number]): NoteCluster {
  const changes = (report as DetailedStatusReport).changes?.[name];
  const drift = report.drift?.find((d) => d.cluster === name);
  const objects = [...(drift?.objects ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    name, context: s.context, state: s.state, description: s.description,
    ...(changes && Object.keys(changes).length ? { changes: sortedCounts(changes) } : {}),
    ...(drift?.error !== undefined ? { driftError: drift.error } : {}),
    ...(objects.length ? { drift: objects.map(normalObject) } : {}),
  };
}

// fixed key order, so the same drift always serialises to the same bytes whoever built the objects
function normalObject({ key, subject, type, mode, fields }: ObjectDrift): ObjectDrift {
  const field = ({ path, desired, live, manager }: FieldDrift): FieldDrift => ({ path, desired, live, ...(manager ? { manager } : {}) });
  return { key, subject, type, mode, fields: fields.map(field) };
}

function sortedCounts(counts: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter((e): e is [string, number] => (e[1] ?? 0) > 0).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** noteText is the exact bytes written for a report on a commit without a note. */
export function noteText(report: StatusReport): string {
  return serialize(noteDocument(report));
}

/**
 * mergedNoteText is the note after a report, given the note already there: a plan report (only `gitfed/plan`) keeps
 * the reconcile outcome and replaces the plan; any other report replaces the outcome and keeps the plan.
 */
export function mergedNoteText(existing: string | undefined, report: StatusReport): string {
  const doc = noteDocument(report);
  const prior = parseNote(existing);
  if (!prior) return serialize(doc);
  const planOnly = report.statuses.every((s) => s.context === PLAN_CONTEXT);
  const plan = planOnly ? doc.plan : (doc.plan ?? prior.plan);
  const { plan: _, ...outcome } = planOnly ? prior : doc;
  return serialize({ ...outcome, revision: doc.revision, ...(plan ? { plan } : {}) });
}

// the key order of noteDocument whatever built the note, so the same outcome always gives the same bytes
function serialize({ schema, revision, state, description, targetUrl, plan, clusters }: StatusNote): string {
  const doc = {
    schema, revision, ...(state !== undefined ? { state } : {}), ...(description !== undefined ? { description } : {}),
    ...(targetUrl ? { targetUrl } : {}), ...(plan ? { plan } : {}), clusters,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function parseNote(text: string | undefined): StatusNote | undefined {
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as Partial<StatusNote>;
    return doc.schema === 'gitfed.io/status-note/v1' && Array.isArray(doc.clusters) ? (doc as StatusNote) : undefined;
  } catch {
    return undefined;
  }
}

/** createGitNotesReporter records each report as a note under refs/notes/gitfed; failures are logged, never thrown. */
export function createGitNotesReporter(opts: GitNotesReporterOptions): StatusReporter {
  const log = opts.log ?? ((m: string) => void process.stderr.write(`gitfed: ${m}\n`));
  const write = isRemote(opts.repo) ? remoteWriter(opts) : localWriter(opts.repo);
  const subject = isRemote(opts.repo) ? redact(opts.repo) : opts.repo;
  let queue: Promise<void> = Promise.resolve();
  return {
    name: 'notes',
    report(report) {
      // a note records outcomes: a pending-only report would add a notes commit per cycle and say nothing lasting
      if (report.statuses.every((s) => s.state === 'pending')) return queue;
      const run = () => withRetry(() => write(report.sha, (existing) => mergedNoteText(existing, report)), classify, opts.retry ?? NOTES_RETRY, undefined, opts.sleeper).catch((err: unknown) => {
        log(`git notes: cannot record the status of ${report.sha.slice(0, 12)} in ${subject}: ${scrub(err, opts)}`);
      });
      // one note at a time: concurrent writes to one notes ref would race
      queue = queue.then(run);
      return queue;
    },
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
function remoteWriter(opts: GitNotesReporterOptions): Writer {
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
    if (!result.ok || (refResult && !refResult.ok)) throw new Error(`push refused: ${refResult?.error ?? result.error ?? 'unknown reason'}`);
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

function notesGitdir(opts: GitNotesReporterOptions): string {
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

function classify(err: unknown): Transience {
  // wrong credentials stay wrong: retrying only hammers the server; anything else (a refused push after a
  // concurrent write, a network failure, a 5xx) may pass on the next try, which starts again from a fresh fetch
  const status = (err as { data?: { statusCode?: number } }).data?.statusCode;
  return { retryable: status !== 401 && status !== 403 };
}

/** scrub turns an error into a message without the token or URL credentials. */
function scrub(err: unknown, opts: GitNotesReporterOptions): string {
  let text = redact(err instanceof Error ? err.message : String(err));
  const token = opts.auth?.token;
  if (token) text = text.split(token).join('***');
  return text;
}
