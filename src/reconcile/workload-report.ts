/**
 * One reading of the fleet's workloads, for `gitfed status`: the commit rendered as the reconcile would (live
 * capacities and placement included), then each planned object read on its member (one list per kind per member)
 * and judged the kstatus way. Per resource template: READY summed over the members, as `kubectl get deploy`
 * against Karmada shows it, and each member's copy. A member that cannot be read is a row, never a failure.
 */
import type { ClusterClient } from '../kube/cluster-client.js';
import { mapLimit } from '../kube/concurrency.js';
import { kindOf, objectKey, parseKey, refSubject } from '../kube/object-ref.js';
import { healthOf, readWorkloadHealth, type KStatus, type ResourceHealth } from '../kube/workload-health.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { GitfedError } from '../model/errors.js';
import { isPull } from '../model/cluster.js';
import { DEFAULT_REPORT_MAX_AGE_MS, pushMembers, reportAge, reportCondition, type PullReports } from './pull-clusters.js';
import type { AgentReport } from '../model/agent-report.js';
import type { KubeObject } from '../model/kube.js';
import type { Binding, Plan } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import { hasErrors, renderSnapshot } from '../render/index.js';
import { readMember, type MemberRead } from './applied-health.js';
import { aggregatedStatusOf, type Aggregated } from './aggregated-status.js';
import { readLive, withLive, type Connect } from './reconcile-once.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';
import { interpreterOf } from './interpreter-of.js';

export type { MemberRead };

/** MemberWorkload is one member's copy of a template as `gitfed status` shows it. */
export interface MemberWorkload {
  cluster: string;
  /** false when the member could not be read: status Unknown, the message says why */
  reachable: boolean;
  status: KStatus;
  health: ResourceHealth;
  ready?: number;
  desired?: number;
  message: string;
}

/** WorkloadStatus is one resource template: READY summed over its members, the worst member's status, and each member. */
export interface WorkloadStatus extends Aggregated {
  /** the template's object key */
  resource: string;
  /** Kind/namespace/name */
  subject: string;
  /** summed over the members that have counts; absent for kinds without pods */
  ready?: number;
  desired?: number;
  status: KStatus;
  health: ResourceHealth;
  members: MemberWorkload[];
}

/** MemberReach says whether one member could be read, and why not. */
export interface MemberReach {
  cluster: string;
  error?: GitfedError;
}

/** StatusReport is one `gitfed status`: nothing read when the commit does not render. */
export interface StatusReport {
  revision: string | null;
  outcome: 'read' | 'render-failed';
  diagnostics: Diagnostic[];
  /** in the plan's binding order */
  resources: WorkloadStatus[];
  /** every member of the repository, sorted */
  clusters: MemberReach[];
}

/** StatusOptions bound one reading. */
export interface StatusOptions {
  /** one member's whole budget (capacity read and workload lists) */
  clusterTimeoutMs: number;
  /** members read at once */
  concurrency: number;
  /** the agents' reports: a pull member's copies are read from its report (no report: Unknown) */
  reports?: PullReports;
  reportMaxAgeMs?: number;
  now?: () => number;
}

/** statusOnce renders the snapshot as the reconcile would and reads every planned object on its member; it writes nothing. */
export async function statusOnce(snapshot: Snapshot, connect: Connect, opts: StatusOptions): Promise<StatusReport> {
  const first = renderSnapshot(snapshot);
  if (hasErrors(first.plan)) return { revision: snapshot.revision, outcome: 'render-failed', diagnostics: first.plan.diagnostics, resources: [], clusters: [] };
  // pull members are never read from here: their copies show as their agents' to report
  const clients = new Map(pushMembers(first.catalog.clusters).map((c) => [c.name, connect(c, AbortSignal.timeout(opts.clusterTimeoutMs))]));
  const live = await readLive(first.catalog, clients);
  const { plan } = renderSnapshot(snapshot, (catalog) => withLive(catalog, live));
  const reads = await readMembers(plan, clients, opts.concurrency);
  const reported = pullReadings(first.catalog.clusters.filter(isPull), (await opts.reports?.()) ?? new Map(), opts);
  for (const [name, r] of reported) if ('error' in r) reads.set(name, { live: new Map(), error: r.error });
  const clusters = [...new Set([...reads.keys(), ...reported.keys()])].map((cluster): MemberReach => {
    const error = reads.get(cluster)?.error;
    return error ? { cluster, error } : { cluster };
  });
  clusters.sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
  const resources = workloadStatuses(plan, reads, reportedOnly(reported), interpreterOf(first.catalog)).map((r) => ({ ...r, ...aggregatedStatusOf(first.catalog, r.resource, r.members, reads) }));
  return { revision: snapshot.revision, outcome: 'read', diagnostics: plan.diagnostics, resources, clusters };
}

/** Reported is a pull member's fresh report and its age in seconds. */
export interface Reported {
  report: AgentReport;
  ago: number;
}

/** A pull member is never read from here: a fresh report of its agent stands for it, else it is unreachable. */
export type PullReading = Reported | { error: GitfedError };

