import { countActions, type ChangeAction, type ChangeCounts, type ClusterChangeSet, type UnhealthyObject } from '../model/change-set.js';
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { ReconcileResult } from '../model/reconcile-result.js';
import type { CommitState, CommitStatus, FieldDrift, ObjectDrift, StatusReport } from '../model/drift.js';

/** AGGREGATE_CONTEXT is the context of the whole-fleet status. */
export const AGGREGATE_CONTEXT = 'gitfed';
/** PLAN_CONTEXT is the status `gitfed plan` posts on the head commit. */
export const PLAN_CONTEXT = 'gitfed/plan';
/** DESCRIPTION_LIMIT is the longest description any forge accepts (GitHub: 140). */
export const DESCRIPTION_LIMIT = 140;

/** StatusOptions tune the composed statuses. */
export interface StatusOptions {
  targetUrl?: string;
  /** clusters to name when the render failed (the result then lists none); default: only the aggregate */
  clusters?: string[];
}


/** DetailedStatusReport adds per-cluster change counts, which the git-notes reporter records. */
export interface DetailedStatusReport extends StatusReport {
  changes?: Record<string, ChangeCounts>;
}

/** contextOf is the status context of one cluster. */
export function contextOf(cluster: string): string {
  return `${AGGREGATE_CONTEXT}/${cluster}`;
}

/** composeStatuses turns one reconcile into a `gitfed/<cluster>` status per cluster plus the aggregate `gitfed`, sorted by context. */
export function composeStatuses(result: ReconcileResult, opts: StatusOptions = {}): CommitStatus[] {
  const own = result.outcome === 'render-failed' ? renderFailed(result, opts.clusters ?? []) : clusterStatuses(result.clusters);
  const all = [...own.map((s) => s.status), aggregate(result, own)];
  return sortByContext(all.map((s) => finish(s, opts.targetUrl)));
}

/** pendingStatuses says `pending` for every cluster and the aggregate while an apply runs. */
export function pendingStatuses(clusters: string[], opts: { targetUrl?: string } = {}): CommitStatus[] {
  const own = clusters.map((c) => ({ context: contextOf(c), state: 'pending' as const, description: 'applying' }));
  const n = clusters.length;
  const all = [...own, { context: AGGREGATE_CONTEXT, state: 'pending' as const, description: `applying to ${n} cluster${n === 1 ? '' : 's'}` }];
  return sortByContext(all.map((s) => finish(s, opts.targetUrl)));
}

/** statusReport bundles the statuses, drift details and change counts of one reconcile for the reporters. */
export function statusReport(sha: string, result: ReconcileResult, opts: StatusOptions = {}): DetailedStatusReport {
  const clusters = result.clusters;
  const drift = clusters.flatMap((c) => (c.drift ? [c.drift] : []));
  const changes = Object.fromEntries(clusters.map((c) => [c.cluster, countActions(c)]));
  return { sha, statuses: composeStatuses(result, opts), ...(drift.length ? { drift } : {}), changes };
}

/** truncate shortens text to at most `limit` UTF-16 units, cutting at a separator when one is near and ending in `…`. */
export function truncate(text: string, limit = DESCRIPTION_LIMIT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  let cut = flat.slice(0, limit - 1);
  // never leave half a surrogate pair
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const boundary = Math.max(cut.lastIndexOf(', '), cut.lastIndexOf('; '), cut.lastIndexOf(' '));
  // a boundary far back would throw away most of the text: then cut mid-word
  if (boundary >= limit * 0.6) cut = cut.slice(0, boundary);
  return `${cut.replace(/[\s,;:]+$/, '')}…`;
}

/** Verdict is one cluster's status and the word the aggregate says of it. */
export interface Verdict {
  cluster: string;
  status: CommitStatus;
  /** the one word the aggregate says about a cluster that is not in sync */
  word?: string;
}

function finish(s: CommitStatus, targetUrl: string | undefined): CommitStatus {
  return { ...s, description: truncate(s.description), ...(targetUrl ? { targetUrl } : {}) };
}

function sortByContext(statuses: CommitStatus[]): CommitStatus[] {
  return statuses.sort((a, b) => (a.context < b.context ? -1 : a.context > b.context ? 1 : 0));
}

function firstError(result: ReconcileResult): string {
  const d = result.diagnostics.find((x) => x.severity === 'error') ?? result.diagnostics[0];
  return d ? formatDiagnostic(d) : 'the render failed';
}

function renderFailed(result: ReconcileResult, clusters: string[]): Verdict[] {
  const description = `render failed: ${firstError(result)}`;
  return clusters.map((c) => ({ cluster: c, status: { context: contextOf(c), state: 'failure', description }, word: 'render failed' }));
}

function clusterStatuses(clusters: ClusterChangeSet[]): Verdict[] {
  return clusters.map(clusterVerdict);
}

/** clusterVerdict is one cluster's `gitfed/<cluster>` status (not yet truncated) and its word for the aggregate. */
export function clusterVerdict(cs: ClusterChangeSet): Verdict {
  const { state, description, word } = verdict(cs);
  return { cluster: cs.cluster, status: { context: contextOf(cs.cluster), state, description }, ...(word ? { word } : {}) };
}

/** finishStatus truncates the description to what forges accept and adds the link. */
export function finishStatus(s: CommitStatus, targetUrl?: string): CommitStatus {
  return finish(s, targetUrl);
}

