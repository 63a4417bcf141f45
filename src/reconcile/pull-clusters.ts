/**
 * The push side's view of pull members (`spec.syncMode: Pull`): they are never contacted; their agents' reports,
 * read from Git, stand for the probe (the Ready condition) and the capacity read of a push member. A report older
 * than the threshold makes the member Unknown, as Karmada's cluster lease does, so the usual taints and failover apply.
 */
import type { AgentReport } from '../model/agent-report.js';
import { isPull, type Cluster, type ResourceSummary } from '../model/cluster.js';
import { conditionTime, type ClusterCondition } from '../model/cluster-health.js';
import type { PulledCluster } from '../model/reconcile-result.js';

/** DEFAULT_REPORT_MAX_AGE_MS is how old an agent's report may be before its member is Unknown (Karmada's lease is 40 s). */
export const DEFAULT_REPORT_MAX_AGE_MS = 60_000;

/** PullView is what the pull members add to a render and to a command's output. */
export interface PullView {
  conditions: Map<string, ClusterCondition>;
  /** from fresh reports only: a stale report's figures are not trusted */
  capacities: Map<string, ResourceSummary>;
  /** what the pull members run of gitfed's workloads (template key -> member -> replicas), from fresh reports */
  placement: Map<string, Map<string, number>>;
  pulled: PulledCluster[];
}

/** PullReports read the agents' reports (cluster name -> report); the push side's port to Git. */
export type PullReports = () => Promise<ReadonlyMap<string, AgentReport>>;

/** pushMembers are the members the push side reaches itself. */
export function pushMembers(clusters: readonly Cluster[]): Cluster[] {
  return clusters.filter((c) => !isPull(c));
}

/** reportAge is how old a report is at now, in whole seconds. */
export function reportAge(report: AgentReport, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(report.observedAt)) / 1000));
}

/** reportCondition is the member's Ready condition: the report's own while fresh, Unknown once older than maxAgeMs. */
export function reportCondition(report: AgentReport | undefined, now: number, maxAgeMs: number): ClusterCondition {
  if (!report) return { type: 'Ready', status: 'Unknown', reason: 'ClusterStatusUnknown', message: 'no report from its agent yet', lastProbeTime: conditionTime(now), lastTransitionTime: conditionTime(now) };
  const observed = Date.parse(report.observedAt);
  if (now - observed <= maxAgeMs) return report.condition;
  // the condition turned Unknown when the report ran out, not when someone looked
  const since = report.condition.status === 'Unknown' ? report.condition.lastTransitionTime : conditionTime(observed + maxAgeMs);
  return { type: 'Ready', status: 'Unknown', reason: 'ClusterStatusUnknown', message: `agent report is ${reportAge(report, now)} s old`, lastProbeTime: report.observedAt, lastTransitionTime: since };
}

/** pullView reads the pull members of clusters through their reports. */
export function pullView(clusters: readonly Cluster[], reports: ReadonlyMap<string, AgentReport>, now: number, maxAgeMs = DEFAULT_REPORT_MAX_AGE_MS, except?: string): PullView {
  const view: PullView = { conditions: new Map(), capacities: new Map(), placement: new Map(), pulled: [] };
  for (const c of clusters.filter((m) => isPull(m) && m.name !== except)) {
    const report = reports.get(c.name);
    const condition = reportCondition(report, now, maxAgeMs);
    view.conditions.set(c.name, condition);
    const fresh = report !== undefined && condition === report.condition;
    if (fresh && report.resourceSummary) view.capacities.set(c.name, report.resourceSummary);
    for (const [key, n] of Object.entries(fresh ? report.replicas ?? {} : {})) view.placement.set(key, (view.placement.get(key) ?? new Map<string, number>()).set(c.name, n));
    view.pulled.push({ cluster: c.name, condition, revision: report?.revision ?? null, message: pulledMessage(report, condition, now) });
  }
  return view;
}

function pulledMessage(report: AgentReport | undefined, condition: ClusterCondition, now: number): string {
  if (!report) return 'pull mode, reported by its agent: no report yet';
  const what = `${report.state}${report.revision ? `, revision ${report.revision.slice(0, 7)}` : ''}`;
  const stale = condition === report.condition ? '' : ` (Ready Unknown: ${condition.message})`;
  return `pull mode, reported by its agent ${reportAge(report, now)} s ago: ${what}${stale}`;
}

/** EMPTY_REPORTS is the reader of a repository without reports (a plain directory). */
export const EMPTY_REPORTS: PullReports = async () => new Map();

/** PullRenderInputs are what one render of the push side takes from the agents' reports. */
export interface PullRenderInputs {
  reports: ReadonlyMap<string, AgentReport>;
  now: number;
  maxAgeMs?: number;
  /** an agent's own member: it reads itself, not its report */
  except?: string;
}

/** pullInputsOf puts the reports, the time and the threshold together for one render. */
export function pullInputsOf(reports: ReadonlyMap<string, AgentReport>, now: number, maxAgeMs: number | undefined, except?: string): PullRenderInputs {
  return { reports, now, ...(maxAgeMs !== undefined ? { maxAgeMs } : {}), ...(except !== undefined ? { except } : {}) };
}
