/**
 * One page of the dashboard from its read model: a window of members (columns) and resources (rows), so that the
 * answer stays small whatever the fleet's size; and one object's drill-down. Live health is read from the watch
 * caches for the page's cells only.
 */
import { parseKey, refSubject } from '../kube/object-ref.js';
import { isSecret, maskValue } from '../kube/secret-mask.js';
import { readWorkloadHealth } from '../kube/workload-health.js';
import type { CommitState, FieldDrift } from '../model/drift.js';
import type { Binding, TargetCluster } from '../model/plan.js';
import type { CommitRecord, DashboardModel, MemberRecord } from './dashboard-state.js';
import type {
  CellSync, DashboardCell, DashboardCluster, DashboardCommit, DashboardPage, DashboardQuery, DashboardRow, ObjectCell, ObjectDetail, Paged, ShownTaint,
} from './dashboard-types.js';

/** MAX_ROWS and MAX_CLUSTERS bound one page whatever the query asks. */
export const MAX_ROWS = 200;
/** MAX_CLUSTERS: members per page at most. */
export const MAX_CLUSTERS = 100;

/** pageOf answers `/api/dashboard`. */
export function pageOf(model: DashboardModel, q: DashboardQuery): DashboardPage {
  const members = [...model.members.values()].filter((m) => (!q.cluster || m.cluster.name.includes(q.cluster)) && (q.only !== 'not-ready' || readyOf(model, m) !== 'True'));
  const clusters = window(members, q.clusterOffset, q.clusterLimit, MAX_CLUSTERS);
  const drifted = q.only === 'drifted' ? driftedKeys(model) : undefined;
  const bindings = [...model.rows.values()].filter((b) => (!q.resource || subjectOf(b.resource).includes(q.resource)) && (!drifted || drifted.has(b.resource)));
  const rows = window(bindings, q.rowOffset, q.rowLimit, MAX_ROWS);
  const all = [...model.members.values()];
  return {
    version: model.version,
    revision: model.revision,
    outcome: model.outcome,
    diagnostics: model.diagnostics,
    totals: {
      clusters: all.length,
      resources: model.rows.size,
      notReady: all.filter((m) => readyOf(model, m) !== 'True').length,
      driftedObjects: all.reduce((n, m) => n + m.drift.size, 0),
    },
    clusters: { ...clusters, items: clusters.items.map((m) => clusterOf(model, m)) },
    rows: { ...rows, items: rows.items.map((b) => rowOf(model, b, clusters.items)) },
    commits: model.commits.map((c) => commitOf(c, clusters.items)),
  };
}

/** objectDetail answers `/api/object?key=`: every member the template is placed on, with its drift field by field. */
export function objectDetail(model: DashboardModel, key: string): ObjectDetail | undefined {
  const b = model.rows.get(key);
  if (!b) return undefined;
  const cells = b.clusters.flatMap((t): ObjectCell[] => {
    const m = model.members.get(t.name);
    if (!m) return [];
    const e = m.entries.get(key);
    const d = m.drift.get(key);
    const live = readWorkloadHealth(model.peek(t.name, key) ?? null, model.interpreter);
    return [{
      cluster: t.name, ...cellOf(model, m, key, t), healthMessage: live.message,
      ...(e ? { action: e.action } : {}), ...(e?.reason ? { reason: e.reason } : {}),
      ...(d ? { driftType: d.type, driftMode: d.mode } : {}),
      fields: masked(key, d?.fields ?? []),
    }];
  });
  return { key, subject: subjectOf(key), policy: b.policy, ...(b.reason ? { reason: b.reason } : {}), cells, trace: null };
}

function window<T>(all: readonly T[], offset: number, limit: number, max: number): Paged<T> {
  const l = Math.max(1, Math.min(max, Number.isFinite(limit) ? Math.floor(limit) : max));
  const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, Math.max(0, all.length - 1)));
  return { offset: o, limit: l, total: all.length, items: all.slice(o, o + l) };
}

function driftedKeys(model: DashboardModel): Set<string> {
  const keys = new Set<string>();
  for (const m of model.members.values()) for (const key of m.drift.keys()) keys.add(key);
  return keys;
}

function subjectOf(key: string): string {
  try {
    return refSubject(parseKey(key));
  } catch {
    return key;
  }
}

function readyOf(model: DashboardModel, m: MemberRecord): DashboardCluster['ready'] {
  return model.conditions.get(m.cluster.name)?.status ?? 'Unknown';
}

