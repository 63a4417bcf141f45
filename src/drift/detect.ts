import { reasonOf } from '../kube/change-entry.js';
import { objectKey, refKey, refOf, refSubject } from '../kube/object-ref.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import { mapLimit } from '../kube/concurrency.js';
import type { KubeObject } from '../model/kube.js';
import { DRIFT_MODES } from '../model/repo-config.js';
import { compareStrings } from '../kube/compare-strings.js';
import { driftedFields } from './compare.js';
import { maskFields } from './mask.js';
import type { ClusterDrift, DriftMode, ObjectDrift, Observation } from '../model/drift.js';
import { asGitfedError, GitfedError, type ErrorCode } from '../model/errors.js';

/** DRIFT_ANNOTATION sets an object's drift mode: `correct`, `report` or `ignore`. */
export const DRIFT_ANNOTATION = 'gitfed.io/drift';

/** DetectOptions say what gitfed owns in the cluster and what it does about drift by default. */
export interface DetectOptions {
  /** the keys of the cluster's inventory; null when gitfed never wrote one there (nothing can be missing) */
  inventory: readonly string[] | null;
  /** the repository's `drift.mode` */
  defaultMode: DriftMode;
  /** objects checked at once (default 8) */
  concurrency?: number;
}

/** DriftInspection is a check of every object, `ignore` ones included, for the reconcile to decide what to leave alone. */
export interface DriftInspection {
  /** every drifted object, whatever its mode */
  drift: ClusterDrift;
  /** keys of the objects that could not be checked */
  unchecked: string[];
  /** what was read per key, so the apply that follows need not read it again */
  observed: Map<string, Observation>;
}

/** driftModeOf is the object's `gitfed.io/drift` annotation, or the default (also for an unknown value). */
export function driftModeOf(obj: KubeObject, defaultMode: DriftMode): DriftMode {
  const value = obj.metadata.annotations?.[DRIFT_ANNOTATION];
  return DRIFT_MODES.find((m) => m === value) ?? defaultMode;
}

/**
 * detectDrift compares each planned object with the cluster, read-only (GETs and dry-run applies): a field
 * another manager changed, or an object of the inventory that is gone. Objects in `ignore` mode are not checked.
 */
export async function detectDrift(client: ClusterClient, objects: readonly KubeObject[], opts: DetectOptions): Promise<ClusterDrift> {
  const checked = objects.filter((o) => driftModeOf(o, opts.defaultMode) !== 'ignore');
  return (await inspectDrift(client, checked, opts)).drift;
}

/** inspectDrift checks every object, `ignore` ones included; one object's failure is named in `error` and does not stop the others. */
export async function inspectDrift(client: ClusterClient, objects: readonly KubeObject[], opts: DetectOptions): Promise<DriftInspection> {
  const owned = new Set(opts.inventory ?? []);
  const failures: { key: string; message: string; code: ErrorCode; cause: unknown }[] = [];
  const observed = new Map<string, Observation>();
  const results = await mapLimit(objects, opts.concurrency ?? 8, async (obj) => {
    try {
      return await checkObject(client, obj, owned, opts.defaultMode, observed);
    } catch (err) {
      failures.push({ key: objectKey(obj), message: `${refSubject(refOf(obj))}: ${reasonOf(err)}`, code: asGitfedError(err, 'ClusterApiError').code, cause: err });
      return null;
    }
  });
  const drifted = results.filter((r): r is ObjectDrift => r !== null).sort((a, b) => compareStrings(a.key, b.key));
  const drift: ClusterDrift = { cluster: client.cluster, objects: drifted };
  failures.sort((a, b) => compareStrings(a.key, b.key));
  const first = failures[0];
  if (first) {
    const message = failures.length === 1 ? first.message : `${failures.length} objects could not be checked; ${first.message}`;
    drift.error = new GitfedError(first.code, '', message, { cause: first.cause });
  }
  return { drift, unchecked: failures.map((f) => f.key), observed };
}

async function checkObject(client: ClusterClient, obj: KubeObject, owned: ReadonlySet<string>, defaultMode: DriftMode, observed: Map<string, Observation>): Promise<ObjectDrift | null> {
  const ref = refOf(obj);
  const key = refKey(ref);
  const base = { key, subject: refSubject(ref), mode: driftModeOf(obj, defaultMode) };
  let live: KubeObject | null;
  try {
    live = await client.get(ref);
  } catch (err) {
    // an object gitfed never applied here cannot have drifted (its kind may not even be served yet)
    if (!owned.has(key)) return null;
    throw err;
  }
  observed.set(key, { live });
  if (live === null) return owned.has(key) ? { ...base, type: 'missing', fields: [] } : null;
  // what gitfed's apply would make of the live object: fields gitfed never sets keep their live values
  const desired = await client.apply(obj, { dryRun: true, force: true });
  observed.set(key, { live, desired });
  const fields = maskFields(obj.kind, driftedFields(live, desired, live.metadata.managedFields));
  return fields.length > 0 ? { ...base, type: 'modified', fields } : null;
}

/** LeftAlone is a planned object the reconcile must not apply this cycle, and why. */
export interface LeftAlone {
  key: string;
  reason: string;
}

/** leftAlone lists the objects the reconcile must not apply: drifted (or unchecked) objects in `report` or `ignore` mode. */
export function leftAlone(inspection: DriftInspection, objects: readonly KubeObject[], defaultMode: DriftMode): LeftAlone[] {
  const drifted = new Set(inspection.drift.objects.map((o) => o.key));
  const unchecked = new Set(inspection.unchecked);
  return objects.flatMap((o) => {
    const key = objectKey(o);
    const mode = driftModeOf(o, defaultMode);
    if (mode === 'correct') return [];
    if (drifted.has(key)) return [{ key, reason: `drifted (${mode} mode): not applied` }];
    return unchecked.has(key) ? [{ key, reason: `drift could not be checked (${mode} mode): not applied` }] : [];
  });
}

/** withoutIgnored drops the objects in `ignore` mode: they are never reported. */
export function withoutIgnored(drift: ClusterDrift): ClusterDrift {
  return { ...drift, objects: drift.objects.filter((o) => o.mode !== 'ignore') };
}
