import { publish } from '../drift/publish.js';
import { AGGREGATE_CONTEXT, aggregateOf, clusterVerdict, composeStatuses, finishStatus, pendingStatuses, statusReport, type Verdict } from '../drift/status.js';
import type { ClusterChangeSet } from '../model/change-set.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CommitStatus, StatusReport, StatusReporter } from '../model/drift.js';
import type { GitfedError } from '../model/errors.js';
import type { ReconcileResult } from '../model/reconcile-result.js';

/** StatusBoard keeps the statuses of the commit being reconciled, cluster by cluster, and posts what changes. */
export interface StatusBoard {
  /** begin starts a commit: every cluster is `pending` until its first pass (a commit already begun keeps its results) */
  begin(sha: string, clusters: readonly string[], diagnostics: Diagnostic[]): Promise<void>;
  /** record stores one cluster's pass; resolves once any change is posted, true when something was */
  record(sha: string, result: ClusterChangeSet): Promise<boolean>;
  /** renderFailed posts the failure of a commit that does not render on every cluster and the aggregate */
  renderFailed(sha: string, result: ReconcileResult, clusters: readonly string[]): Promise<void>;
}

interface Commit {
  sha: string;
  clusters: readonly string[];
  diagnostics: Diagnostic[];
  results: Map<string, ClusterChangeSet>;
  /** each result's status, worked out once when it is recorded */
  verdicts: Map<string, Verdict>;
  /** what each context last said, as posted: a post goes out only for what differs */
  posted: Map<string, string>;
}

/**
 * createStatusBoard: each cluster's status goes out when its pass ends, not when the slowest cluster's does; the
 * aggregate says `pending` until every cluster has had a pass. Posts are coalesced (one in flight, the next
 * carries every change since), forges get only the statuses that changed, and reporters that keep the whole
 * outcome (git notes) get every status each time.
 */
export function createStatusBoard(reporters: readonly StatusReporter[], targetUrl: string | undefined, onUnposted: (errs: GitfedError[]) => void): StatusBoard {
  let commit: Commit | undefined;
  // the drift details and counts of every cluster are built only for a reporter that keeps the whole outcome
  const whole = reporters.some((r) => r.wholeReports);
  const target = targetUrl ? { targetUrl } : {};
  let inFlight: Promise<void> | undefined;
  let again: Promise<boolean> | undefined;
  const flush = async (c: Commit, report: StatusReport): Promise<boolean> => {
    const changed = report.statuses.filter((s) => c.posted.get(s.context) !== said(s));
    if (changed.length === 0) return false;
    for (const s of changed) c.posted.set(s.context, said(s));
    const errors = await Promise.all(reporters.map((r) => publish([r], r.wholeReports ? report : { ...report, statuses: changed })));
    const failed = errors.flat();
    if (failed.length) onUnposted(failed);
    return true;
  };
  // one post at a time; whatever changes meanwhile goes out in the next one, built from the state of then
  const post = (): Promise<boolean> => {
    if (inFlight) {
      again ??= inFlight.then(() => {
        again = undefined;
        return post();
      });
      return again;
    }
    const c = commit;
    if (!c) return Promise.resolve(false);
    const run = flush(c, reportOf(c, target, whole));
    inFlight = run.then(() => undefined, () => undefined).finally(() => (inFlight = undefined));
    return run;
  };
  return {
    async begin(sha, clusters, diagnostics) {
      if (commit?.sha === sha) {
        commit.clusters = clusters;
        commit.diagnostics = diagnostics;
        const listed = new Set(clusters);
        for (const name of [...commit.results.keys()]) {
          if (listed.has(name)) continue;
          commit.results.delete(name);
          commit.verdicts.delete(name);
        }
      } else {
        commit = { sha, clusters, diagnostics, results: new Map(), verdicts: new Map(), posted: new Map() };
      }
      await post();
    },
    record(sha, result) {
      if (commit?.sha !== sha) return Promise.resolve(false);
      commit.results.set(result.cluster, result);
      commit.verdicts.set(result.cluster, clusterVerdict(result));
      return post();
    },
    async renderFailed(sha, result, clusters) {
      commit = { sha, clusters, diagnostics: result.diagnostics, results: new Map(), verdicts: new Map(), posted: new Map() };
      const statuses = composeStatuses(result, { ...target, clusters: [...clusters] });
      await flush(commit, { sha, statuses });
    },
  };
}

function said(s: CommitStatus): string {
  return `${s.state}\n${s.description}\n${s.targetUrl ?? ''}`;
}

/**
 * reportOf is the whole commit: the clusters done say their outcome, the others `pending`, and the aggregate waits
 * for all. Each cluster's status was worked out when it was recorded, so a report costs one line per cluster.
 */
function reportOf(c: Commit, target: { targetUrl?: string }, whole: boolean): StatusReport {
  const own: CommitStatus[] = [];
  const waiting: string[] = [];
  const verdicts: Verdict[] = [];
  for (const name of c.clusters) {
    const v = c.verdicts.get(name);
    if (!v) waiting.push(name);
    else {
      verdicts.push(v);
      own.push(finishStatus(v.status, target.targetUrl));
    }
  }
  const pending = pendingStatuses(waiting, target);
  const aggregate = waiting.length > 0 ? pendingStatuses([...c.clusters], target).find((s) => s.context === AGGREGATE_CONTEXT) : aggregateOf(verdicts, target.targetUrl, c.diagnostics);
  const statuses = [...own, ...pending.filter((s) => s.context !== AGGREGATE_CONTEXT), ...(aggregate ? [aggregate] : [])]
    .sort((a, b) => (a.context < b.context ? -1 : a.context > b.context ? 1 : 0));
  if (!whole) return { sha: c.sha, statuses };
  const done = c.clusters.flatMap((name) => c.results.get(name) ?? []);
  const details = statusReport(c.sha, { revision: c.sha, outcome: 'applied', diagnostics: c.diagnostics, clusters: done }, target);
  return { ...details, statuses };
}

