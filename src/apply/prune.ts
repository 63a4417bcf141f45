import type { KubeObject } from '../model/kube.js';
import { entryFor, reasonOf } from '../kube/change-entry.js';
import type { ChangeSetEntry, HeldBack } from '../model/change-set.js';
import { parseKey, refKey, type ObjectRef } from '../kube/object-ref.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import { mapLimit } from '../kube/concurrency.js';
import { APPLY_STAGES, stageOf } from '../kube/apply-order.js';
import { ADOPT_ANNOTATION, adoptModeOf, isProtected, ownedByGitfed } from './ownership.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';

/** PRUNE_ANNOTATION set to `disabled` on a live object keeps it when it leaves the plan (it is then forgotten). */
export const PRUNE_ANNOTATION = 'gitfed.io/prune';

/**
 * PruneGuard is the mass-deletion guard: refuse when, counting what was already deleted within the rolling
 * window, more than maxShare of the cluster's objects or more than maxCount objects would go.
 */
export interface PruneGuard {
  maxShare: number;
  maxCount: number;
}

/** DEFAULT_PRUNE_GUARD is the documented default: half of the inventory, or 100 objects. */
export const DEFAULT_PRUNE_GUARD: PruneGuard = { maxShare: 0.5, maxCount: 100 };

/** PRUNE_WINDOW_MS is the guard's rolling window: a series of small commits cannot delete more than one big one. */
export const PRUNE_WINDOW_MS = 60 * 60 * 1000;

/** PruneOptions say how to prune one cluster. */
export interface PruneOptions {
  dryRun: boolean;
  allowMassPrune: boolean;
  /** size of the inventory read at the start of the cycle: the base of the guard's share */
  inventorySize: number;
  /** objects already deleted in this cluster within the guard's rolling window */
  recentlyPruned?: number;
  /** the plan: a Namespace or CRD that still holds planned objects is never deleted (deleting it would delete them) */
  planned: readonly KubeObject[];
  guard?: PruneGuard;
  concurrency?: number;
}

/** PruneResult lists outcomes and the keys gitfed still owns afterwards (held or failed: retried next cycle). */
export interface PruneResult {
  entries: ChangeSetEntry[];
  survivors: string[];
  /** how many objects this prune really deleted (not already gone, not a dry run): the guard's history */
  deleted: number;
  heldBack?: HeldBack;
}

type Inspection = { kind: 'decided'; entry: ChangeSetEntry; survives: boolean } | { kind: 'candidate'; ref: ObjectRef };

/**
 * pruneStale deletes stale inventory keys: it reads each live object first (already gone counts as pruned;
 * `gitfed.io/prune: disabled`, protected namespaces, objects gitfed does not own and adopted ones are let go),
 * applies the mass-deletion guard to what is left, then deletes in
 * reverse apply order. Nothing outside `stale` is ever touched.
 */
export async function pruneStale(client: ClusterClient, stale: readonly string[], opts: PruneOptions): Promise<PruneResult> {
  if (stale.length === 0) return { entries: [], survivors: [], deleted: 0 };
  const limit = opts.concurrency ?? 8;
  const holders = plannedHolders(opts.planned);
  const inspected = await mapLimit(stale, limit, (key) => inspect(client, key, holders));
  const result: PruneResult = { entries: [], survivors: [], deleted: 0 };
  const candidates: ObjectRef[] = [];
  for (const i of inspected) {
    if (i.kind === 'candidate') candidates.push(i.ref);
    else record(result, i.entry, i.survives);
  }
  const refusal = guardRefusal(candidates.length, opts);
  if (refusal !== undefined) {
    result.heldBack = { reason: refusal, keys: candidates.map(refKey) };
    for (const ref of candidates) record(result, entryFor(ref, 'held', refusal), true);
    return result;
  }
  for (const stage of reverseStages(candidates)) {
    const done = await mapLimit(stage, limit, (ref) => deleteOne(client, ref, opts.dryRun));
    for (const entry of done) record(result, entry, entry.action === 'failed');
    if (!opts.dryRun) result.deleted += done.filter((e) => e.action === 'pruned' && e.reason === undefined).length;
  }
  return result;
}

function record(result: PruneResult, entry: ChangeSetEntry, survives: boolean): void {
  result.entries.push(entry);
  if (survives) result.survivors.push(entry.key);
}

