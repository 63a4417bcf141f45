/**
 * What the dashboard's JSON says (`/api/dashboard`, `/api/object`, `/api/events`): the read model of the running
 * reconciler for one page of the cluster x resource matrix. Field names are the page's contract (web/dashboard).
 * No Secret value ever appears: drift values of Secrets are masked here as in every other output.
 */
import type { KStatus } from '../kube/workload-health.js';
import type { ReadyStatus } from '../model/cluster-health.js';
import type { CommitState, DriftMode, FieldDrift } from '../model/drift.js';
import type { TaintEffect } from '../model/cluster.js';

/** CellSync is one object on one member: applied at the current commit, drifted and left so, waiting, held or failed. */
export type CellSync = 'synced' | 'drifted' | 'pending' | 'held' | 'failed' | 'unreachable';

/** ShownTaint is a member's taint with where it comes from. */
export interface ShownTaint {
  key: string;
  value?: string;
  effect: TaintEffect;
  source: 'repository' | 'health';
  timeAdded?: string;
}

/** DashboardCluster is one member: health, taints, the commit it last applied and how its last pass went. */
export interface DashboardCluster {
  name: string;
  region: string;
  provider: string;
  /** Ready as the prober holds it (with the failure threshold); Unknown before the first probe */
  ready: ReadyStatus;
  readyReason: string;
  readyMessage: string;
  /** when Ready last changed (RFC 3339), absent before the first probe */
  readySince?: string;
  taints: ShownTaint[];
  /** the commit its last successful pass applied, null before one */
  appliedRevision: string | null;
  /** its status for the current commit (`gitfed/<cluster>`): pending until its first pass of it */
  state: CommitState;
  description: string;
  /** objects its last pass found drifted */
  drifted: number;
  /** when its last pass ended (RFC 3339) */
  lastPassAt?: string;
  /** the reconciler replica that writes it, when several share the fleet */
  owner?: string;
}

/** DashboardCell is one object on one member. */
export interface DashboardCell {
  /** the commit that last applied the object there, null when none did yet */
  revision: string | null;
  sync: CellSync;
  /** kstatus of the live copy, from the watch caches */
  health: KStatus;
  /** the member's last pass found this object changed by someone else (or gone) */
  drift: boolean;
  /** the replicas render gave this member, for workloads */
  replicas?: number;
  /** ready replicas of the live copy, when it has them */
  ready?: number;
}

/** DashboardRow is one resource template and its cells on the page's members (absent: not placed there). */
export interface DashboardRow {
  key: string;
  subject: string;
  policy: string;
  /** members it is placed on, over the whole fleet */
  placed: number;
  /** why it is placed nowhere */
  reason?: string;
  cells: Record<string, DashboardCell>;
}

/** DashboardCommit is one of the latest commits and what each member of the page says of it. */
export interface DashboardCommit {
  revision: string | null;
  /** when the reconciler rendered it (RFC 3339) */
  seenAt: string;
  outcome: 'applying' | 'applied' | 'render-failed';
  /** members per state, over the whole fleet */
  counts: Partial<Record<CommitState, number>>;
  /** the page's members only */
  clusters: Record<string, CommitState>;
}

/** Paged is one page of a list. */
export interface Paged<T> {
  offset: number;
  limit: number;
  /** after the filters */
  total: number;
  items: T[];
}

/** DashboardPage is the answer of `/api/dashboard`: the page's members (columns) and resources (rows). */
export interface DashboardPage {
  /** the event count when the page was made: an event with a larger one is news */
  version: number;
  revision: string | null;
  /** `read-failed`: the last cycle could not read or render the repository (diagnostics say why); the cells show what was applied before */
  outcome: DashboardCommit['outcome'] | 'starting' | 'read-failed';
  diagnostics: string[];
  totals: { clusters: number; resources: number; notReady: number; driftedObjects: number };
  clusters: Paged<DashboardCluster>;
  rows: Paged<DashboardRow>;
  commits: DashboardCommit[];
}

/** ObjectCell is one member's copy in the drill-down: its cell, the pass's action and the drift, field by field. */
export interface ObjectCell extends DashboardCell {
  cluster: string;
  action?: string;
  reason?: string;
  healthMessage: string;
  driftType?: 'modified' | 'missing';
  driftMode?: DriftMode;
  /** values of Secrets are `***` */
  fields: FieldDrift[];
}

/** ObjectDetail is the answer of `/api/object?key=`: one template on every member it is placed on. */
export interface ObjectDetail {
  key: string;
  subject: string;
  policy: string;
  reason?: string;
  cells: ObjectCell[];
  /** the placement trace (`gitfed explain`), when the reconciler records one; null until then */
  trace: unknown;
}

/** DashboardEvent is one change, as `/api/events` sends it. */
export interface DashboardEvent {
  version: number;
  type: 'plan' | 'pass' | 'drift' | 'health' | 'live' | 'commit';
  cluster?: string;
  revision?: string | null;
  key?: string;
}

export type { DashboardQuery } from '../model/dashboard-query.js';
