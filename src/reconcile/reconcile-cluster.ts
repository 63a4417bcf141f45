import { inspectDrift, leftAlone, withoutIgnored } from '../drift/detect.js';
import type { DriftMode, Observation } from '../model/drift.js';
import { asGitfedError, GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { compareStrings } from '../kube/compare-strings.js';
import { applyObjects } from '../apply/apply-cluster.js';
import { entryFor, reasonOf } from '../kube/change-entry.js';
import type { ChangeSetEntry, ClusterChangeSet } from '../model/change-set.js';
import { objectKey, refOf } from '../kube/object-ref.js';
import type { ClusterClient, LiveCache } from '../kube/cluster-client.js';
import { appliedKeys, diff, EMPTY_INVENTORY, INVENTORY_NAME, INVENTORY_NAMESPACE, merge, normalizeKeys, prunedSince, settingsRevisionOf, withPruned, type Inventory } from '../apply/inventory.js';
import type { DigestBook } from '../apply/digest-book.js';
import { readInventory, writeInventory } from '../apply/inventory-store.js';
import type { EstablishedWait } from '../apply/crd-established.js';
import { PRUNE_WINDOW_MS, pruneStale, type PruneGuard } from '../apply/prune.js';
import { carriedDigests, classifyPlanned, readingFrom, settledDigests, type Classification } from '../apply/settled.js';
import { retainingDigest, retainMemberFields, type Retainer } from '../apply/retention.js';

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
  /** the cluster's watch caches: what they hold is read without a request (the inventory and settled objects) */
  cache?: LiveCache;
  /** a running reconciler's digests of this cluster: kept here, not in the inventory (src/apply/digest-book.ts) */
  book?: DigestBook;
  /** the commit's Retain scripts: fields they keep for the member are left out of what is compared and applied */
  retention?: Retainer;
}

/**
 * reconcileCluster makes one cluster hold exactly `objects`, as a crash-safe recipe: every step leaves an
 * inventory that lists every object gitfed may own, and an object of the plan is never a prune candidate.
 * A crash between any two steps loses nothing; the next run resumes from the inventory it finds.
 */
export async function reconcileCluster(client: ClusterClient, opts: ReconcileClusterOptions): Promise<ClusterChangeSet> {
  const result: ClusterChangeSet = { cluster: client.cluster, revision: opts.revision, dryRun: opts.dryRun, entries: [] };
  const planKeys = opts.objects.map((o) => objectKey(o));
  let current: Inventory | null;
  try {
    // Read what gitfed owns here; an unreadable inventory stops the cluster: pruning from a guess is unsafe.
    current = await readInventory(client, opts.cache);
    const old = current ?? EMPTY_INVENTORY;
    // Another reconciler's inventory: writing here would make the two fight, each pruning what the other applies.
    if (opts.owner && old.owner && !sameOwner(old.owner, opts.owner)) throw ownerConflict(client.cluster, old.owner, opts.owner);
    const owner = opts.owner ?? old.owner;
    // Loosened safety settings count only from a revision already applied here without a held-back prune.
    const settings = await settingsOf(opts, settingsRevisionOf(old));
    // Before anything is written (read-only): objects settled since their last apply get no request, the others'
    // drift is looked for; objects someone wants left alone are skipped.
    const skip = new Map<string, string>((opts.skip ?? []).map((k) => [k, 'not applied this cycle']));
    const recorded = opts.book?.digests ?? old.digests;
    const look = await lookBeforeApply(client, opts, settings, current, recorded, result, skip);
    const { sorted } = look;
    const stale = diff(old, [...planKeys, ...(opts.keep ?? [])]);
    // a pass that writes nothing leaves the inventory's digests as true as it found them
    const quiet = stale.length === 0 && planKeys.every((k) => skip.has(k) || sorted.settled.has(k));
    const keepDigests = digestsKept(opts, quiet ? old.digests : undefined);
    // Widen the inventory to old ∪ plan before any apply, so an object created below is never forgotten;
    // what is new stays pending until applied, so that an absent one is a create still to come, not drift.
    const listed = new Set(old.keys);
    const pending = [...(old.pending ?? []), ...planKeys.filter((k) => !listed.has(k))];
    // Recorded digests stay, except those of objects whose manifest changed: they are about to be written.
    const digests = keepDigests(carriedDigests(recorded, sorted.desired));
    current = await record(client, { ...merge(old.revision, old.keys, planKeys), ...carried({ ...old, pending, digests }, owner) }, current, opts.dryRun);
    // Apply in stages; settled and unchanged objects are not written, skipped ones are held (they stay in the inventory).
    const results = await applyPlanned(client, opts, old, look, skip, result);
    // Prune what the old inventory lists and neither the plan nor `keep` does (guarded, over a rolling window).
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
      // digests only of what was applied (or found settled) this cycle: a crash before this write leaves them re-checked
      digests: keepDigests(settledDigests(applied, sorted, recorded, results)),
    };
    await record(client, { ...listing, ...carried(next, owner) }, current, opts.dryRun);
  } catch (err) {
    result.error = asGitfedError(err, 'ClusterApiError');
  }
  if (!result.entries.every((e, i, all) => i === 0 || compareStrings((all[i - 1] as typeof e).key, e.key) <= 0)) result.entries.sort((a, b) => compareStrings(a.key, b.key));
  return result;
}

