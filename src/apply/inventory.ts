/**
 * The inventory: which objects gitfed owns in one member cluster. Pruning reads nothing else.
 *
 * LOAD-BEARING FORMAT (a public API, DESIGN.md rule 5): a ConfigMap `gitfed-inventory` in namespace
 * `gitfed-system`, written by server-side apply with field manager `gitfed`, with
 *   data.revision  the revision of the plan the list was last written for ("" when none is known)
 *   data.objects   a JSON array of object keys `<apiVersion>/<kind>/<namespace>/<name>`
 *                  (cluster-scoped: `<apiVersion>/<kind>/<name>`), sorted, without duplicates.
 *   data.pruned    (optional) a JSON array of `{"at": <RFC 3339 time>, "count": <objects deleted>}`, the recent
 *                  prunes that the mass-deletion guard counts over its rolling window; absent when none.
 *   data.pending   (optional) a JSON array of the listed keys gitfed has not yet applied successfully (listed
 *                  before the apply so that a crash forgets nothing): such an object that is absent is an apply
 *                  still to come, not drift.
 *   data.owner     (optional) the repository (URL without credentials, or path) and subdirectory whose
 *                  reconciler keeps this inventory: another one refuses to touch the cluster.
 *   data.settingsRevision (optional) the revision whose gitfed.yaml safety settings are in force here ("" when
 *                  none), present only while it differs from data.revision: after a cycle whose deletions the
 *                  guard held back, the settings stay those of the last revision applied without a hold.
 *   data.digests   (optional) a JSON array aligned with data.objects: per key `"<desired>.<fields>"` when gitfed
 *                  applied the object and saw it settle, else null. <desired> hashes the manifest applied, <fields>
 *                  gitfed's managedFields entry afterwards (src/apply/digest.ts). An object whose two digests still
 *                  match gets no request. Only an optimisation: unreadable, or of another length than data.objects,
 *                  it reads as none and every object is checked. (Earlier releases wrote a JSON object by key; it is
 *                  still read.)
 * Changing the names, the key syntax or the encoding makes every deployed gitfed forget what it owns:
 * its objects are orphaned (never pruned) or, worse, misread. Only add fields; never rename or reinterpret.
 */
import { GitfedError } from '../model/errors.js';
import { GITFED_NAMESPACE, type KubeObject } from '../model/kube.js';
import { compareStrings } from '../kube/compare-strings.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';
import { parseKey } from '../kube/object-ref.js';

/** INVENTORY_NAMESPACE holds the inventory ConfigMap (load-bearing). */
export const INVENTORY_NAMESPACE = GITFED_NAMESPACE;
/** INVENTORY_NAME is the inventory ConfigMap's name (load-bearing). */
export const INVENTORY_NAME = 'gitfed-inventory';

/** Inventory is the decoded ConfigMap: the revision and the sorted, unique object keys. */
export interface Inventory {
  revision: string | null;
  keys: readonly string[];
  /** recent prunes, oldest first, for the guard's rolling window */
  pruned?: readonly PruneRecord[];
  /** the revision whose safety settings are in force, when not `revision` (null: none, the defaults) */
  settingsRevision?: string | null;
  /** the repository (and subdirectory) of the reconciler that keeps this inventory */
  owner?: string;
  /** listed keys not yet applied successfully (sorted) */
  pending?: readonly string[];
  /** per listed key, the digests recorded when gitfed last applied it and saw it settle */
  digests?: Readonly<Record<string, RecordedDigest>>;
}

/** RecordedDigest is what an object looked like to gitfed after its last apply: the manifest's digest and gitfed's fields' digest. */
export interface RecordedDigest {
  desired: string;
  fields: string;
}

/** PruneRecord is one cycle's deletions in one cluster: when, and how many objects. */
export interface PruneRecord {
  at: string;
  count: number;
}

/** EMPTY_INVENTORY is what a cluster gitfed never wrote to holds. */
export const EMPTY_INVENTORY: Inventory = { revision: null, keys: [] };

/** normalizeKeys sorts and de-duplicates keys, so equal sets have equal encodings. */
export function normalizeKeys(keys: Iterable<string>): string[] {
  const list = [...keys];
  // a pass normalizes lists that are mostly sorted already: one look instead of a Set and a sort
  if (list.every((k, i) => i === 0 || (list[i - 1] as string) < k)) return list;
  return [...new Set(list)].sort(compareStrings);
}

/** diff returns the keys of `old` that `next` no longer lists: the prune candidates (sorted). */
export function diff(old: Inventory, next: Iterable<string>): string[] {
  const keep = new Set(next);
  return normalizeKeys(old.keys.filter((k) => !keep.has(k)));
}

