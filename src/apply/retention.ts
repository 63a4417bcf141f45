/**
 * Retention: Karmada runs a kind's `Retain(desired, observed)` before it updates a member's copy and writes what it
 * returns, so that fields the member owns (a controller's, an HPA's, a user's `suspend`) keep the member's value.
 * gitfed writes with server-side apply: writing the member's value would make gitfed an owner of the field, and the
 * member's next change would read as drift. So a field Retain gives another value is left out of what gitfed
 * applies: gitfed does not own it, the member's value stays, and it is never compared as drift.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ClusterClient } from '../kube/cluster-client.js';
import { mapLimit } from '../kube/concurrency.js';
import { MANAGED_BY_LABEL } from '../kube/field-manager.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';
import { objectKey, refOf } from '../kube/object-ref.js';
import { isPlainObject } from '../kube/plain-object.js';
import { asGitfedError, type GitfedError } from '../model/errors.js';
import type { JsonObject, JsonValue, KubeObject } from '../model/kube.js';
import { desiredDigest } from './digest.js';

/** Retainer is the part of the interpreter retention asks: whether a kind has a Retain script, its scripts, running it. */
export type Retainer = Pick<Interpreter, 'has' | 'retain' | 'scriptsOf'>;

/** Retained is what retention made of a pass's objects: the bodies to send in their place, and the scripts that failed. */
export interface Retained {
  /** by key, the object to compare and apply instead of the manifest (only those that lost a field) */
  bodies: Map<string, KubeObject>;
  /** by key, why Retain failed: that object is not applied this pass */
  failed: Map<string, GitfedError>;
  /** the copies it had to GET (null: absent), so that what follows need not read them again */
  read: Map<string, KubeObject | null>;
}

/**
 * retainedBody is `desired` without each field `retained` (Retain's answer) holds another value for or dropped.
 * Mappings are compared key by key; anything else (a scalar, a list) is kept only when equal as a whole: a list
 * Retain changed is left out entirely, since sending Retain's list would make gitfed own the member's items too.
 * A mapping emptied this way goes as well. Fields Retain added are the member's own: they are never sent.
 * Returns `desired` itself when nothing is left out.
 */
export function retainedBody(desired: KubeObject, retained: KubeObject): KubeObject {
  const body = kept(desired as unknown as JsonObject, retained as unknown as JsonObject) as unknown as KubeObject;
  if (body === desired) return desired;
  // what names the object is never left out (without it there is nothing to apply), nor the label gitfed's
  // watches select its objects by (without it the object would drop out of the cluster's cache)
  const { name, namespace, labels } = desired.metadata;
  const managed = labels?.[MANAGED_BY_LABEL];
  const metadata = { ...body.metadata, name, ...(namespace !== undefined ? { namespace } : {}) };
  if (managed !== undefined) metadata.labels = { ...metadata.labels, [MANAGED_BY_LABEL]: managed };
  return { ...body, apiVersion: desired.apiVersion, kind: desired.kind, metadata };
}

function kept(desired: JsonObject, retained: JsonValue | undefined): JsonObject {
  const other = isPlainObject(retained) ? retained : {};
  let out: JsonObject | undefined;
  for (const [k, v] of Object.entries(desired)) {
    const next = keptValue(v, other[k]);
    if (next === v) continue;
    out ??= { ...desired };
    if (next === undefined) delete out[k];
    else out[k] = next;
  }
  return out ?? desired;
}

function keptValue(v: JsonValue, r: JsonValue | undefined): JsonValue | undefined {
  if (!isPlainObject(v)) return isDeepStrictEqual(v, r) ? v : undefined;
  const inner = kept(v, r);
  return inner !== v && Object.keys(inner).length === 0 ? undefined : inner;
}

/**
 * retainMemberFields runs Retain over the objects that have a script for it and a copy on the member (`live`, read
 * with one GET when unknown): a new object has nothing to keep. Objects whose body lost nothing are not listed.
 */
export async function retainMemberFields(client: ClusterClient, objects: readonly KubeObject[], live: ReadonlyMap<string, KubeObject | null>, retainer: Retainer, concurrency = 8): Promise<Retained> {
  const out: Retained = { bodies: new Map(), failed: new Map(), read: new Map() };
  const scripted = objects.filter((o) => retainer.has(o, 'retention'));
  await mapLimit(scripted, concurrency, async (desired) => {
    const key = objectKey(desired);
    try {
      const observed = live.has(key) ? live.get(key) : await client.get(refOf(desired));
      if (!live.has(key)) out.read.set(key, observed ?? null);
      if (!observed) return;
      const body = retainedBody(desired, retainer.retain(desired, observed));
      if (body !== desired) out.bodies.set(key, body);
    } catch (err) {
      out.failed.set(key, asGitfedError(err, 'ClusterApiError'));
    }
  });
  return out;
}

/**
 * retainingDigest is desiredDigest, but for a kind with a Retain script it also hashes the kind's scripts: adding,
 * changing or removing the script changes what is sent while the manifest stays, so the object is applied again.
 */
export function retainingDigest(retainer: Retainer): (obj: KubeObject) => string {
  return (obj) => {
    const digest = desiredDigest(obj);
    if (!retainer.has(obj, 'retention')) return digest;
    return createHash('sha256').update(digest).update('\0').update(retainer.scriptsOf(obj)).digest('base64url').slice(0, digest.length);
  };
}
