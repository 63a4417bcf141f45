import { inspectDrift, leftAlone, withoutIgnored, type LeftAlone } from '../drift/detect.js';
import type { DriftMode, Observation } from '../model/drift.js';
import { asGitfedError, GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { compareStrings } from '../kube/compare-strings.js';
import { applyObjects } from '../apply/apply-cluster.js';
import { entryFor } from '../kube/change-entry.js';
import type { ChangeSetEntry, ClusterChangeSet } from '../model/change-set.js';
import { refKey, refOf } from '../kube/object-ref.js';
import type { ClusterClient, LiveCache } from '../kube/cluster-client.js';
import { appliedKeys, diff, EMPTY_INVENTORY, INVENTORY_NAME, INVENTORY_NAMESPACE, merge, normalizeKeys, prunedSince, settingsRevisionOf, withPruned, type Inventory } from '../apply/inventory.js';
import { readInventory, writeInventory } from '../apply/inventory-store.js';
import type { EstablishedWait } from '../apply/crd-established.js';
import { PRUNE_WINDOW_MS, pruneStale, type PruneGuard } from '../apply/prune.js';

/** SafetySettings are the settings that can loosen what a cycle may delete or leave alone. */
export interface SafetySettings {
  allowMassPrune: boolean;
  guard?: PruneGuard;
  /** the drift mode of objects without their own annotation (when drift is checked) */
  driftMode?: DriftMode;
}

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
  /**
   * settings by the revision the cluster's inventory says is applied: they replace allowMassPrune, guard and
   * the drift mode, so that a commit cannot loosen them for its own cycle
   */
  settingsFor?: (applied: string | null) => Promise<SafetySettings>;
  /** who reconciles (repository and subdirectory): an inventory kept by another owner makes the cluster refused */
  owner?: string;
  /** the clock of the guard's rolling window (ms since the epoch) */
  now?: () => number;
  concurrency?: number;
  establishedWait?: EstablishedWait;
  /** a watch cache: objects it holds are not read again */
  cache?: LiveCache;
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
    // Another reconciler's inventory: writing here would make the two fight, each pruning what the other applies.
    if (opts.owner && old.owner && !sameOwner(old.owner, opts.owner)) throw ownerConflict(client.cluster, old.owner, opts.owner);
    const owner = opts.owner ?? old.owner;
    // Loosened safety settings count only from a revision already applied here without a held-back prune.
    const settings = await settingsOf(opts, settingsRevisionOf(old));
    // Look for drift before anything is written (read-only); objects someone wants left alone are skipped.
    const skip = new Map<string, string>((opts.skip ?? []).map((k) => [k, 'not applied this cycle']));
    const { left, observed } = await checkDrift(client, opts, settings, current, result);
    for (const l of left) skip.set(l.key, l.reason);
    // Widen the inventory to old ∪ plan before any apply, so an object created below is never forgotten;
    // what is new stays pending until applied, so that an absent one is a create still to come, not drift.
    const listed = new Set(old.keys);
    const pending = [...(old.pending ?? []), ...planKeys.filter((k) => !listed.has(k))];
    current = await record(client, { ...merge(old.revision, old.keys, planKeys), ...carried({ ...old, pending }, owner) }, current, opts.dryRun);
    // Apply in stages; unchanged objects are not written, skipped ones are held (they stay in the inventory).
    const owned = new Set(appliedKeys(old));
    result.entries.push(...(await applyObjects(client, opts.objects.filter((o) => !skip.has(refKey(refOf(o)))), { ...opts, observed, owned })));
    result.entries.push(...held(opts.objects, skip));
    // Prune what the old inventory lists and neither the plan nor `keep` does (guarded, over a rolling window).
    const stale = diff(old, [...planKeys, ...(opts.keep ?? [])]);
    const now = (opts.now ?? Date.now)();
    const since = now - PRUNE_WINDOW_MS;
    const pruned = await pruneStale(client, stale, {
      ...opts, ...settings, inventorySize: old.keys.length, recentlyPruned: prunedSince(old.pruned, since), planned: opts.objects,
    });
    result.entries.push(...pruned.entries);
    if (pruned.heldBack) result.heldBack = pruned.heldBack;
    // Narrow the inventory to plan ∪ what is still owned: not deleted, or kept this cycle; remember the deletions.
    const kept = old.keys.filter((k) => opts.keep?.includes(k));
    // A revision whose deletions the guard held back does not become the one whose settings are trusted.
    const settled = pruned.heldBack ? settingsRevisionOf(old) : opts.revision;
    const applied = new Set(result.entries.filter((e) => APPLIED.has(e.action)).map((e) => e.key));
    const listing = merge(opts.revision, planKeys, pruned.survivors, kept);
    const stillListed = new Set(listing.keys);
    const next = {
      revision: opts.revision, pruned: withPruned(old.pruned, pruned.deleted, now, since), settingsRevision: settled,
      pending: pending.filter((k) => !applied.has(k) && stillListed.has(k)),
    };
    await record(client, { ...listing, ...carried(next, owner) }, current, opts.dryRun);
  } catch (err) {
    result.error = asGitfedError(err, 'ClusterApiError');
  }
  result.entries.sort((a, b) => compareStrings(a.key, b.key));
  return result;
}

