/**
 * One member cluster as the running reconciler sees it: a cache per kind of gitfed's objects (label selector
 * `app.kubernetes.io/managed-by=gitfed`, which the inventory ConfigMap carries too), started the first time a
 * plan or an inventory names the kind, and, when placement needs capacity, Nodes and Pods.
 */
import type { LiveCache, WatchingClient } from '../kube/cluster-client.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';
import type { KubeObject } from '../model/kube.js';
import { watchKind, type CacheEvent, type CacheStatus, type KindCache, type KindCacheOptions } from './kind-cache.js';
import { createOverlay } from './write-overlay.js';

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
  /** observe starts caches for the kinds not watched yet; resolves once each has listed or failed its first list */
  observe(kinds: Iterable<KindId>): Promise<void>;
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
  const start = (kind: KindId, scoped: boolean): KindCache => {
    const cut = kind.lastIndexOf('/');
    const cache = watchKind(client, kind.slice(0, cut), kind.slice(cut + 1), { ...(scoped ? { labelSelector: SELECTOR } : {}), ...pick(opts) });
    hook(cache, kind, opts);
    if (scoped) cache.onChange((e) => {
      const deliver = (): void => {
        for (const l of listeners) l(e);
      };
      if (e.type !== 'DELETED' && (overlay.mine(e.object) || overlay.hold(e.object, deliver))) return;
      deliver();
    });
    return cache;
  };
  const ensure = (into: Map<KindId, KindCache>, kinds: Iterable<KindId>, scoped: boolean): Promise<void> => {
    const started = [...kinds].map((k) => {
      const cache = into.get(k) ?? start(k, scoped);
      into.set(k, cache);
      return firstOutcome(cache);
    });
    return Promise.all(started).then(() => undefined);
  };
  const all = (): KindCache[] => [...managed.values(), ...capacity.values()];
  return {
    cluster: client.cluster,
    observe: (kinds) => ensure(managed, kinds, true),
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
        if (key.length <= kind.length || key.charCodeAt(kind.length) !== SLASH || !key.startsWith(kind)) continue;
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

/** firstOutcome resolves once the cache listed, or failed to: a pass never waits on a cluster that does not answer. */
function firstOutcome(cache: KindCache): Promise<void> {
  if (cache.status.state !== 'listing') return Promise.resolve();
  return new Promise((resolve) => {
    const off = cache.onStatus(() => {
      off();
      resolve();
    });
  });
}
