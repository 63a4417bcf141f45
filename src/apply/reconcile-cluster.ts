import type { KubeObject } from '../model/kube.js';
import { compareStrings } from '../render/compare.js';
import { applyObjects } from './apply-cluster.js';
import type { ClusterChangeSet } from './change-set.js';
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
    // Widen the inventory to old ∪ plan before any apply, so an object created below is never forgotten.
    current = await record(client, merge(old.revision, old.keys, planKeys), current, opts.dryRun);
    // Apply in stages; unchanged objects are not written.
    result.entries.push(...(await applyObjects(client, opts.objects, opts)));
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

/** record writes the inventory (unless dry run) and returns what the cluster now holds. */
async function record(client: ClusterClient, next: Inventory, current: Inventory | null, dryRun: boolean): Promise<Inventory | null> {
  return dryRun ? current : writeInventory(client, next, current);
}