async function inspect(client: ClusterClient, key: string, holders: Set<string>): Promise<Inspection> {
  const ref = parseKey(key);
  try {
    const live = await client.get(ref);
    if (live === null) return { kind: 'decided', entry: entryFor(ref, 'pruned', 'already gone'), survives: false };
    const release = releaseReason(live);
    if (release !== undefined) return { kind: 'decided', entry: entryFor(ref, 'skipped', `${release}; left in place, no longer tracked`), survives: false };
    const holder = holderKey(live);
    if (holder !== undefined && holders.has(holder)) {
      return { kind: 'decided', entry: entryFor(ref, 'held', 'still holds objects of the plan'), survives: true };
    }
    return { kind: 'candidate', ref };
  } catch (err) {
    return { kind: 'decided', entry: entryFor(ref, 'failed', reasonOf(err)), survives: true };
  }
}

/** releaseReason says why a stale object is let go instead of deleted, or undefined when it may be deleted. */
function releaseReason(live: KubeObject): string | undefined {
  if (live.metadata.annotations?.[PRUNE_ANNOTATION] === 'disabled') return `${PRUNE_ANNOTATION}: disabled`;
  if (isProtected(live)) return 'a protected namespace is never deleted';
  if (!ownedByGitfed(live)) return `not owned by gitfed (it lacks the ${MANAGED_BY_LABEL}=${FIELD_MANAGER} label or gitfed's field manager)`;
  if (adoptModeOf(live) === 'true') return `adopted (${ADOPT_ANNOTATION}: "true"): released, not deleted`;
  return undefined;
}

/**
 * guardRefusal explains why the guard refuses `count` deletions, or undefined when it allows them. Deletions
 * of the last hour count too, against the objects the cluster held before them.
 */
export function guardRefusal(count: number, opts: Pick<PruneOptions, 'allowMassPrune' | 'inventorySize' | 'guard' | 'recentlyPruned'>): string | undefined {
  if (opts.allowMassPrune || count === 0) return undefined;
  const guard = opts.guard ?? DEFAULT_PRUNE_GUARD;
  const recent = opts.recentlyPruned ?? 0;
  const [total, base] = [count + recent, opts.inventorySize + recent];
  const share = total > base * guard.maxShare;
  if (!share && total <= guard.maxCount) return undefined;
  const limit = share ? `more than ${guard.maxShare * 100}% of the inventory` : `more than ${guard.maxCount} objects`;
  const counted = recent > 0 ? `${count} more (after ${recent} in the last hour), ${total} of ${base} inventoried objects` : `${count} of ${base} inventoried objects`;
  return `mass-deletion guard: ${counted} would be deleted (${limit}); allow mass prune to proceed`;
}

async function deleteOne(client: ClusterClient, ref: ObjectRef, dryRun: boolean): Promise<ChangeSetEntry> {
  if (dryRun) return entryFor(ref, 'pruned', 'would be deleted (dry run)');
  try {
    return (await client.delete(ref)) ? entryFor(ref, 'pruned') : entryFor(ref, 'pruned', 'already gone');
  } catch (err) {
    return entryFor(ref, 'failed', reasonOf(err));
  }
}

function reverseStages(refs: readonly ObjectRef[]): ObjectRef[][] {
  const stages: ObjectRef[][] = APPLY_STAGES.map(() => []);
  for (const ref of refs) stages[stageOf(ref.kind)]?.push(ref);
  return stages.reverse().filter((s) => s.length > 0);
}

/** plannedHolders names what the plan's objects live in: `ns:<namespace>`, and `kind:<group>/<kind>` for a CRD's kind. */
function plannedHolders(planned: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const obj of planned) {
    if (obj.metadata.namespace) out.add(`ns:${obj.metadata.namespace}`);
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    out.add(`kind:${group}/${obj.kind}`);
  }
  return out;
}

/** holderKey is what a live Namespace or CRD holds, in plannedHolders' terms. */
function holderKey(live: KubeObject): string | undefined {
  if (live.kind === 'Namespace' && live.apiVersion === 'v1') return `ns:${live.metadata.name}`;
  const spec = live.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
  if (live.kind !== 'CustomResourceDefinition' || typeof spec?.group !== 'string') return undefined;
  return typeof spec.names?.kind === 'string' ? `kind:${spec.group}/${spec.names.kind}` : undefined;
}
