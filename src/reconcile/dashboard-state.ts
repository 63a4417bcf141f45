/**
 * The dashboard's read model: what the running reconciler tells its observer hooks (the plan of each commit, each
 * cluster's pass, probe conditions, derived taints, live changes), kept per member and per object so that one
 * page of the matrix is cheap to answer, and an event for every change the page should show.
 */
import type { Interpreter } from '../kube/interpreter/interpreter.js';
import { clusterVerdict } from '../drift/status.js';
import type { ClusterChangeSet, ChangeSetEntry } from '../model/change-set.js';
import type { Cluster } from '../model/cluster.js';
import type { ClusterCondition } from '../model/cluster-health.js';
import type { DerivedTaint } from '../model/cluster-taints.js';
import type { CommitState, ObjectDrift } from '../model/drift.js';
import type { KubeObject } from '../model/kube.js';
import type { Binding, Plan } from '../model/plan.js';
import { formatDiagnostic } from '../model/diagnostic.js';
import type { FleetHooks } from './fleet-options.js';
import type { DashboardCommit, DashboardEvent, DashboardPage, DashboardQuery, ObjectDetail } from './dashboard-types.js';
import { objectDetail, pageOf } from './dashboard-view.js';

/** MemberRecord is what the dashboard knows of one member. */
export interface MemberRecord {
  cluster: Cluster;
  /** the last pass, its revision and when it ended (ms) */
  last?: Pick<ClusterChangeSet, 'revision' | 'error'>;
  lastAt?: number;
  appliedRevision: string | null;
  /** per object key: the last pass's entry, the revision that last applied it, its drift when found */
  entries: Map<string, ChangeSetEntry>;
  appliedAt: Map<string, string | null>;
  drift: Map<string, ObjectDrift>;
}

/** CommitRecord is one of the latest commits. */
export interface CommitRecord {
  revision: string | null;
  seenAt: number;
  outcome: DashboardCommit['outcome'];
  states: Map<string, { state: CommitState; description: string }>;
}

/** DashboardModel is the state the view reads. */
export interface DashboardModel {
  version: number;
  /** the commit last rendered */
  revision: string | null;
  /** the plan's bindings by resource key, in the plan's order */
  rows: Map<string, Binding>;
  /** in the repository's order */
  members: Map<string, MemberRecord>;
  /** by member, kept apart from the records: a first probe may answer before the first plan names the member */
  conditions: Map<string, ClusterCondition>;
  derived: Map<string, readonly DerivedTaint[]>;
  /** newest first */
  commits: CommitRecord[];
  outcome: DashboardPage['outcome'];
  diagnostics: string[];
  /** the commit's resource interpreter: it reads the health of custom kinds */
  interpreter?: Interpreter | undefined;
  peek(cluster: string, key: string): KubeObject | undefined;
  ownerOf(cluster: string): string | undefined;
}

/** DashboardState is the read model and its event stream. */
export interface DashboardState {
  /** hooks to give the fleet reconciler (beside the command's own) */
  readonly hooks: FleetHooks;
  page(query: DashboardQuery): DashboardPage;
  object(key: string): ObjectDetail | undefined;
  /** subscribe calls fn on every change; what it returns unsubscribes */
  subscribe(fn: (e: DashboardEvent) => void): () => void;
}

/** DashboardOptions: where live copies come from (the reconciler's caches), the clock, how many commits are kept. */
export interface DashboardOptions {
  peek?: (cluster: string, key: string) => KubeObject | undefined;
  /** the placement trace of a template (`gitfed explain`), for the drill-down, when the reconciler records one */
  trace?: (key: string) => unknown;
  now?: () => number;
  commits?: number;
  /** the replica that owns a cluster, when several replicas share the fleet (Leases) */
  ownerOf?: (cluster: string) => string | undefined;
}

const KEPT_COMMITS = 10;