/**
 * digestsKept says what the inventory records of a pass's digests: all of them; or, for a running reconciler, none
 * (its book holds them: a crash after an apply must find none that vouch) unless the pass writes nothing, when
 * those it found (`unchanged`) stay true.
 */
function digestsKept(opts: ReconcileClusterOptions, unchanged: Inventory['digests']): (digests: Inventory['digests']) => Inventory['digests'] {
  return (digests) => {
    if (!opts.book) return digests;
    if (!opts.dryRun) opts.book.digests = digests ?? {};
    return unchanged;
  };
}

/** settingsOf is what may loosen this cycle: the settings of the applied revision when known, else the options'. */
async function settingsOf(opts: ReconcileClusterOptions, applied: string | null): Promise<SafetySettings> {
  if (opts.settingsFor) return opts.settingsFor(applied);
  return { allowMassPrune: opts.allowMassPrune, ...(opts.guard ? { guard: opts.guard } : {}), ...(opts.drift ? { driftMode: opts.drift.defaultMode } : {}) };
}

/** APPLIED are the outcomes after which an object exists as the plan says: it is no longer pending. */
const APPLIED: ReadonlySet<string> = new Set(['created', 'configured', 'unchanged']);

type Carried = Pick<Inventory, 'pruned' | 'settingsRevision' | 'owner' | 'pending' | 'digests'>;

/**
 * carried is what an inventory keeps beside its list: the guard's memory (recent prunes, trusted revision), the
 * owner, what is pending, the digests of settled objects.
 */