/** settingsOf is what may loosen this cycle: the settings of the applied revision when known, else the options'. */
async function settingsOf(opts: ReconcileClusterOptions, applied: string | null): Promise<SafetySettings> {
  if (opts.settingsFor) return opts.settingsFor(applied);
  return { allowMassPrune: opts.allowMassPrune, ...(opts.guard ? { guard: opts.guard } : {}), ...(opts.drift ? { driftMode: opts.drift.defaultMode } : {}) };
}

/** APPLIED are the outcomes after which an object exists as the plan says: it is no longer pending. */
const APPLIED: ReadonlySet<string> = new Set(['created', 'configured', 'unchanged']);

type Carried = Pick<Inventory, 'pruned' | 'settingsRevision' | 'owner' | 'pending'>;

/** carried is what an inventory keeps beside its list: the guard's memory (recent prunes, trusted revision), the owner, what is pending. */
function carried(inv: Pick<Inventory, 'revision' | 'pruned' | 'settingsRevision' | 'pending'>, owner: string | undefined): Carried {
  const trusted = inv.settingsRevision === undefined || inv.settingsRevision === inv.revision ? {} : { settingsRevision: inv.settingsRevision };
  return {
    ...(inv.pruned?.length ? { pruned: inv.pruned } : {}), ...trusted, ...(owner ? { owner } : {}),
    ...(inv.pending?.length ? { pending: normalizeKeys(inv.pending) } : {}),
  };
}

/** sameOwner also accepts the masked form (`//***@host`) that earlier releases stored for a URL holding a token. */
function sameOwner(stored: string, ours: string): boolean {
  return stored === ours || stored.replace('//***@', '//') === ours;
}

function ownerConflict(cluster: string, theirs: string, ours: string): GitfedError {
  return new GitfedError('OwnerConflict', `${cluster}: ${INVENTORY_NAMESPACE}/${INVENTORY_NAME}`,
    `kept by another reconciler (${theirs}), not by this one (${ours}): nothing applied or pruned here; if both are the same repository, run this one with --owner '${theirs}'`);
}

/** checkDrift stores the cluster's drift in the result and returns the objects to leave alone (none when not asked) and what it read. */
async function checkDrift(client: ClusterClient, opts: ReconcileClusterOptions, settings: SafetySettings, inventory: Inventory | null, result: ClusterChangeSet): Promise<{ left: LeftAlone[]; observed?: Map<string, Observation> }> {
  if (!opts.drift) return { left: [] };
  const defaultMode = settings.driftMode ?? opts.drift.defaultMode;
  const inspection = await inspectDrift(client, opts.objects, { inventory: inventory ? appliedKeys(inventory) : null, defaultMode, ...(opts.concurrency ? { concurrency: opts.concurrency } : {}) });
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