/** aggregateOf is the `gitfed` status of a commit applied everywhere, from every cluster's verdict and the render's diagnostics. */
export function aggregateOf(verdicts: Verdict[], targetUrl?: string, diagnostics: Diagnostic[] = []): CommitStatus {
  return finish(aggregate({ revision: null, outcome: 'applied', diagnostics, clusters: [] }, verdicts), targetUrl);
}

/**
 * overcommitNote names the clusters the render gave more replicas than their known capacity holds: a warning, so
 * the state is unchanged, but a reviewer must see it where the state is shown.
 */
function overcommitNote(diagnostics: readonly Diagnostic[]): string {
  const clusters = [...new Set(diagnostics.filter((d) => d.code === 'Overcommitted' && d.cluster).map((d) => d.cluster as string))].sort();
  return clusters.length ? `; overcommitted: ${clusters.join(', ')}` : '';
}

/** verdict applies the rules in order: unreachable, then failed objects, drift, held prunes and failed health together, then not yet applied, then rolling out, else success. */
function verdict(cs: ClusterChangeSet): { state: CommitState; description: string; word?: string } {
  const err = cs.error ?? cs.drift?.error;
  if (err !== undefined) {
    const text = cs.error ? err.message : `drift check failed: ${err.message}`;
    // a cluster that could not be reached (or is left alone while a NoExecute taint evicts it) is `error`; one that answered and refused is `failure`
    return err.code === 'ClusterUnreachable' || err.code === 'ClusterEvicted' ? { state: 'error', description: `error: ${text}`, word: 'error' } : { state: 'failure', description: `failed: ${text}`, word: 'failed' };
  }
  const failed = cs.entries.filter((e) => e.action === 'failed');
  const drifted = (cs.drift?.objects ?? []).filter((o) => o.mode !== 'ignore');
  const held = cs.heldBack?.keys.length ?? 0;
  const parts: string[] = [];
  if (failed.length) parts.push(`${failed.length} failed: ${failed.map((e) => `${e.subject}: ${e.reason ?? 'failed'}`).join('; ')}`);
  if (drifted.length) parts.push(`${drifted.length} drifted: ${drifted.map(describeObject).join(', ')}`);
  if (held && cs.heldBack) parts.push(`${held} held back from pruning: ${cs.heldBack.reason}`);
  const broken = (cs.unhealthy ?? []).filter((u) => u.status === 'Failed');
  if (broken.length) parts.push(`${broken.length} unhealthy: ${broken.map(describeHealth).join('; ')}`);
  if (parts.length) return { state: 'failure', description: parts.join('; '), word: failed.length ? 'failed' : drifted.length ? 'drifted' : held ? 'prune held' : 'unhealthy' };
  // an apply still to come (its create failed) is neither drift nor in sync: the next reconcile makes it so
  const pending = cs.drift?.pending ?? [];
  if (pending.length) return { state: 'pending', description: `${pending.length} not yet applied: ${pending.join(', ')}`, word: 'pending' };
  // applied and without drift, but not healthy yet: a rollout in progress is `pending`, never `success`
  const rolling = (cs.unhealthy ?? []).filter((u) => u.status === 'InProgress');
  if (rolling.length) return { state: 'pending', description: `${rolling.length} rolling out: ${rolling.map(describeHealth).join(', ')}`, word: 'rolling out' };
  return { state: 'success', description: applied(cs) };
}

function applied(cs: ClusterChangeSet): string {
  // a drift check (or a cluster that receives nothing) has no entries: there is nothing to count
  if (cs.entries.length === 0) return 'in sync';
  const counts = countActions(cs);
  const order: ChangeAction[] = ['created', 'configured', 'unchanged', 'pruned', 'skipped'];
  const shown = order.filter((a, i) => i < 3 || (counts[a] ?? 0) > 0).map((a) => `${counts[a] ?? 0} ${a}`);
  return `${cs.dryRun ? 'dry run' : 'applied'}: ${shown.join(', ')}`;
}

function describeHealth(u: UnhealthyObject): string {
  return `${u.subject} ${u.message}`;
}

function describeObject(o: ObjectDrift): string {
  if (o.type === 'missing') return `${o.subject} missing`;
  const secret = o.subject.startsWith('Secret/');
  const fields = o.fields.map((f) => describeField(f, secret));
  return fields.length ? `${o.subject} ${fields.join(', ')}` : `${o.subject} modified`;
}

function describeField(f: FieldDrift, secret: boolean): string {
  // Secret values arrive masked; mask again here so a detector slip can never reach a forge
  const value = (v: unknown) => (secret && v !== undefined ? '***' : showValue(v));
  const who = f.manager ? ` (${f.manager})` : '';
  return `${f.path} ${value(f.desired)}->${value(f.live)}${who}`;
}

function showValue(v: unknown): string {
  if (v === undefined) return '<none>';
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  // one long value must not crowd out the other objects
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function aggregate(result: ReconcileResult, own: Verdict[]): CommitStatus {
  if (result.outcome === 'render-failed') {
    return { context: AGGREGATE_CONTEXT, state: 'failure', description: `render failed: ${firstError(result)}` };
  }
  const states = own.map((v) => v.status.state);
  const state: CommitState = states.includes('error') ? 'error' : states.includes('failure') ? 'failure' : states.includes('pending') ? 'pending' : 'success';
  const inSync = states.filter((s) => s === 'success').length;
  const problems = own.filter((v) => v.word).map((v) => `${v.cluster} ${v.word}`);
  const head = own.length ? `${inSync}/${own.length} clusters in sync` : 'no clusters';
  const described = problems.length ? `${head}; ${problems.join(', ')}` : head;
  return { context: AGGREGATE_CONTEXT, state, description: `${described}${overcommitNote(result.diagnostics)}` };
}