/** merge returns an inventory of revision listing the union of the given key sets. */
export function merge(revision: string | null, ...sets: Iterable<string>[]): Inventory {
  // each pass merges the inventory's sorted list with the plan's: a linear merge, not a sort of both together
  return { revision, keys: sets.map(normalizeKeys).reduce(union, []) };
}

/** union of two sorted, unique lists, sorted and unique; the first list itself when the second adds nothing. */
function union(a: string[], b: string[]): string[] {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x < y)) out.push(a[i++] as string);
    else if (x === undefined || y < x) out.push(b[j++] as string);
    else {
      out.push(x);
      i++;
      j++;
    }
  }
  return out.length === a.length ? a : out;
}

/** sameInventory tells whether writing `next` over `current` would change nothing. */
export function sameInventory(current: Inventory | null, next: Inventory): boolean {
  if (current === null || current.revision !== next.revision || current.keys.length !== next.keys.length) return false;
  return current.keys.every((k, i) => k === next.keys[i]) && current.settingsRevision === next.settingsRevision && current.owner === next.owner &&
    JSON.stringify(current.pending ?? []) === JSON.stringify(next.pending ?? []) &&
    JSON.stringify(current.pruned ?? []) === JSON.stringify(next.pruned ?? []) &&
    sameDigests(current.digests ?? {}, next.digests ?? {});
}

function sameDigests(a: NonNullable<Inventory['digests']>, b: NonNullable<Inventory['digests']>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k]?.desired === b[k]?.desired && a[k]?.fields === b[k]?.fields);
}

/**
 * encodeDigests is data.digests: a JSON list aligned with the sorted keys, `<desired>.<fields>` or null per key
 * (the keys are not repeated: they were most of an inventory's size); undefined when there are none.
 */
export function encodeDigests(digests: Inventory['digests'], keys: readonly string[]): string | undefined {
  if (digests === undefined) return undefined;
  let any = false;
  const list = keys.map((k) => {
    const d = digests[k];
    if (!d) return null;
    any = true;
    return `${d.desired}.${d.fields}`;
  });
  return any ? JSON.stringify(list) : undefined;
}

/** DIGEST_VALUE is `<desired>.<fields>`, both base64url. */
const DIGEST_VALUE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/**
 * decodeDigests reads data.digests for the listed keys: the list aligned with them, or the object by key that
 * earlier releases wrote; anything it cannot read counts as no digest, never an error.
 */
export function decodeDigests(text: unknown, listed: readonly string[]): Record<string, RecordedDigest> {
  let parsed: unknown;
  try {
    parsed = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    return {};
  }
  if (parsed === null || typeof parsed !== 'object') return {};
  // a list that does not match the keys one for one says nothing reliable about any of them
  if (Array.isArray(parsed) && parsed.length !== listed.length) return {};
  const valueOf = Array.isArray(parsed) ? (_key: string, i: number): unknown => parsed[i] : (key: string): unknown => (Object.hasOwn(parsed, key) ? (parsed as Record<string, unknown>)[key] : undefined);
  const out: Record<string, RecordedDigest> = {};
  listed.forEach((key, i) => {
    const value = valueOf(key, i);
    const m = typeof value === 'string' ? DIGEST_VALUE.exec(value) : null;
    if (m?.[1] && m[2]) out[key] = { desired: m[1], fields: m[2] };
  });
  return out;
}

/** toConfigMap encodes an inventory as the ConfigMap gitfed applies. */
export function toConfigMap(inv: Inventory): KubeObject {
  const keys = normalizeKeys(inv.keys);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: INVENTORY_NAME, namespace: INVENTORY_NAMESPACE, labels: { [MANAGED_BY_LABEL]: FIELD_MANAGER } },
    data: {
      revision: inv.revision ?? '',
      objects: JSON.stringify(keys),
      ...(inv.pruned?.length ? { pruned: JSON.stringify(inv.pruned) } : {}),
      ...(inv.settingsRevision !== undefined ? { settingsRevision: inv.settingsRevision ?? '' } : {}),
      ...(inv.owner !== undefined ? { owner: inv.owner } : {}),
      ...(inv.pending?.length ? { pending: JSON.stringify(normalizeKeys(inv.pending)) } : {}),
      ...digestsField(inv.digests, keys),
    },
  };
}

