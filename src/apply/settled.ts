/**
 * Which planned objects need no request this cycle. An object is settled when the inventory recorded its digests
 * after gitfed last applied it, the manifest is the one applied then, and gitfed's own fields in the live copy are
 * as they were (nobody else wrote any of them: a writer of gitfed's field takes it, src/apply/digest.ts). Its
 * manifest changed but its fields untouched: nobody else wrote gitfed's fields, so there is no drift and the new
 * manifest is applied at once. Anything else is checked as it always was (drift check, dry run, apply).
 */
import type { ClusterClient, LiveCache } from '../kube/cluster-client.js';
import { mapLimit } from '../kube/concurrency.js';
import { kindOf, objectKey, refKey, refOf } from '../kube/object-ref.js';
import type { KubeObject } from '../model/kube.js';
import { desiredDigest, fieldsDigest } from './digest.js';
import type { Inventory, RecordedDigest } from './inventory.js';

/** Classification sorts planned objects by how much of a check they need. */
export interface Classification {
  /** keys whose manifest and gitfed's fields are as recorded: unchanged, no request */
  settled: Set<string>;
  /** keys whose gitfed fields are as recorded but whose manifest changed: applied at once, no drift possible */
  direct: Set<string>;
  /** the live copies read per key (null: absent), from the cache or one GET, for the checks that follow */
  live: Map<string, KubeObject | null>;
  /** desiredDigest of each planned object, by key */
  desired: Map<string, string>;
}

/** ClassifyOptions are what the classification may read: the recorded digests and, when there is one, a live cache. */
export interface ClassifyOptions {
  digests?: Inventory['digests'];
  /** what a manifest's recorded desired digest is (default desiredDigest) */
  digestOf?: (obj: KubeObject) => string;
  cache?: LiveCache;
  concurrency?: number;
}

/**
 * classifyPlanned reads each planned object's live copy from the cache (no request) or, only when the inventory
 * holds a digest for it, with one GET; objects without a digest and not cached are not read here (the drift check
 * does as before). A GET that fails leaves the object to the usual path, which reports it.
 */
export async function classifyPlanned(client: ClusterClient, objects: readonly KubeObject[], opts: ClassifyOptions): Promise<Classification> {
  const out: Classification = { settled: new Set(), direct: new Set(), live: new Map(), desired: new Map() };
  const cached = objects.map((o) => opts.cache?.peek(objectKey(o)));
  const listed = await listUnknown(client, objects, cached, opts);
  const sort = (key: string, live: KubeObject | null | undefined): void => {
    if (live === undefined) return;
    out.live.set(key, live);
    const recorded = opts.digests?.[key];
    if (!recorded || live === null || fieldsDigest(live) !== recorded.fields) return;
    (recorded.desired === (out.desired.get(key) as string) ? out.settled : out.direct).add(key);
  };
  // most objects are answered by the cache: only those with a digest and no other answer are read, in parallel
  const toRead: KubeObject[] = [];
  objects.forEach((obj, i) => {
    const key = objectKey(obj);
    out.desired.set(key, (opts.digestOf ?? desiredDigest)(obj));
    // null (listed as absent) is an answer: only undefined sends the object on to a GET or the drift check
    const live = cached[i] ?? (listed.size > 0 ? listed.get(kindOf(refOf(obj)))?.get(key) : undefined);
    if (live === undefined && opts.digests?.[key]) toRead.push(obj);
    else sort(key, live);
  });
  await mapLimit(toRead, opts.concurrency ?? 8, async (obj) => sort(objectKey(obj), await getOrUnknown(client, obj)));
  return out;
}

/** LIST_FROM: this many objects of one kind that nothing knows about are read with one list, not a GET each. */
const LIST_FROM = 4;

/**
 * listUnknown reads, with one list per kind, the objects that neither the cache (`cached`, aligned with `objects`) nor the inventory's digests know
 * (a first sync, or kinds new to the cluster): each is then either the listed object or absent (null), where a GET
 * per object would have said the same. A list that fails (a kind not served yet) leaves its objects to the GETs.
 */
