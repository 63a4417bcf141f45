import type { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import type { ObjectRef } from './object-ref.js';

/** ApplyOptions are the two knobs of a server-side apply; the field manager is fixed by the client. */
export interface ApplyOptions {
  /** server-side dry run (`dryRun=All`): the server computes the result and stores nothing */
  dryRun: boolean;
  /** take ownership of fields another manager owns instead of failing with a conflict */
  force: boolean;
}

/** ListOptions narrow a list; without a namespace a namespaced kind is listed across all namespaces. */
export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
}

/**
 * ClusterClient is the port to one member cluster. Adapters (kube-client.ts, test fakes) implement it;
 * everything that reads or writes a member cluster speaks only this. Failures are thrown as GitfedError naming the cluster.
 */
export interface ClusterClient {
  /** the member cluster's name, used as the first word of every message */
  readonly cluster: string;
  /** get returns the live object, or null when it does not exist */
  get(ref: ObjectRef): Promise<KubeObject | null>;
  /** apply is a server-side apply with field manager `gitfed`; returns the object the server holds (or would hold) */
  apply(obj: KubeObject, opts: ApplyOptions): Promise<KubeObject>;
  /** delete removes the object; false when it was already gone */
  delete(ref: ObjectRef): Promise<boolean>;
  /** list returns every object of a kind, all pages */
  list(apiVersion: string, kind: string, opts?: ListOptions): Promise<KubeObject[]>;
}

/** WatchEvent is one change of a watched kind; a BOOKMARK only carries the resourceVersion the watch reached. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: KubeObject;
}

/** VersionedList is a list and the resourceVersion to watch it from. */
export interface VersionedList {
  items: KubeObject[];
  resourceVersion: string;
}

/** WatchStream is one open watch: done resolves when it ends, with why (undefined: the server closed it as usual). */
export interface WatchStream {
  readonly done: Promise<GitfedError | undefined>;
  stop(): void;
}

/**
 * WatchingClient is a ClusterClient that can also list at a resourceVersion and watch from it, as a long-running
 * reconciler keeps its caches; a watch from a version the server no longer has ends with WatchExpired.
 */
export interface WatchingClient extends ClusterClient {
  listVersioned(apiVersion: string, kind: string, opts?: ListOptions): Promise<VersionedList>;
  watch(apiVersion: string, kind: string, opts: ListOptions & { resourceVersion: string }, onEvent: (e: WatchEvent) => void): Promise<WatchStream>;
}

/**
 * LiveCache answers from a cluster's watch caches without a request. undefined means "ask the server": the
 * object is not cached (a watch only sees gitfed's labelled objects) or the cache is stale, so a stale cache
 * never decides anything, a prune least of all.
 */
export interface LiveCache {
  /** peek answers for one object key (`objectKey`): keys are what every caller already holds, and cost nothing to pass */
  peek(key: string): KubeObject | undefined;
}
