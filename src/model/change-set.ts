import type { ClusterDrift } from './drift.js';
import type { GitfedError } from './errors.js';

/**
 * ChangeAction is what happened to one object in one cluster:
 * - `created`, `configured`, `unchanged`: the apply outcome (in a dry run: what would happen);
 * - `pruned`: deleted because the inventory lists it and the plan no longer does (or it was already gone);
 * - `skipped`: stale but annotated `gitfed.io/prune: disabled`, left in place and no longer tracked;
 * - `held`: not touched this cycle: stale but not deleted (mass-deletion guard, or it still holds planned objects),
 *   or planned but not applied (drift in `report` or `ignore` mode);
 * - `failed`: the apply or delete failed; reason says why.
 */
export type ChangeAction = 'created' | 'configured' | 'unchanged' | 'pruned' | 'skipped' | 'held' | 'failed';

/** ChangeSetEntry is the outcome for one object, keyed like the inventory. */
export interface ChangeSetEntry {
  /** `<apiVersion>/<kind>/<namespace>/<name>` */
  key: string;
  /** `Kind/namespace/name` */
  subject: string;
  action: ChangeAction;
  reason?: string;
}

/** HeldBack is what the mass-deletion guard refused to delete, and why. */
export interface HeldBack {
  reason: string;
  keys: string[];
}

/** UnhealthyObject is one applied object its controller has not caught up with yet (kstatus InProgress) or gave up on (Failed). */
export interface UnhealthyObject {
  /** `Kind/namespace/name` */
  subject: string;
  status: 'InProgress' | 'Failed';
  /** e.g. `2/3 ready`, `progress deadline exceeded` */
  message: string;
}

/** ClusterChangeSet is the result of one reconcile of one cluster. */
export interface ClusterChangeSet {
  cluster: string;
  /** the revision that was applied (or, in a dry run, would be) */
  revision: string | null;
  dryRun: boolean;
  /** sorted by key */
  entries: ChangeSetEntry[];
  heldBack?: HeldBack;
  /** the drift found before applying (`ignore`-mode objects left out); absent when drift was not checked */
  drift?: ClusterDrift;
  /** applied objects that are not Current (kstatus), when their health was read; absent when it was not */
  unhealthy?: UnhealthyObject[];
  /** set when the cluster could not be reconciled at all (e.g. unreachable, unreadable inventory); JSON shows its message */
  error?: GitfedError;
}

/** clusterFailed: the cluster could not be reconciled, or one of its objects failed. */
export function clusterFailed(cs: ClusterChangeSet): boolean {
  return cs.error !== undefined || cs.entries.some((e) => e.action === 'failed');
}

/** ChangeCounts counts one cluster's change-set entries by action (zero counts left out). */
export type ChangeCounts = Partial<Record<ChangeAction, number>>;

/** countActions counts a change set's entries by action. */
export function countActions(cs: ClusterChangeSet): ChangeCounts {
  const counts: ChangeCounts = {};
  for (const e of cs.entries) counts[e.action] = (counts[e.action] ?? 0) + 1;
  return counts;
}