async function listUnknown(client: ClusterClient, objects: readonly KubeObject[], cached: readonly (KubeObject | null | undefined)[], opts: ClassifyOptions): Promise<Map<string, Map<string, KubeObject | null>>> {
  const unknown = new Map<string, KubeObject[]>();
  objects.forEach((obj, i) => {
    if (cached[i] !== undefined || opts.digests?.[objectKey(obj)]) return;
    const kind = kindOf(refOf(obj));
    const group = unknown.get(kind) ?? [];
    group.push(obj);
    unknown.set(kind, group);
  });
  const out = new Map<string, Map<string, KubeObject | null>>();
  await mapLimit([...unknown].filter(([, objs]) => objs.length >= LIST_FROM), 4, async ([kind, objs]) => {
    const first = objs[0] as KubeObject;
    const items = await client.list(first.apiVersion, first.kind).catch(() => undefined);
    if (!items) return;
    const byKey = new Map(items.map((o) => [objectKey(o), o]));
    out.set(kind, new Map(objs.map((o) => [objectKey(o), byKey.get(objectKey(o)) ?? null])));
  });
  return out;
}

async function getOrUnknown(client: ClusterClient, obj: KubeObject): Promise<KubeObject | null | undefined> {
  try {
    return await client.get(refOf(obj));
  } catch {
    return undefined;
  }
}

/** readingFrom is the client with GETs of the given keys answered from what was already read, so nothing is read twice. */
export function readingFrom(client: ClusterClient, known: ReadonlyMap<string, KubeObject | null>): ClusterClient {
  return {
    cluster: client.cluster,
    get: async (ref) => {
      const seen = known.get(refKey(ref));
      return seen !== undefined ? structuredClone(seen) : client.get(ref);
    },
    apply: (obj, o) => client.apply(obj, o),
    delete: (ref) => client.delete(ref),
    list: (apiVersion, kind, o) => client.list(apiVersion, kind, o),
  };
}

/**
 * carriedDigests are the recorded digests the inventory keeps before this cycle's applies: all but those of objects
 * whose manifest changed. Such an object is about to be written; were the old digest kept and the cycle cut short
 * after the write, a later return to the old manifest would find digests that match and a live copy that does not.
 */
export function carriedDigests(recorded: Inventory['digests'], desired: ReadonlyMap<string, string>): Inventory['digests'] {
  const kept = (key: string, d: RecordedDigest): boolean => {
    const now = desired.get(key);
    return now === undefined || now === d.desired;
  };
  // a pass of a settled cluster keeps every digest: the record itself, not a copy of it, as each pass did before
  let all = true;
  for (const key in recorded) if (!kept(key, recorded[key] as RecordedDigest)) all = false;
  if (all) return recorded ?? {};
  const out: Record<string, RecordedDigest> = {};
  for (const key in recorded) if (kept(key, recorded[key] as RecordedDigest)) out[key] = recorded[key] as RecordedDigest;
  return out;
}

/**
 * settledDigests are the digests to record once the cycle applied: for every planned key that ended created,
 * configured or unchanged, the recorded ones of a settled object, else those of the object the apply reported.
 * Keys that failed, were held or skipped, or are not planned get none: they are checked in full next time.
 */
export function settledDigests(done: ReadonlySet<string>, c: Classification, recorded: Inventory['digests'], results: ReadonlyMap<string, KubeObject>): Inventory['digests'] {
  if (allSettled(done, c, recorded)) return recorded;
  const out: Record<string, RecordedDigest> = {};
  for (const [key, desired] of c.desired) {
    if (!done.has(key)) continue;
    const old = recorded?.[key];
    const result = results.get(key);
    const fields = result === undefined ? undefined : fieldsDigest(result);
    if (c.settled.has(key) && old) out[key] = old;
    else if (fields !== undefined) out[key] = { desired, fields };
  }
  return out;
}

/** allSettled: every planned object was settled and done, and the record holds no other key: it stands as it is. */
function allSettled(done: ReadonlySet<string>, c: Classification, recorded: Inventory['digests']): boolean {
  if (!recorded || c.settled.size !== c.desired.size) return false;
  for (const key of c.desired.keys()) if (!done.has(key) || !c.settled.has(key) || !recorded[key]) return false;
  let size = 0;
  for (const _ in recorded) size++;
  return size === c.desired.size;
}
