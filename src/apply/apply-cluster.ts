import type { KubeObject } from '../model/kube.js';
import { entryFor, reasonOf } from '../kube/change-entry.js';
import type { ChangeSetEntry } from '../model/change-set.js';
import type { Observation } from '../model/drift.js';
import { objectKey, refKey, refOf } from '../kube/object-ref.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import { changedPaths } from '../kube/compare-objects.js';
import { mapLimit } from '../kube/concurrency.js';
import { ADOPT_ANNOTATION, adoptModeOf, hasGitfedFields } from './ownership.js';
import { DEFAULT_ESTABLISHED_WAIT, isCrd, waitEstablished, type EstablishedWait } from './crd-established.js';
import { groupByStage } from '../kube/apply-order.js';
import { fieldsDigest } from './digest.js';

/** ApplyObjectsOptions tune one cluster's apply. */
export interface ApplyObjectsOptions {
  /** server-side dry run only: report what would happen, write nothing */
  dryRun: boolean;
  /** take over fields owned by other managers (default true: the repository is the source of truth, as in Flux) */
  force?: boolean;
  /** objects in flight at once inside one stage (default 8) */
  concurrency?: number;
  /** bound of the wait for new CRDs to become Established */
  establishedWait?: EstablishedWait;
  /** what the drift check just read per key (live object, forced dry run), so it is not read twice */
  observed?: ReadonlyMap<string, Observation>;
  /** keys the inventory says gitfed applied before: its own even if someone else now owns every field */
  owned?: ReadonlySet<string>;
  /**
   * keys whose live copy (in `observed`) nobody but gitfed wrote since gitfed's last apply: no drift is possible,
   * so they are applied at once (dry run: dry-run applied), without a dry run first
   */
  direct?: ReadonlySet<string>;
  /**
   * told, outside dry run, the object as it stands once applied or found unchanged, when gitfed owns in it exactly
   * what its apply owns (the server's answer to a real apply; a live object only when its dry run owns the same)
   */
  onResult?: (key: string, obj: KubeObject) => void;
}

/** DEFAULT_APPLY_CONCURRENCY keeps one cluster's API server from being flooded by one reconciler. */
export const DEFAULT_APPLY_CONCURRENCY = 8;

/**
 * Pending remembers what a dry run reports as `created` in an earlier stage: the server cannot dry-run an
 * object into a namespace or of a kind that does not exist yet, so such objects are reported as created.
 */
interface Pending {
  namespaces: Set<string>;
  /** `<group>/<kind>` served by CRDs that would be created */
  kinds: Set<string>;
}

/**
 * applyObjects applies one cluster's objects stage by stage (CRDs and Namespaces first, waiting for CRDs to be
 * Established). Each object is dry-run applied and compared with the live object; only a difference leads to
 * the real apply, so unchanged objects keep their resourceVersion. A failing object does not stop the rest.
 */
export async function applyObjects(client: ClusterClient, objects: readonly KubeObject[], opts: ApplyObjectsOptions): Promise<ChangeSetEntry[]> {
  const entries: ChangeSetEntry[] = [];
  const pending: Pending = { namespaces: new Set(), kinds: new Set() };
  for (const stage of groupByStage(objects)) {
    const done = await mapLimit(stage, opts.concurrency ?? DEFAULT_APPLY_CONCURRENCY, (obj) => applyOne(client, obj, opts, pending));
    if (opts.dryRun) rememberPending(stage, done, pending);
    else await waitForCrds(client, stage, done, opts);
    entries.push(...done);
  }
  return entries;
}

