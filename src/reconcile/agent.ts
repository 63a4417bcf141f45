/**
 * The pull agent (`gitfed agent`): inside one member, it renders the whole repository (render is pure; the other
 * members are only Cluster objects and their agents' reports) and reconciles its own member with the push side's
 * own recipe, reconcileOnce restricted to it: same inventory, field manager, safety guards and status context.
 * After each pass it writes its member's report to Git, where the push side and the other agents read it.
 */
import { publish } from '../drift/publish.js';
import { AGGREGATE_CONTEXT, pendingStatuses, statusReport } from '../drift/status.js';
import type { ClusterReportStore } from '../git/cluster-reports.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import type { AgentReport } from '../model/agent-report.js';
import type { StatusReport, StatusReporter } from '../model/drift.js';
import { asGitfedError, type GitfedError } from '../model/errors.js';
import { conditionOfProbe } from '../observe/cluster-health.js';
import type { ProbeFn } from '../observe/cluster-prober.js';
import { agentReport, type PassOutcome } from './agent-report-of.js';
import { reconcileOnce } from './reconcile-once.js';
import { parseReports } from './report-source.js';
import { appliedConfigSource, ownerOf, readSource, type SourceOptions } from './source.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';

/** AgentDeps are an agent's adapters: the repository, its own member (client and probe), the reports, forge statuses. */
export interface AgentDeps {
  source: SourceOptions;
  cluster: string;
  /** a client of the agent's own member, bounded by the signal */
  connect(signal: AbortSignal): ClusterClient;
  probe: ProbeFn;
  /** the reports in Git (undefined for a plain directory: nothing to write to) */
  reports: ClusterReportStore | undefined;
  reporters: readonly StatusReporter[];
  /** wall-clock ms: report times and their age */
  now: () => number;
}

/** AgentOptions tune a pass as ReconcileOptions tune a cycle. */
export interface AgentOptions {
  dryRun: boolean;
  allowMassPrune: boolean;
  clusterTimeoutMs: number;
  owner?: string;
  reportMaxAgeMs?: number;
  /** a signal that aborts after ms (tests pass a fake clock's) */
  timeout?: (ms: number) => AbortSignal;
}

/** AgentPass is one pass: what it did, the report it wrote, and what failed on the way. */
export interface AgentPass {
  outcome: PassOutcome;
  report: AgentReport;
  /** the report could not be written: the next pass tries again */
  reportError?: GitfedError;
  unposted: GitfedError[];
}

/** agentPass reads the repository, reconciles the agent's member (nothing at all when the commit cannot be read or rendered) and reports. */
export async function agentPass(deps: AgentDeps, opts: AgentOptions): Promise<AgentPass> {
  const budget = (): AbortSignal => (opts.timeout ? opts.timeout(opts.clusterTimeoutMs) : AbortSignal.timeout(opts.clusterTimeoutMs));
  const unposted: GitfedError[] = [];
  let outcome: PassOutcome;
  let interpreter: Interpreter | undefined;
  try {
    const snapshot = await readSource(deps.source);
    const post = (report: StatusReport): Promise<void> => (snapshot.revision && !opts.dryRun ? publish(deps.reporters, ownOnly(report)).then((e) => void unposted.push(...e)) : Promise.resolve());
    const configAt = appliedConfigSource(deps.source);
    const result = await reconcileOnce(snapshot, (_, signal) => deps.connect(signal), {
      dryRun: opts.dryRun, allowMassPrune: opts.allowMassPrune, clusterTimeoutMs: opts.clusterTimeoutMs, concurrency: 1,
      owner: opts.owner ?? ownerOf(deps.source), only: deps.cluster, health: true, now: deps.now,
      probe: () => deps.probe, reports: await othersReports(deps),
      ...(opts.reportMaxAgeMs !== undefined ? { reportMaxAgeMs: opts.reportMaxAgeMs } : {}),
      ...(opts.timeout ? { timeout: opts.timeout } : {}),
      ...(configAt ? { configAt } : {}),
      onPlanned: (clusters, commits) => {
        interpreter = commits;
        return post({ sha: snapshot.revision ?? '', statuses: pendingStatuses(clusters) });
      },
    });
    if (snapshot.revision && result.clusters.length > 0) await post(statusReport(snapshot.revision, result));
    outcome = { result };
  } catch (err) {
    // the repository could not be read: the member keeps what it holds, nothing is applied or pruned
    outcome = { unreadable: asGitfedError(err, 'RepoUnreachable') };
  }
  const condition = conditionOfProbe(await deps.probe(budget()), deps.now());
  const report = await agentReport(deps.cluster, deps.connect(budget()), condition, outcome, deps.now(), interpreter);
  const reportError = await deps.reports?.write(deps.cluster, `${JSON.stringify(report, null, 2)}\n`).then(() => undefined, (err: unknown) => asGitfedError(err, 'RepoUnreachable'));
  return { outcome, report, unposted, ...(reportError ? { reportError } : {}) };
}

/** ownOnly keeps the agent's own `gitfed/<cluster>` status: the aggregate `gitfed` is the push side's, over every member. */
function ownOnly(report: StatusReport): StatusReport {
  return { ...report, statuses: report.statuses.filter((s) => s.context !== AGGREGATE_CONTEXT) };
}

/** othersReports are the other pull members' reports, for the render's health and capacity; unreadable ones count as none. */
async function othersReports(deps: AgentDeps): Promise<ReadonlyMap<string, AgentReport>> {
  const texts = await deps.reports?.readAll().catch(() => undefined);
  return parseReports(texts ?? new Map());
}
