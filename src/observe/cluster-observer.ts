/**
 * One member cluster as the running reconciler sees it: a cache per kind of gitfed's objects (label selector
 * `app.kubernetes.io/managed-by=gitfed`, which the inventory ConfigMap carries too), started the first time a
 * plan or an inventory names the kind, and, when placement needs capacity, Nodes and Pods.
 */
import type { LiveCache, WatchingClient } from '../kube/cluster-client.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';
import { objectKey } from '../kube/object-ref.js';
import type { KubeObject } from '../model/kube.js';
import { watchKind, type CacheEvent, type CacheStatus, type KindCache, type KindCacheOptions } from './kind-cache.js';
import { createOverlay, type WriteOverlay } from './write-overlay.js';

/** KindId names a kind the way object keys start: `<apiVersion>/<kind>`. */
export type KindId = string;

/** ObserverHooks tell the reconciler's logs and metrics what the caches do. */
export interface ObserverHooks {
  onStatus?(kind: KindId, status: CacheStatus): void;
  /** a watch opened again after it broke */
  onWatchRestart?(kind: KindId): void;
  /** a list after the first (the server no longer had the watch's version) */
  onRelist?(kind: KindId): void;
}

/** ClusterObserver is the live view of one cluster; it answers `peek` without a request while its caches are fresh. */
export interface ClusterObserver extends LiveCache {
  readonly cluster: string;
  /**
   * observe starts caches for the kinds not watched yet; resolves once each has listed or failed its first list.
   * `planned` are the objects the coming pass will apply: a new cache whose list lacks most of its kind's share of
   * them (a first sync) puts its watch off until endPass, which lists it again, rather than receive every write back.
   */
  observe(kinds: Iterable<KindId>, planned?: readonly KubeObject[]): Promise<void>;
  /** endPass: the pass is over; kinds held for it list again and watch. Resolves once each did or failed to. */
  endPass(): Promise<void>;
  /** watchCapacity starts the Node and Pod caches (every object, not only gitfed's) */
  watchCapacity(): Promise<void>;
  /** nodes and pods when their caches are fresh, else undefined */
  capacityObjects(): { nodes: KubeObject[]; pods: KubeObject[] } | undefined;
  /**
   * writing marks a write of gitfed's as under way; call what it returns with the write's answer (newer than the
   * cache until the watch brings that version), or with nothing when the write failed
   */
  writing(obj: KubeObject): (answer?: KubeObject) => void;
  /** onChange tells every change of a gitfed object the caches see, except gitfed's own writes coming back; returns the unsubscribe */
  onChange(listener: (e: CacheEvent) => void): () => void;
  stop(): void;
}

/** ObserverOptions tune the caches (backoff and its sleeper for tests). */
export type ObserverOptions = Pick<KindCacheOptions, 'backoff' | 'sleeper'> & ObserverHooks;

const SELECTOR = `${MANAGED_BY_LABEL}=${FIELD_MANAGER}`;
const NODES: KindId = 'v1/Node';
const PODS: KindId = 'v1/Pod';
const SLASH = '/'.charCodeAt(0);

/** observeCluster makes the observer of one cluster; nothing is watched until observe() names kinds. */
export function observeCluster(client: WatchingClient, opts: ObserverOptions = {}): ClusterObserver {
  const managed = new Map<KindId, KindCache>();
  const capacity = new Map<KindId, KindCache>();
  const listeners = new Set<(e: CacheEvent) => void>();
  const overlay = createOverlay();
  const holds = createHolds();
  const start = (kind: KindId, scoped: boolean, planned: readonly KubeObject[] | undefined): KindCache => {
    const cut = kind.lastIndexOf('/');
    const hold = scoped && planned ? { hold: (listed: ReadonlyMap<string, KubeObject>) => holds.decide(cache, keysOfKind(planned, kind), listed) } : {};
    const cache: KindCache = watchKind(client, kind.slice(0, cut), kind.slice(cut + 1), { ...(scoped ? { labelSelector: SELECTOR } : {}), ...pick(opts), ...hold });
    hook(cache, kind, opts);
    if (scoped) cache.onChange(telling(listeners, overlay));
    return cache;
  };
  const ensure = (into: Map<KindId, KindCache>, kinds: Iterable<KindId>, scoped: boolean, planned?: readonly KubeObject[]): Promise<void> => {
    const started = [...kinds].map((k) => {
      const cache = into.get(k) ?? start(k, scoped, planned);
      into.set(k, cache);
      return leaving(cache, 'listing');
    });
    return Promise.all(started).then(() => undefined);
  };
  const all = (): KindCache[] => [...managed.values(), ...capacity.values()];
  return {
    cluster: client.cluster,
    observe: (kinds, planned) => ensure(managed, kinds, true, planned),
    endPass: () => holds.release(),
    watchCapacity: () => ensure(capacity, [NODES, PODS], false),
    capacityObjects() {
      const nodes = capacity.get(NODES);
      const pods = capacity.get(PODS);
      if (!nodes || !pods || nodes.stale || pods.stale) return undefined;
      return { nodes: [...nodes.objects.values()], pods: [...pods.objects.values()] };
    },
    peek(key) {
      // a key starts with its kind (`<apiVersion>/<kind>/`): the few watched kinds are tried in turn, no string built
      for (const [kind, cache] of managed) {
        if (!ofKind(key, kind)) continue;
        return cache.stale ? undefined : overlay.newer(key, cache.objects.get(key));
      }
      return undefined;
    },
    writing: (obj) => overlay.writing(obj),
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    stop() {
      for (const c of all()) c.stop();
      holds.stop();
      listeners.clear();
    },
  };
}

