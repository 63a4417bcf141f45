/**
 * One probe round over the repository's members, for `gitfed clusters`: each member's Ready condition as the
 * probe finds it (a one-shot command has no history to apply thresholds to), its version, nodes, free capacity
 * and taints (the repository's and those derived from health). A member that is down is a row, never a failure.
 */
import { summarize } from '../apply/capacity.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import { mapLimit } from '../kube/concurrency.js';
import type { MemberProbe } from '../kube/health-probe.js';
import { remainingAmount } from '../kube/quantity.js';
import { isPull, type Cluster, type ResourceList, type TaintEffect } from '../model/cluster.js';
import type { AgentReport } from '../model/agent-report.js';
import { DEFAULT_REPORT_MAX_AGE_MS, reportCondition } from './pull-clusters.js';
import type { ClusterCondition } from '../model/cluster-health.js';
import { deriveTaints, type DerivedTaint } from '../model/cluster-taints.js';
import { conditionOfProbe } from '../observe/cluster-health.js';

/** ResourceCapacity is one resource of a member: nodes' allocatable, pods' requests, and what is left. */
export interface ResourceCapacity {
  allocatable: string;
  allocated: string;
  available: string;
}

/** ReportedTaint is a taint as `gitfed clusters` shows it, with where it comes from. */
export interface ReportedTaint {
  key: string;
  value?: string;
  effect: TaintEffect;
  /** derived taints only: when gitfed added it */
  timeAdded?: string;
  source: 'repository' | 'health';
}

/** ClusterReport is one row of `gitfed clusters` (its JSON field names are documented in README). */
export interface ClusterReport {
  name: string;
  context: string;
  condition: ClusterCondition;
  /** /version's gitVersion; null when the member did not say */
  version: string | null;
  /** null when the Nodes could not be listed */
  nodes: number | null;
  /** cpu, memory and pods; null when Nodes or Pods could not be listed */
  capacity: Record<string, ResourceCapacity> | null;
  taints: ReportedTaint[];
  /** Pull for a member its agent reports (the row's figures are the report's); absent for push members */
  syncMode?: 'Pull';
  /** a pull member: the commit its agent last said it holds */
  revision?: string | null;
}

/** ReportDeps reach the members; now and the budget are injected so that tests control them. */
export interface ReportDeps {
  probe(cluster: Cluster): MemberProbe;
  connect(cluster: Cluster, signal: AbortSignal): ClusterClient;
  now(): number;
  /** one member's whole budget: probe, version and lists */
  budget(): AbortSignal;
  concurrency: number;
  /** the taints health adds to a member: the repository's ClusterTaintPolicy objects or the built-in policy (default: Karmada's NoSchedule taints only) */
  derive?: (cluster: Cluster, condition: ClusterCondition) => DerivedTaint[];
}

const SHOWN_RESOURCES = ['cpu', 'memory', 'pods'];

/**
 * reportClusters probes every push member once and reads what it can of the rest; a pull member is never contacted:
 * its agent's report (when one was read) stands for the probe and the reads. Rows in the repository's order.
 */
export function reportClusters(clusters: readonly Cluster[], deps: ReportDeps, reports: ReadonlyMap<string, AgentReport> = new Map(), maxAgeMs?: number): Promise<ClusterReport[]> {
  return mapLimit(clusters, deps.concurrency, async (cluster) => (isPull(cluster) ? pulledRow(cluster, reports.get(cluster.name), deps, maxAgeMs) : reportOne(cluster, deps)));
}

/** pulledRow is a pull member's row, from its agent's last report: Unknown when there is none or it is too old. */
function pulledRow(cluster: Cluster, report: AgentReport | undefined, deps: ReportDeps, maxAgeMs?: number): ClusterReport {
  const condition = reportCondition(report, deps.now(), maxAgeMs ?? DEFAULT_REPORT_MAX_AGE_MS);
  const base = { name: cluster.name, context: cluster.context, condition, version: null, taints: taintsOf(cluster, condition, deps.derive) };
  return { ...base, nodes: report?.nodes ?? null, capacity: report?.capacity ?? null, syncMode: 'Pull', ...(report ? { revision: report.revision } : {}) };
}

async function reportOne(cluster: Cluster, deps: ReportDeps): Promise<ClusterReport> {
  const signal = deps.budget();
  const probe = deps.probe(cluster);
  const condition = conditionOfProbe(await probe.health(signal), deps.now());
  const base = { name: cluster.name, context: cluster.context, condition };
  const taints = taintsOf(cluster, condition, deps.derive);
  // no answer: nothing more to ask (and each request would wait its whole timeout)
  if (condition.status === 'Unknown') return { ...base, version: null, nodes: null, capacity: null, taints };
  const client = deps.connect(cluster, signal);
  const [version, nodes, pods] = await Promise.all([
    probe.version(signal),
    client.list('v1', 'Node').catch(() => null),
    client.list('v1', 'Pod').catch(() => null),
  ]);
  const capacity = nodes && pods ? capacityOf(summarize(nodes, pods)) : null;
  return { ...base, version: version ?? null, nodes: nodes?.length ?? null, capacity, taints };
}

/** taintsOf lists the repository's taints, then the ones health adds. */
export function taintsOf(cluster: Cluster, condition: ClusterCondition, derive?: ReportDeps['derive']): ReportedTaint[] {
  return [
    ...cluster.taints.map((t): ReportedTaint => ({ ...t, source: 'repository' })),
    ...(derive ? derive(cluster, condition) : deriveTaints(condition)).map((t): ReportedTaint => ({ ...t, source: 'health' })),
  ];
}

/** capacityOf is allocatable minus allocated, per shown resource, as render's live capacity reads them. */
export function capacityOf(summary: { allocatable?: ResourceList; allocated?: ResourceList }): Record<string, ResourceCapacity> {
  const out: Record<string, ResourceCapacity> = {};
  for (const name of SHOWN_RESOURCES) {
    const allocatable = summary.allocatable?.[name] ?? 0;
    const allocated = summary.allocated?.[name] ?? 0;
    const show = (q: string | number, minus: (string | number)[] = []): string => formatAmount(name, remainingAmount(name, q, minus));
    out[name] = { allocatable: show(allocatable), allocated: show(allocated), available: show(allocatable, [allocated]) };
  }
  return out;
}

const BINARY: readonly [string, bigint][] = [['Ti', 1n << 40n], ['Gi', 1n << 30n], ['Mi', 1n << 20n], ['Ki', 1n << 10n]];

/** formatAmount writes millicores as cores where whole (`19500m`, `20`) and bytes with the largest exact binary suffix. */
export function formatAmount(name: string, amount: number): string {
  if (name === 'cpu') return amount % 1000 === 0 ? String(amount / 1000) : `${amount}m`;
  if (name !== 'memory' || amount === 0) return String(amount);
  const bytes = BigInt(amount);
  const [suffix, size] = BINARY.find(([, s]) => bytes % s === 0n) ?? ['', 1n];
  return `${bytes / size}${suffix}`;
}