/** pullReadings says, per pull member, whether a fresh report of its agent stands for it, or why it is unreachable. */
export function pullReadings(members: readonly { name: string }[], reports: ReadonlyMap<string, AgentReport>, opts: StatusOptions): Map<string, PullReading> {
  const now = (opts.now ?? Date.now)();
  const out = new Map<string, PullReading>();
  for (const { name } of members) {
    const report = reports.get(name);
    const condition = reportCondition(report, now, opts.reportMaxAgeMs ?? DEFAULT_REPORT_MAX_AGE_MS);
    const usable = report?.workloads && condition === report.condition;
    out.set(name, usable ? { report, ago: reportAge(report, now) }
      : { error: new GitfedError('ClusterUnreachable', name, `pull mode, reported by its agent: ${report ? (report.workloads ? `too old to stand for it (${condition.message})` : 'its report lists no workloads (an older agent)') : 'no report yet'}`) });
  }
  return out;
}

/** reportedOnly keeps the pull members that a report stands for. */
export function reportedOnly(readings: ReadonlyMap<string, PullReading>): Map<string, Reported> {
  return new Map([...readings].flatMap(([name, r]) => ('report' in r ? [[name, r] as const] : [])));
}

/** readMembers lists, on each member, every kind its plan holds there (one list per kind), and keeps the planned objects. */
export async function readMembers(plan: Plan, clients: ReadonlyMap<string, ClusterClient>, concurrency: number): Promise<Map<string, MemberRead>> {
  const out = new Map<string, MemberRead>();
  await mapLimit([...clients], concurrency, async ([name, client]) => {
    out.set(name, await readMember(client, plan.clusters[name] ?? []));
  });
  return out;
}

/** workloadStatuses judges every bound template on each of its members (a custom kind by the commit's interpreter). */
export function workloadStatuses(plan: Plan, reads: ReadonlyMap<string, MemberRead>, reported: ReadonlyMap<string, Reported> = new Map(), interpreter?: Interpreter): WorkloadStatus[] {
  return plan.bindings.map((b) => summarize(b, b.clusters.map((target) => {
    const pulled = reported.get(target.name);
    return pulled ? memberReported(b, target, plan, pulled) : memberOf(b, target, plan, reads.get(target.name), interpreter);
  })));
}

/** memberReported is a pull member's copy as its agent's report reads it. */
function memberReported(b: Binding, target: Binding['clusters'][number], plan: Plan, pulled: Reported): MemberWorkload {
  const r = pulled.report.workloads?.[b.resource];
  const planned = target.replicas ?? replicasOf((plan.clusters[target.name] ?? []).find((o) => objectKey(o) === b.resource));
  const held = pulled.report.revision === plan.revision ? '' : ` (its agent holds ${pulled.report.revision?.slice(0, 7) ?? 'nothing yet'})`;
  const message = `${r ? r.message : 'not in its agent\'s report'}, reported ${pulled.ago} s ago${held}`;
  const status = r?.status ?? 'Unknown';
  const desired = r?.desired ?? (status === 'Unknown' ? planned : undefined);
  return { cluster: target.name, reachable: true, status, health: healthOf(status), ...counts(r?.ready ?? (desired !== undefined ? 0 : undefined), desired), message };
}

function memberOf(b: Binding, target: Binding['clusters'][number], plan: Plan, read: MemberRead | undefined, interpreter: Interpreter | undefined): MemberWorkload {
  const plannedObject = (plan.clusters[target.name] ?? []).find((o) => objectKey(o) === b.resource);
  const planned = target.replicas ?? replicasOf(plannedObject);
  if (!read || read.error) {
    const why = read?.error?.message ?? 'not read';
    return { cluster: target.name, reachable: false, status: 'Unknown', health: 'Unknown', ...counts(0, planned), message: `unreachable: ${why}` };
  }
  const listError = read.kindErrors?.get(kindOf(parseKey(b.resource)));
  const h = listError ? { ...readWorkloadHealth(null), message: `cannot list: ${listError}` } : readWorkloadHealth(read.live.get(b.resource) ?? null, interpreter);
  // a copy not there yet counts its planned replicas as desired and none ready, so READY shows what is missing
  const desired = h.desired ?? (h.status === 'Unknown' ? planned : undefined);
  return { cluster: target.name, reachable: true, status: h.status, health: h.health, ...counts(h.ready ?? (desired !== undefined ? 0 : undefined), desired), message: h.message };
}

function counts(ready: number | undefined, desired: number | undefined): { ready?: number; desired?: number } {
  return desired === undefined ? {} : { ready: ready ?? 0, desired };
}

function replicasOf(obj: KubeObject | undefined): number | undefined {
  const spec = obj?.spec;
  const replicas = spec && typeof spec === 'object' && !Array.isArray(spec) ? spec.replicas : undefined;
  return typeof replicas === 'number' ? replicas : undefined;
}

const WORST_FIRST: readonly KStatus[] = ['Failed', 'InProgress', 'Unknown', 'Current'];

/** summarize sums READY over the members with counts; the template's status is its worst member's (Unknown when placed nowhere). */
export function summarize(b: Binding, members: MemberWorkload[]): WorkloadStatus {
  const counted = members.filter((m) => m.desired !== undefined);
  const status = members.length === 0 ? 'Unknown' : (WORST_FIRST.find((s) => members.some((m) => m.status === s)) ?? 'Current');
  return {
    resource: b.resource,
    subject: refSubject(parseKey(b.resource)),
    ...(counted.length > 0 ? { ready: sum(counted.map((m) => m.ready ?? 0)), desired: sum(counted.map((m) => m.desired ?? 0)) } : {}),
    status,
    health: healthOf(status),
    members,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