async function applyOne(client: ClusterClient, obj: KubeObject, opts: ApplyObjectsOptions, pending: Pending): Promise<ChangeSetEntry> {
  const ref = refOf(obj);
  const key = refKey(ref);
  const force = opts.force ?? true;
  try {
    const waitingFor = pendingParent(obj, pending);
    if (waitingFor) return entryFor(ref, 'created', `${waitingFor} would be created first (dry run)`);
    const seen = opts.observed?.get(key);
    const live = seen ? seen.live : await client.get(ref);
    const refusal = live === null || opts.owned?.has(key) ? undefined : adoptionRefusal(obj, live);
    if (refusal !== undefined) return entryFor(ref, 'failed', refusal);
    if (live === null && !opts.dryRun) {
      tell(opts, key, await client.apply(obj, { dryRun: false, force }));
      return entryFor(ref, 'created');
    }
    if (live !== null && opts.direct?.has(key)) return await applyDirect(client, obj, live, opts);
    // the drift check's dry run was forced, like this one, so it stands for it
    const desired = seen?.desired !== undefined && force ? seen.desired : await client.apply(obj, { dryRun: true, force });
    if (live === null) return entryFor(ref, 'created');
    const paths = changedPaths(live, desired);
    if (paths.length === 0) {
      // left as it is: worth recording only when gitfed already owns what an apply would give it
      if (fieldsDigest(live) !== undefined && fieldsDigest(live) === fieldsDigest(desired)) tell(opts, key, live);
      return entryFor(ref, 'unchanged');
    }
    if (!opts.dryRun) tell(opts, key, await client.apply(obj, { dryRun: false, force }));
    return entryFor(ref, 'configured', `changed ${paths.join(', ')}`);
  } catch (err) {
    return entryFor(ref, 'failed', reasonOf(err));
  }
}

/** applyDirect applies an object whose gitfed fields nobody else touched: one request, the change read from its answer. */
async function applyDirect(client: ClusterClient, obj: KubeObject, live: KubeObject, opts: ApplyObjectsOptions): Promise<ChangeSetEntry> {
  const result = await client.apply(obj, { dryRun: opts.dryRun, force: opts.force ?? true });
  if (!opts.dryRun) tell(opts, objectKey(obj), result);
  const paths = changedPaths(live, result);
  return paths.length === 0 ? entryFor(refOf(obj), 'unchanged') : entryFor(refOf(obj), 'configured', `changed ${paths.join(', ')}`);
}

function tell(opts: ApplyObjectsOptions, key: string, obj: KubeObject): void {
  if (!opts.dryRun) opts.onResult?.(key, obj);
}

/** NOT_OURS starts the reason of an object left alone because someone else created it. */
export const NOT_OURS = 'exists and was not created by gitfed';

/** adoptionRefusal refuses to write over an existing object gitfed did not create, unless its template opts in. */
function adoptionRefusal(template: KubeObject, live: KubeObject): string | undefined {
  if (hasGitfedFields(live) || adoptModeOf(template) !== undefined) return undefined;
  return `${NOT_OURS}: left untouched; annotate the template ${ADOPT_ANNOTATION}: "true" to take it over`;
}

function pendingParent(obj: KubeObject, pending: Pending): string | undefined {
  const ns = obj.metadata.namespace;
  if (ns && pending.namespaces.has(ns)) return `Namespace/${ns}`;
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  if (pending.kinds.has(`${group}/${obj.kind}`)) return `the CustomResourceDefinition of ${obj.kind}`;
  return undefined;
}

function rememberPending(stage: readonly KubeObject[], done: readonly ChangeSetEntry[], pending: Pending): void {
  stage.forEach((obj, i) => {
    if (done[i]?.action !== 'created') return;
    if (obj.kind === 'Namespace') pending.namespaces.add(obj.metadata.name);
    const spec = obj.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    if (isCrd(obj) && typeof spec?.group === 'string' && typeof spec.names?.kind === 'string') {
      pending.kinds.add(`${spec.group}/${spec.names.kind}`);
    }
  });
}

/** waitForCrds waits for the CRDs this stage created or changed; one that never gets Established is failed. */
async function waitForCrds(client: ClusterClient, stage: readonly KubeObject[], done: ChangeSetEntry[], opts: ApplyObjectsOptions): Promise<void> {
  const written = stage.flatMap((obj, i) => {
    const action = done[i]?.action;
    return isCrd(obj) && (action === 'created' || action === 'configured') ? [i] : [];
  });
  await mapLimit(written, opts.concurrency ?? DEFAULT_APPLY_CONCURRENCY, async (i) => {
    const ref = refOf(stage[i] as KubeObject);
    try {
      await waitEstablished(client, ref, opts.establishedWait ?? DEFAULT_ESTABLISHED_WAIT);
    } catch (err) {
      done[i] = entryFor(ref, 'failed', reasonOf(err));
    }
  });
}