function clusterOf(model: DashboardModel, m: MemberRecord): DashboardCluster {
  const c = model.conditions.get(m.cluster.name);
  const verdict = model.commits.find((x) => x.revision === model.revision)?.states.get(m.cluster.name);
  const taints: ShownTaint[] = [
    ...m.cluster.taints.map((t): ShownTaint => ({ ...t, source: 'repository' })),
    ...(model.derived.get(m.cluster.name) ?? []).map((t): ShownTaint => ({ ...t, source: 'health' })),
  ];
  return {
    name: m.cluster.name, region: m.cluster.region, provider: m.cluster.provider,
    ready: readyOf(model, m), readyReason: c?.reason ?? 'NotProbed', readyMessage: c?.message ?? 'not probed yet',
    ...(c ? { readySince: c.lastTransitionTime } : {}),
    taints,
    appliedRevision: m.appliedRevision,
    state: verdict?.state ?? 'pending',
    description: verdict?.description ?? 'not applied yet',
    drifted: m.drift.size,
    ...(m.lastAt !== undefined ? { lastPassAt: new Date(m.lastAt).toISOString() } : {}),
    ...(owner(model, m.cluster.name)),
  };
}

function owner(model: DashboardModel, cluster: string): { owner?: string } {
  const o = model.ownerOf(cluster);
  return o ? { owner: o } : {};
}

function rowOf(model: DashboardModel, b: Binding, members: readonly MemberRecord[]): DashboardRow {
  const targets = new Map(b.clusters.map((t) => [t.name, t]));
  const cells: Record<string, DashboardCell> = {};
  for (const m of members) {
    const t = targets.get(m.cluster.name);
    if (t) cells[m.cluster.name] = cellOf(model, m, b.resource, t);
  }
  return { key: b.resource, subject: subjectOf(b.resource), policy: b.policy, placed: b.clusters.length, ...(b.reason ? { reason: b.reason } : {}), cells };
}

function cellOf(model: DashboardModel, m: MemberRecord, key: string, t: TargetCluster): DashboardCell {
  const live = readWorkloadHealth(model.peek(m.cluster.name, key) ?? null, model.interpreter);
  return {
    revision: m.appliedAt.get(key) ?? null,
    sync: syncOf(model, m, key),
    health: live.status,
    drift: m.drift.has(key),
    ...(t.replicas !== undefined ? { replicas: t.replicas } : {}),
    ...(live.ready !== undefined ? { ready: live.ready } : {}),
  };
}

/**
 * syncOf: a member that could not be reconciled says so for all its objects; drift left in place (report mode) is
 * out of sync; corrected drift is synced again (the cell still shows the drift its last pass found).
 */
function syncOf(model: DashboardModel, m: MemberRecord, key: string): CellSync {
  const last = m.last;
  if (!last) return 'pending';
  if (last.error) return last.error.code === 'ClusterEvicted' ? 'held' : 'unreachable';
  const d = m.drift.get(key);
  if (d && d.mode !== 'correct') return 'drifted';
  const e = m.entries.get(key);
  if (!e) return 'pending';
  if (e.action === 'failed') return 'failed';
  if (e.action === 'held' || e.action === 'skipped') return 'held';
  return m.appliedAt.get(key) === model.revision ? 'synced' : 'pending';
}

function commitOf(c: CommitRecord, members: readonly MemberRecord[]): DashboardCommit {
  const counts: Partial<Record<CommitState, number>> = {};
  for (const s of c.states.values()) counts[s.state] = (counts[s.state] ?? 0) + 1;
  const clusters: Record<string, CommitState> = {};
  for (const m of members) {
    const s = c.states.get(m.cluster.name);
    if (s) clusters[m.cluster.name] = s.state;
  }
  return { revision: c.revision, seenAt: new Date(c.seenAt).toISOString(), outcome: c.outcome, counts, clusters };
}

/** masked hides every value of a Secret's drift, whatever the path (drift detection masks them already: twice is safe). */
export function masked(key: string, fields: readonly FieldDrift[]): FieldDrift[] {
  if (!secretKey(key)) return [...fields];
  return fields.map((f) => ({
    path: f.path,
    ...(f.desired !== undefined ? { desired: maskValue(f.desired) } : {}),
    ...(f.live !== undefined ? { live: maskValue(f.live) } : {}),
    ...(f.manager ? { manager: f.manager } : {}),
  }));
}

/** secretKey: a key that does not parse is taken for a Secret's, so that nothing unreadable is shown unmasked. */
function secretKey(key: string): boolean {
  try {
    return isSecret(parseKey(key));
  } catch {
    return true;
  }
}