function pick(opts: ObserverOptions): Pick<KindCacheOptions, 'backoff' | 'sleeper'> {
  return { ...(opts.backoff ? { backoff: opts.backoff } : {}), ...(opts.sleeper ? { sleeper: opts.sleeper } : {}) };
}

/** hook turns a cache's status changes into restarts and re-lists for the hooks. */
function hook(cache: KindCache, kind: KindId, hooks: ObserverHooks): void {
  let lists = 0;
  cache.onStatus((status) => {
    hooks.onStatus?.(kind, status);
    if (status.state !== 'watching') return;
    if (cache.watches > 1) hooks.onWatchRestart?.(kind);
    if (cache.lists > 1 && cache.lists > lists) hooks.onRelist?.(kind);
    lists = cache.lists;
  });
}

/** telling passes a cache's changes on to the listeners, except gitfed's own writes coming back. */
function telling(listeners: ReadonlySet<(e: CacheEvent) => void>, overlay: WriteOverlay): (e: CacheEvent) => void {
  return (e) => {
    const deliver = (): void => {
      const told = sinceWritten(e, overlay);
      for (const l of listeners) l(told);
    };
    if (e.type !== 'DELETED' && (overlay.mine(e.object) || overlay.hold(e.object, deliver))) return;
    deliver();
  };
}

/**
 * leaving resolves once the cache's status is no longer `state` (listed, held, watching, or failed): a pass never
 * waits on a cluster that does not answer.
 */
function leaving(cache: KindCache, state: CacheStatus['state']): Promise<void> {
  if (cache.status.state !== state) return Promise.resolve();
  return new Promise((resolve) => {
    const off = cache.onStatus((s) => {
      if (s.state === state) return;
      off();
      resolve();
    });
  });
}

/** HOLD_FROM: a first list must lack this many of the pass's objects of its kind, and half of them, to be held. */
const HOLD_FROM = 8;

/** Holds are the caches whose watch waits for the pass under way to end. */
interface Holds {
  decide(cache: KindCache, planned: readonly string[], listed: ReadonlyMap<string, KubeObject>): Promise<void> | undefined;
  release(): Promise<void>;
  stop(): void;
}

function createHolds(): Holds {
  let waiting: { cache: KindCache; release: () => void }[] = [];
  let stopped: () => void = () => undefined;
  const stopping = new Promise<void>((resolve) => (stopped = resolve));
  return {
    decide(cache, planned, listed) {
      let absent = 0;
      for (const key of planned) if (!listed.has(key)) absent++;
      if (absent < HOLD_FROM || absent * 2 < planned.length) return undefined;
      return new Promise<void>((release) => void waiting.push({ cache, release }));
    },
    release() {
      const held = waiting;
      waiting = [];
      for (const h of held) h.release();
      return Promise.race([Promise.all(held.map((h) => leaving(h.cache, 'held'))), stopping]).then(() => undefined);
    },
    stop() {
      for (const h of waiting) h.release();
      waiting = [];
      stopped();
    },
  };
}

/** ofKind tells whether an object key is of the kind (`<apiVersion>/<kind>/...`), building no string. */
function ofKind(key: string, kind: KindId): boolean {
  return key.length > kind.length && key.charCodeAt(kind.length) === SLASH && key.startsWith(kind);
}

/** keysOfKind are the keys of the planned objects of one kind: asked only when a cache starts, not at every pass. */
function keysOfKind(planned: readonly KubeObject[], kind: KindId): string[] {
  return planned.map((o) => objectKey(o)).filter((key) => ofKind(key, kind));
}

/**
 * sinceWritten tells an object first seen after gitfed wrote it (the list after a held pass) as a change of what
 * gitfed wrote: a controller's status is then no change of gitfed's fields, as it is on a watch that saw the write.
 */
function sinceWritten(e: CacheEvent, overlay: WriteOverlay): CacheEvent {
  const written = e.type === 'ADDED' ? overlay.written(e.key) : undefined;
  return written ? { type: 'MODIFIED', key: e.key, object: e.object, previous: written } : e;
}
