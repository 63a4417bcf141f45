import { withRetry, type RetryPolicy, type Sleeper } from '../../kube/retry.js';
import { GitfedError } from '../../model/errors.js';
import { PLAN_CONTEXT, type DetailedStatusReport } from '../status.js';
import type { FieldDrift, NotesStore, ObjectDrift, StatusReport, StatusReporter } from '../../model/drift.js';

/** GitNotesReporterOptions tune how a report reaches the notes store. */
export interface GitNotesReporterOptions {
  /** told about failures; default: stderr */
  log?: (message: string) => void;
  /** tries per report and backoff; default NOTES_RETRY */
  retry?: RetryPolicy;
  /** how a retry waits (default: a timer); tests pass one that records the wait */
  sleeper?: Sleeper;
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
    ...(drift?.error !== undefined ? { driftError: drift.error.message } : {}),
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

/**
 * createGitNotesReporter records each report as a note of its commit in the store (src/git opens one for the policy
 * repository); failures are logged, never thrown.
 */
export function createGitNotesReporter(store: NotesStore, opts: GitNotesReporterOptions = {}): StatusReporter {
  const log = opts.log ?? ((m: string) => void process.stderr.write(`gitfed: ${m}\n`));
  const classify = (err: unknown) => ({ retryable: store.retryable(err) });
  let queue: Promise<void> = Promise.resolve();
  return {
    name: 'notes',
    wholeReports: true,
    report(report, onFailure) {
      // a note records outcomes: a pending-only report would add a notes commit per cycle and say nothing lasting
      if (report.statuses.every((s) => s.state === 'pending')) return queue;
      const run = () => withRetry(() => store.update(report.sha, (existing) => mergedNoteText(existing, report)), classify, opts.retry ?? NOTES_RETRY, undefined, opts.sleeper).catch((err: unknown) => {
        const message = `cannot record the status of ${report.sha.slice(0, 12)} in ${store.where}: ${store.describe(err)}`;
        log(`git notes: ${message}`);
        onFailure?.(new GitfedError('RepoUnreachable', '', `git notes: ${message}`));
      });
      // one note at a time: concurrent writes to one notes ref would race
      queue = queue.then(run);
      return queue;
    },
  };
}