function carried(inv: Pick<Inventory, 'revision' | 'pruned' | 'settingsRevision' | 'pending' | 'digests'>, owner: string | undefined): Carried {
  const trusted = inv.settingsRevision === undefined || inv.settingsRevision === inv.revision ? {} : { settingsRevision: inv.settingsRevision };
  return {
    ...(inv.pruned?.length ? { pruned: inv.pruned } : {}), ...trusted, ...(owner ? { owner } : {}),
    ...(inv.pending?.length ? { pending: normalizeKeys(inv.pending) } : {}),
    ...(inv.digests && Object.keys(inv.digests).length ? { digests: inv.digests } : {}),
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

/** Look is what was learnt before any write: how each planned object is to be handled, and what was read per key. */
interface Look {
  sorted: Classification;
  observed: Map<string, Observation>;
  /** the object compared and applied in place of each manifest: the manifest, or what Retain left of it */
  bodyOf: (obj: KubeObject) => KubeObject;
  /** keys whose Retain failed: held back this pass, reported as failed */
  failed: ReadonlySet<string>;
}

/**
 * lookBeforeApply sorts the planned objects (settled, applied at once, checked in full), checks the drift of those
 * checked in full (when asked; it stores the drift in the result and adds what to leave alone to `skip`), and
 * returns what it read so that nothing is read twice.
 */
async function lookBeforeApply(client: ClusterClient, opts: ReconcileClusterOptions, settings: SafetySettings, inventory: Inventory | null, recorded: Inventory['digests'], result: ClusterChangeSet, skip: Map<string, string>): Promise<Look> {
  const limit = opts.concurrency ? { concurrency: opts.concurrency } : {};
  const candidates = opts.objects.filter((o) => !skip.has(objectKey(o)));
  const digestOf = opts.retention && retainingDigest(opts.retention);
  const sorted = await classifyPlanned(client, candidates, { ...limit, ...(recorded ? { digests: recorded } : {}), ...(opts.cache ? { cache: opts.cache } : {}), ...(digestOf ? { digestOf } : {}) });
  const retained = opts.retention && await retainMemberFields(client, candidates.filter((o) => !sorted.settled.has(objectKey(o))), sorted.live, opts.retention, opts.concurrency);
  for (const [key, err] of retained?.failed ?? []) skip.set(key, reasonOf(err));
  const bodyOf = (obj: KubeObject): KubeObject => retained?.bodies.get(objectKey(obj)) ?? obj;
  const observed = new Map<string, Observation>();
  if (opts.drift) {
    // settled and directly applied objects cannot have drifted: nobody else wrote gitfed's fields
    const checked = opts.objects.filter((o) => !sorted.settled.has(objectKey(o)) && !sorted.direct.has(objectKey(o)) && !retained?.failed.has(objectKey(o))).map(bodyOf);
    const defaultMode = settings.driftMode ?? opts.drift.defaultMode;
    const inspection = await inspectDrift(readingFrom(client, sorted.live), checked, { inventory: inventory ? appliedKeys(inventory) : null, defaultMode, ...limit });
    result.drift = withoutIgnored(inspection.drift);
    for (const l of leftAlone(inspection, checked, defaultMode)) skip.set(l.key, l.reason);
    for (const [key, seen] of inspection.observed) observed.set(key, seen);
  }
  for (const [key, live] of sorted.live) if (!observed.has(key)) observed.set(key, { live });
  return { sorted, observed, bodyOf, failed: new Set(retained?.failed.keys()) };
}

/**
 * applyPlanned adds an entry per planned object to the result: settled ones unchanged without a request, skipped
 * ones held, the others applied. Returns, by key, the objects the apply reported as they stand (to record digests).
 */
async function applyPlanned(client: ClusterClient, opts: ReconcileClusterOptions, old: Inventory, look: Look, skip: ReadonlyMap<string, string>, result: ClusterChangeSet): Promise<Map<string, KubeObject>> {
  const { sorted, observed, bodyOf } = look;
  const results = new Map<string, KubeObject>();
  const onResult = (key: string, obj: KubeObject): void => void results.set(key, obj);
  const todo = opts.objects.filter((o) => !skip.has(objectKey(o)) && !sorted.settled.has(objectKey(o))).map(bodyOf);
  result.entries.push(...opts.objects.filter((o) => sorted.settled.has(objectKey(o))).map(unchangedEntry));
  const owned = ownedKeys(old);
  result.entries.push(...(await applyObjects(client, todo, { ...opts, observed, owned, direct: sorted.direct, onResult })));
  result.entries.push(...held(opts.objects, skip, look.failed));
  return results;
}

// a pass of a running reconciler finds most objects settled: the same manifest (frozen, shared by passes) gets
// the same entry, and one inventory (decoded once per ConfigMap) the same set of owned keys
const unchangedEntries = new WeakMap<KubeObject, ChangeSetEntry>();
const ownedOf = new WeakMap<Inventory, ReadonlySet<string>>();

function unchangedEntry(obj: KubeObject): ChangeSetEntry {
  const known = unchangedEntries.get(obj);
  if (known) return known;
  const entry = Object.freeze(entryFor(refOf(obj), 'unchanged'));
  if (Object.isFrozen(obj)) unchangedEntries.set(obj, entry);
  return entry;
}

function ownedKeys(inv: Inventory): ReadonlySet<string> {
  const known = ownedOf.get(inv);
  if (known) return known;
  const owned = new Set(appliedKeys(inv));
  ownedOf.set(inv, owned);
  return owned;
}

/** held is the entry of every planned object that is not applied this cycle: failed when its Retain failed. */
function held(objects: readonly KubeObject[], skip: ReadonlyMap<string, string>, failed: ReadonlySet<string>): ChangeSetEntry[] {
  return objects.flatMap((o) => {
    const key = objectKey(o);
    const reason = skip.get(key);
    return reason === undefined ? [] : [entryFor(refOf(o), failed.has(key) ? 'failed' : 'held', reason)];
  });
}

/** record writes the inventory (unless dry run) and returns what the cluster now holds. */
async function record(client: ClusterClient, next: Inventory, current: Inventory | null, dryRun: boolean): Promise<Inventory | null> {
  return dryRun ? current : writeInventory(client, next, current);
}