/** createDashboardState starts empty; the reconciler's hooks fill it. */
export function createDashboardState(opts: DashboardOptions = {}): DashboardState {
  const now = opts.now ?? Date.now;
  const listeners = new Set<(e: DashboardEvent) => void>();
  const model: DashboardModel = {
    version: 0, revision: null, rows: new Map(), members: new Map(), conditions: new Map(), derived: new Map(), commits: [], outcome: 'starting', diagnostics: [],
    peek: (cluster, key) => opts.peek?.(cluster, key),
    ownerOf: (cluster) => opts.ownerOf?.(cluster),
  };
  const emit = (e: Omit<DashboardEvent, 'version'>): void => {
    model.version += 1;
    const event = { version: model.version, ...e };
    for (const fn of listeners) fn(event);
  };
  const hooks = hooksOf(model, emit, now, opts.commits ?? KEPT_COMMITS);
  return {
    hooks,
    page: (query) => pageOf(model, query),
    object: (key) => {
      const detail = objectDetail(model, key);
      return detail && { ...detail, trace: opts.trace?.(key) ?? null };
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}

/** hooksOf turns each thing the reconciler tells into the model's change and one event. */
function hooksOf(model: DashboardModel, emit: (e: Omit<DashboardEvent, 'version'>) => void, now: () => number, kept: number): FleetHooks {
  return {
    onPlanned: ({ revision, plan, clusters, interpreter }) => {
      model.interpreter = interpreter;
      emit(planned(model, revision, plan, clusters, now(), kept));
    },
    onClusterDone: ({ result }) => {
      const m = model.members.get(result.cluster);
      if (!m) return;
      record(m, result, now());
      const verdict = clusterVerdict(result).status;
      commitOf(model, result.revision)?.states.set(result.cluster, { state: verdict.state, description: verdict.description });
      emit({ type: (result.drift?.objects.length ?? 0) > 0 ? 'drift' : 'pass', cluster: result.cluster, revision: result.revision });
    },
    onCycleFinished: (result) => {
      const c = commitOf(model, result.revision);
      if (result.outcome === 'render-failed') model.diagnostics = result.diagnostics.map(formatDiagnostic);
      if (c) c.outcome = result.outcome === 'render-failed' ? 'render-failed' : 'applied';
      model.outcome = c?.outcome ?? (result.outcome === 'render-failed' ? 'render-failed' : 'applied');
      emit({ type: 'commit', revision: result.revision });
    },
    onCycleFailed: (err) => {
      model.outcome = 'read-failed';
      model.diagnostics = [err.message];
      emit({ type: 'commit' });
    },
    onHealth: (cluster, condition) => {
      const was = model.conditions.get(cluster);
      model.conditions.set(cluster, condition);
      if (was?.status !== condition.status || was.reason !== condition.reason) emit({ type: 'health', cluster });
    },
    onTaints: (cluster, taints) => {
      if (JSON.stringify(model.derived.get(cluster) ?? []) === JSON.stringify(taints)) return;
      model.derived.set(cluster, taints);
      emit({ type: 'health', cluster });
    },
    onLive: (cluster, key) => {
      if (model.rows.has(key) && model.members.get(cluster)?.entries.has(key)) emit({ type: 'live', cluster, key });
    },
  };
}

/** planned takes a new plan: rows, members (forgetting those the repository no longer lists) and the commit. */
function planned(model: DashboardModel, revision: string | null, plan: Plan, clusters: readonly Cluster[], at: number, kept: number): Omit<DashboardEvent, 'version'> {
  model.revision = revision;
  model.rows = new Map(plan.bindings.map((b) => [b.resource, b]));
  const members = new Map<string, MemberRecord>();
  for (const c of clusters) {
    const known = model.members.get(c.name);
    members.set(c.name, known ? { ...known, cluster: c } : { cluster: c, appliedRevision: null, entries: new Map(), appliedAt: new Map(), drift: new Map() });
  }
  model.members = members;
  for (const map of [model.conditions, model.derived]) for (const name of [...map.keys()]) if (!members.has(name)) map.delete(name);
  model.diagnostics = plan.diagnostics.map(formatDiagnostic);
  model.outcome = 'applying';
  let commit = commitOf(model, revision);
  if (!commit) {
    commit = { revision, seenAt: at, outcome: 'applying', states: new Map() };
    model.commits = [commit, ...model.commits].slice(0, kept);
  }
  commit.outcome = 'applying';
  for (const c of clusters) if (!commit.states.has(c.name)) commit.states.set(c.name, { state: 'pending', description: 'not applied yet' });
  return { type: 'plan', revision };
}

function commitOf(model: DashboardModel, revision: string | null): CommitRecord | undefined {
  return model.commits.find((c) => c.revision === revision);
}

const APPLIED = new Set(['created', 'configured', 'unchanged']);

/**
 * record keeps one pass: an object's drift stays until a later pass handles the object again without finding
 * any (a pass over other objects says nothing about it), and its revision is the last one applied without failure.
 */
export function record(m: MemberRecord, result: ClusterChangeSet, at: number): void {
  // not the whole change set: its entries are kept by key below, and at 2,000 objects a member twice would count
  m.last = { revision: result.revision, ...(result.error ? { error: result.error } : {}) };
  m.lastAt = at;
  if (result.error) return;
  m.appliedRevision = result.revision;
  const drifted = new Map((result.drift?.objects ?? []).map((o) => [o.key, o]));
  for (const e of result.entries) {
    if (e.action === 'pruned') {
      for (const map of [m.entries, m.appliedAt, m.drift]) map.delete(e.key);
      continue;
    }
    m.entries.set(e.key, e);
    if (APPLIED.has(e.action)) m.appliedAt.set(e.key, result.revision);
    const d = drifted.get(e.key);
    if (d) m.drift.set(e.key, d);
    else m.drift.delete(e.key);
  }
  // drift of an object the pass did not list (report or ignore mode leaves some out of entries)
  for (const [key, d] of drifted) m.drift.set(key, d);
}
