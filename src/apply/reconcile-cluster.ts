import { inspectDrift, leftAlone, withoutIgnored, type LeftAlone, type Observation } from '../drift/detect.js';
import type { DriftMode } from '../drift/types.js';
import type { KubeObject } from '../model/kube.js';
import { compareStrings } from '../render/compare.js';
import { applyObjects } from './apply-cluster.js';
import { entryFor, type ChangeSetEntry, type ClusterChangeSet } from './change-set.js';
import { refKey, refOf, type ClusterClient } from './cluster-client.js';
import { diff, EMPTY_INVENTORY, merge, type Inventory } from './inventory.js';
import { readInventory, writeInventory } from './inventory-store.js';
import type { EstablishedWait } from './order.js';
import { pruneStale, type PruneGuard } from './prune.js';

/** ReconcileClusterOptions are one cluster's share of a reconcile cycle. */
export interface ReconcileClusterOptions {
  /** the exact objects the plan says this cluster must hold */
  objects: readonly KubeObject[];
  revision: string | null;
  /** server-side dry run for applies; no deletes and no inventory writes */
  dryRun: boolean;
  /** let the prune go past the mass-deletion guard */
  allowMassPrune: boolean;
  /** keys never pruned this cycle (e.g. objects render dropped here because an override failed); they stay owned */
  keep?: readonly string[];
  /** keys of planned objects not applied this cycle; they stay in the inventory and are never pruned */
  skip?: readonly string[];
  /** check drift before applying (result.drift); drifted objects in `report` or `ignore` mode are skipped */
  drift?: { defaultMode: DriftMode };
  guard?: PruneGuard;
  concurrency?: number;
  establishedWait?: EstablishedWait;
}

/**
 * reconcileCluster makes one cluster hold exactly `objects`, as a crash-safe recipe: every step leaves an
 * inventory that lists every object gitfed may own, and an object of the plan is never a prune candidate.
 * A crash between any two steps loses nothing; the next run resumes from the inventory it finds.
 */
export async function reconcileCluster(client: ClusterClient, opts: ReconcileClusterOptions): Promise<ClusterChangeSet> {
  const result: ClusterChangeSet = { cluster: client.cluster, revision: opts.revision, dryRun: opts.dryRun, entries: [] };
  const planKeys = opts.objects.map((o) => refKey(refOf(o)));
  let current: Inventory | null;
  try {
    // Read what gitfed owns here; an unreadable inventory stops the cluster: pruning from a guess is unsafe.
    current = await readInventory(client);
    const old = current ?? EMPTY_INVENTORY;
    // Look for drift before anything is written (read-only); objects someone wants left alone are skipped.
    const skip = new Map<string, string>((opts.skip ?? []).map((k) => [k, 'not applied this cycle']));
    const { left, observed } = await checkDrift(client, opts, current, result);
    for (const l of left) skip.set(l.key, l.reason);
    // Widen the inventory to old ∪ plan before any apply, so an object created below is never forgotten.
    current = await record(client, merge(old.revision, old.keys, planKeys), current, opts.dryRun);
    // Apply in stages; unchanged objects are not written, skipped ones are held (they stay in the inventory).
    result.entries.push(...(await applyObjects(client, opts.objects.filter((o) => !skip.has(refKey(refOf(o)))), { ...opts, observed })));
    result.entries.push(...held(opts.objects, skip));
    // Prune what the old inventory lists and neither the plan nor `keep` does (guarded).
    const stale = diff(old, [...planKeys, ...(opts.keep ?? [])]);
    const pruned = await pruneStale(client, stale, { ...opts, inventorySize: old.keys.length, planned: opts.objects });
    result.entries.push(...pruned.entries);
    if (pruned.heldBack) result.heldBack = pruned.heldBack;
    // Narrow the inventory to plan ∪ what is still owned: not deleted, or kept this cycle.
    const kept = old.keys.filter((k) => opts.keep?.includes(k));
    await record(client, merge(opts.revision, planKeys, pruned.survivors, kept), current, opts.dryRun);
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
  }
  result.entries.sort((a, b) => compareStrings(a.key, b.key));
  return result;
}

/** checkDrift stores the cluster's drift in the result and returns the objects to leave alone (none when not asked) and what it read. */
async function checkDrift(client: ClusterClient, opts: ReconcileClusterOptions, inventory: Inventory | null, result: ClusterChangeSet): Promise<{ left: LeftAlone[]; observed?: Map<string, Observation> }> {
  if (!opts.drift) return { left: [] };
  const { defaultMode } = opts.drift;
  const inspection = await inspectDrift(client, opts.objects, { inventory: inventory?.keys ?? null, defaultMode, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
  result.drift = withoutIgnored(inspection.drift);
  return { left: leftAlone(inspection, opts.objects, defaultMode), observed: inspection.observed };
}

/** held is the entry of every planned object that is not applied this cycle. */
function held(objects: readonly KubeObject[], skip: ReadonlyMap<string, string>): ChangeSetEntry[] {
  return objects.flatMap((o) => {
    const reason = skip.get(refKey(refOf(o)));
    return reason === undefined ? [] : [entryFor(refOf(o), 'held', reason)];
  });
}

/** record writes the inventory (unless dry run) and returns what the cluster now holds. */
async function record(client: ClusterClient, next: Inventory, current: Inventory | null, dryRun: boolean): Promise<Inventory | null> {
  return dryRun ? current : writeInventory(client, next, current);
}
