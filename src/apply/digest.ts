/**
 * Digests that let a cycle leave a settled object alone, with no request: one of what gitfed means to apply,
 * one of what gitfed owns in the live copy. After gitfed's server-side apply, gitfed owns every field of its
 * manifest; a writer that changes one of them takes it (an Update always, a forced apply too), so gitfed's
 * fieldsV1 shrinks and the fields digest changes. Writers of other fields (status, another manager's labels)
 * leave gitfed's entry as it was (../shared/reference/ssa-semantics.md §2.2).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../model/kube.js';
import { FIELD_MANAGER } from '../kube/field-manager.js';
import { isPlainObject } from '../kube/plain-object.js';

/** DIGEST_LENGTH keeps the inventory small: 16 base64url characters are 96 bits, far beyond any collision risk here. */
const DIGEST_LENGTH = 16;

/** canonicalJson is JSON with object keys sorted at every depth (arrays keep their order), so equal content encodes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, DIGEST_LENGTH);
}

// A running reconciler digests every planned object of every cluster on each pass: most are the same object
// as last time, or the same text as on another cluster. Canonical JSON costs ten times a plain stringify, so
// digests are remembered per object and per plain text (the text map is bounded: it starts over when full).
const byObject = new WeakMap<object, string>();
const byText = new Map<string, string>();
const TEXTS_KEPT = 50_000;

/** desiredDigest is a short stable hash of a rendered manifest: key order does not count, any value does. */
export function desiredDigest(obj: KubeObject): string {
  const known = byObject.get(obj);
  if (known !== undefined) return known;
  const text = JSON.stringify(obj);
  let digest = byText.get(text);
  if (digest === undefined) {
    digest = hash(canonicalJson(obj));
    if (byText.size >= TEXTS_KEPT) byText.clear();
    byText.set(text, digest);
  }
  byObject.set(obj, digest);
  return digest;
}

/**
 * fieldsDigest is a short hash of gitfed's own apply entries in the live object's managedFields ([apiVersion,
 * fieldsV1] of each; not `time`, which says nothing about who owns what). Undefined when gitfed has no such entry
 * with a fieldsV1: nothing then shows whether another writer took a field, so the object must be checked.
 */
export function fieldsDigest(live: KubeObject): string | undefined {
  // a cached live copy stays the same object until its next watch event; one lookup, as every pass asks for every object
  const known = fieldsByObject.get(live);
  if (known !== undefined) return known === NO_FIELDS ? undefined : known;
  const digest = computeFieldsDigest(live);
  fieldsByObject.set(live, digest ?? NO_FIELDS);
  return digest;
}

/** NO_FIELDS remembers that a live object has no fields of gitfed's (a digest is never empty). */
const NO_FIELDS = '';
const fieldsByObject = new WeakMap<object, string>();

// every member's copy of one object, and each new version of it, mostly carries the same fieldsV1 text
const fieldsByText = new Map<string, string>();

function computeFieldsDigest(live: KubeObject): string | undefined {
  const entries: unknown[] = Array.isArray(live.metadata.managedFields) ? live.metadata.managedFields : [];
  const ours = entries.filter(isGitfedApply);
  if (ours.length === 0) return undefined;
  const text = JSON.stringify(ours.map((e) => [e.apiVersion ?? null, e.fieldsV1]));
  let digest = fieldsByText.get(text);
  if (digest === undefined) {
    digest = hash(`[${ours.map((e) => canonicalJson([e.apiVersion ?? null, e.fieldsV1])).sort().join(',')}]`);
    if (fieldsByText.size >= TEXTS_KEPT) fieldsByText.clear();
    fieldsByText.set(text, digest);
  }
  return digest;
}

function isGitfedApply(entry: unknown): entry is Record<string, unknown> {
  if (!isPlainObject(entry) || entry.manager !== FIELD_MANAGER || entry.operation !== 'Apply') return false;
  return (entry.subresource === undefined || entry.subresource === '') && isPlainObject(entry.fieldsV1);
}