/** fromConfigMap decodes the inventory (keys sorted, without duplicates); throws InventoryInvalid rather than guess, since a wrong list could prune. */
export function fromConfigMap(cm: KubeObject): Inventory {
  const subject = `ConfigMap/${INVENTORY_NAMESPACE}/${INVENTORY_NAME}`;
  const data = cm.data;
  if (data == null || typeof data !== 'object' || Array.isArray(data)) return EMPTY_INVENTORY;
  const revision = typeof data.revision === 'string' && data.revision !== '' ? data.revision : null;
  const keys = objectKeys(typeof data.objects === 'string' ? data.objects : undefined, subject);
  const pruned = prunedOf(data.pruned, subject);
  const settings = typeof data.settingsRevision === 'string' ? { settingsRevision: data.settingsRevision || null } : {};
  const owner = typeof data.owner === 'string' && data.owner !== '' ? { owner: data.owner } : {};
  const pending = keyList(data.pending, 'pending', subject);
  const digests = decodeDigests(data.digests, keys);
  return {
    revision, keys, ...(pruned.length ? { pruned } : {}), ...settings, ...owner, ...(pending.length ? { pending } : {}),
    ...(Object.keys(digests).length ? { digests } : {}),
  };
}

function digestsField(digests: Inventory['digests'], keys: readonly string[]): { digests?: string } {
  const text = encodeDigests(digests, keys);
  return text === undefined ? {} : { digests: text };
}

// Every member of a fleet holds the same list of keys, read again after each of gitfed's writes: a list is
// checked once per text. The lists are frozen, since every reader of that text shares one.
const checkedLists = new Map<string, string[]>();
const LISTS_KEPT = 64;

/** objectKeys is data.objects read and every key checked (parseKey), once per distinct text. */
function objectKeys(text: string | undefined, subject: string): string[] {
  const known = text === undefined ? undefined : checkedLists.get(text);
  if (known) return known;
  const keys = keyList(text, 'objects', subject);
  for (const key of keys) parseKey(key);
  if (text !== undefined) {
    if (checkedLists.size >= LISTS_KEPT) checkedLists.clear();
    checkedLists.set(text, Object.freeze(keys) as string[]);
  }
  return keys;
}

function keyList(text: unknown, field: string, subject: string): string[] {
  if (text === undefined) return [];
  let keys: unknown;
  try {
    keys = JSON.parse(typeof text === 'string' ? text : '');
  } catch (cause) {
    throw new GitfedError('InventoryInvalid', subject, `data.${field} is not JSON`, { cause });
  }
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new GitfedError('InventoryInvalid', subject, `data.${field} is not a JSON list of object keys`);
  return normalizeKeys(keys);
}

/** appliedKeys are the keys gitfed applied at least once: only those can be missing (drift) when absent. */
export function appliedKeys(inv: Inventory): string[] {
  const pending = new Set(inv.pending ?? []);
  return inv.keys.filter((k) => !pending.has(k));
}

function prunedOf(text: unknown, subject: string): PruneRecord[] {
  if (text === undefined) return [];
  let records: unknown;
  try {
    records = JSON.parse(typeof text === 'string' ? text : '');
  } catch (cause) {
    throw new GitfedError('InventoryInvalid', subject, 'data.pruned is not JSON', { cause });
  }
  const valid = (r: unknown): r is PruneRecord => {
    const x = r as Partial<PruneRecord> | null;
    return typeof x?.at === 'string' && !Number.isNaN(Date.parse(x.at)) && Number.isInteger(x.count) && (x.count as number) >= 0;
  };
  // the guard's memory: a list it cannot read would let a mass deletion through, so refuse rather than guess
  if (!Array.isArray(records) || !records.every(valid)) throw new GitfedError('InventoryInvalid', subject, 'data.pruned is not a JSON list of {at, count}');
  return records.map((r) => ({ at: r.at, count: r.count }));
}

/** settingsRevisionOf is the revision whose safety settings are in force in a cluster (null: the defaults). */
export function settingsRevisionOf(inv: Inventory): string | null {
  return inv.settingsRevision === undefined ? inv.revision : inv.settingsRevision;
}

/** prunedSince counts the objects the records say were deleted at or after `since` (ms since the epoch). */
export function prunedSince(records: readonly PruneRecord[] | undefined, since: number): number {
  return (records ?? []).reduce((n, r) => (Date.parse(r.at) >= since ? n + r.count : n), 0);
}

/** withPruned appends a prune of `count` objects at `now` and drops records older than `since`. */
export function withPruned(records: readonly PruneRecord[] | undefined, count: number, now: number, since: number): PruneRecord[] | undefined {
  if (count === 0) return records === undefined ? undefined : [...records];
  return [...(records ?? []).filter((r) => Date.parse(r.at) >= since), { at: new Date(now).toISOString(), count }];
}
