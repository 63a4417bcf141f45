import { publish } from '../drift/publish.js';
import { AGGREGATE_CONTEXT, composeStatuses, pendingStatuses, statusReport } from '../drift/status.js';
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
    const run = flush(c, reportOf(c, target));
    inFlight = run.then(() => undefined, () => undefined).finally(() => (inFlight = undefined));
    return run;
  };
  return {
    async begin(sha, clusters, diagnostics) {
      if (commit?.sha === sha) {
        commit.clusters = clusters;
        commit.diagnostics = diagnostics;
        for (const name of [...commit.results.keys()]) if (!clusters.includes(name)) commit.results.delete(name);
      } else {
        commit = { sha, clusters, diagnostics, results: new Map(), posted: new Map() };
      }
      await post();
    },
    record(sha, result) {
      if (commit?.sha !== sha) return Promise.resolve(false);
      commit.results.set(result.cluster, result);
      return post();
    },
    async renderFailed(sha, result, clusters) {
      commit = { sha, clusters, diagnostics: result.diagnostics, results: new Map(), posted: new Map() };
      const statuses = composeStatuses(result, { ...target, clusters: [...clusters] });
      await flush(commit, { sha, statuses });
    },
  };
}

function said(s: CommitStatus): string {
  return `${s.state}\n${s.description}\n${s.targetUrl ?? ''}`;
}

/** reportOf is the whole commit: the clusters done say their outcome, the others `pending`, and the aggregate waits for all. */
function reportOf(c: Commit, target: { targetUrl?: string }): StatusReport {
  const done = c.clusters.flatMap((name) => {
    const r = c.results.get(name);
    return r ? [r] : [];
  });
  const result: ReconcileResult = { revision: c.sha, outcome: 'applied', diagnostics: c.diagnostics, clusters: done };
  const report = statusReport(c.sha, result, target);
  if (done.length === c.clusters.length) return report;
  const waiting = c.clusters.filter((name) => !c.results.has(name));
  const pending = pendingStatuses([...waiting], target);
  const own = report.statuses.filter((s) => s.context !== AGGREGATE_CONTEXT);
  const aggregate = pendingStatuses([...c.clusters], target).find((s) => s.context === AGGREGATE_CONTEXT);
  const statuses = [...own, ...pending.filter((s) => s.context !== AGGREGATE_CONTEXT), ...(aggregate ? [aggregate] : [])];
  return { ...report, statuses: statuses.sort((a, b) => (a.context < b.context ? -1 : a.context > b.context ? 1 : 0)) };
}
