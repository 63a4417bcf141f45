/**
 * A live copy of one kind's objects in one member cluster, kept the way controllers keep theirs: list once, then
 * watch from the list's resourceVersion (with bookmarks), reconnect with backoff when the watch breaks, and list
 * again when the server no longer has that version (410). While the watch is down the cache is stale: it may miss
 * changes, so nothing may be deleted on its word.
 */
import type { ListOptions, WatchEvent, WatchingClient, WatchStream } from '../kube/cluster-client.js';
import { sleep } from '../kube/concurrency.js';
import { objectKey } from '../kube/object-ref.js';
import { nextDelay, type RetryPolicy, type Sleeper } from '../kube/retry.js';
import type { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';

/** CacheEvent is a change the cache saw: from the watch, or found by comparing a new list with what it held. */
export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: KubeObject;
  /** the copy the cache held before a MODIFIED */
  previous?: KubeObject;
}

/**
 * CacheStatus is what the cache is doing, for health, logs and /metrics. `held`: listed, its watch put off until a
 * pass that writes most of what it would bring back has ended (KindCacheOptions.hold); stale meanwhile.
 */
export type CacheStatus = { state: 'listing' | 'held' | 'watching' } | { state: 'stale'; reason: GitfedError | Error };

/** KindCache is one kind of one cluster, scoped by namespace and label selector. */
export interface KindCache {
  /** the objects by object key, as last seen */
  readonly objects: ReadonlyMap<string, KubeObject>;
  /** true until the first list and whenever the watch is down: a stale cache never decides a prune */
  readonly stale: boolean;
  /** what the cache is doing now */
  readonly status: CacheStatus;
  /** lists made so far: 1 after the start (a held first list and the one after it count once), one more for each 410 */
  readonly lists: number;
  /** watches opened so far, the first included: reconnects are this minus one */
  readonly watches: number;
  /** synced resolves once the first list is in */
  readonly synced: Promise<void>;
  /** onChange tells every change after the first list; returns the unsubscribe */
  onChange(listener: (e: CacheEvent) => void): () => void;
  /** onStatus tells every change of status; returns the unsubscribe */
  onStatus(listener: (s: CacheStatus) => void): () => void;
  stop(): void;
}

/** KindCacheOptions scope the cache and pace its reconnects. */
export interface KindCacheOptions extends ListOptions {
  /** reconnect backoff (attempts is not used: a cache retries until stopped) */
  backoff?: RetryPolicy;
  /** how a backoff waits (default: a timer); tests pass one they drive */
  sleeper?: Sleeper;
  /**
   * hold is asked once, after the first list: a promise puts the watch off until it settles, and the kind is then
   * listed again and watched from that list. A pass about to create most of a kind would otherwise receive every
   * object it writes back as an event: one list afterwards costs less than those events while the pass runs.
   */
  hold?: (listed: ReadonlyMap<string, KubeObject>) => Promise<void> | undefined;
}

const DEFAULT_BACKOFF: RetryPolicy = { attempts: Infinity, baseDelayMs: 250, maxDelayMs: 30_000 };

/** watchKind starts a cache of one kind in one cluster; it runs until stop(). */
export function watchKind(client: WatchingClient, apiVersion: string, kind: string, opts: KindCacheOptions = {}): KindCache {
  const state = new CacheState();
  const loop = new WatchLoop(client, apiVersion, kind, opts, state);
  void loop.run();
  return {
    get objects() { return state.objects; },
    get stale() { return state.status.state !== 'watching'; },
    get status() { return state.status; },
    get lists() { return loop.lists; },
    get watches() { return loop.watches; },
    synced: state.synced,
    onChange: (l) => state.subscribe(state.changeListeners, l),
    onStatus: (l) => state.subscribe(state.statusListeners, l),
    stop: () => loop.stop(),
  };
}

/** CacheState holds the objects and tells listeners; the loop below is the only writer. */
class CacheState {
  readonly objects = new Map<string, KubeObject>();
  readonly changeListeners = new Set<(e: CacheEvent) => void>();
  readonly statusListeners = new Set<(s: CacheStatus) => void>();
  status: CacheStatus = { state: 'listing' };
  private markSynced: () => void = () => undefined;
  private listed = false;
  readonly synced = new Promise<void>((resolve) => (this.markSynced = resolve));

  subscribe<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => void set.delete(listener);
  }

  setStatus(status: CacheStatus): void {
    if (status.state === this.status.state && status.state !== 'stale') return;
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }

  /** replace takes a full list: what it lacks was deleted, what differs changed (the events a broken watch missed). */
  replace(items: readonly KubeObject[]): void {
    const next = new Map(items.map((o) => [objectKey(o), o]));
    // the first list is what the cache starts from, not a change
    if (!this.listed) {
      for (const [key, object] of next) this.objects.set(key, object);
      this.listed = true;
      this.markSynced();
      return;
    }
    for (const [key, old] of this.objects) if (!next.has(key)) this.apply({ type: 'DELETED', key, object: old });
    for (const [key, object] of next) {
      const old = this.objects.get(key);
      if (!old) this.apply({ type: 'ADDED', key, object });
      else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) this.apply({ type: 'MODIFIED', key, object });
    }
    this.markSynced();
  }

  apply(e: CacheEvent): void {
    const previous = this.objects.get(e.key);
    if (e.type === 'DELETED') this.objects.delete(e.key);
    else this.objects.set(e.key, e.object);
    const told = e.type === 'MODIFIED' && previous ? { ...e, previous } : e;
    for (const l of this.changeListeners) l(told);
  }
}

/** WatchLoop lists and watches until stopped. */
class WatchLoop {
  lists = 0;
  watches = 0;
  /** failures since the last watch that opened: the backoff grows with them and starts over once one opens */
  private failures = 0;
  private stopped = false;
  private holdAsked = false;
  private stream: WatchStream | undefined;
  private readonly wake = new AbortController();
  private readonly client: WatchingClient;
  private readonly apiVersion: string;
  private readonly kind: string;
  private readonly opts: KindCacheOptions;
  private readonly state: CacheState;

  constructor(client: WatchingClient, apiVersion: string, kind: string, opts: KindCacheOptions, state: CacheState) {
    this.client = client;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.opts = opts;
    this.state = state;
  }

  async run(): Promise<void> {
    let resourceVersion: string | undefined;
    while (!this.stopped) {
      try {
        resourceVersion ??= await this.list();
        if (!this.holdAsked) resourceVersion = await this.held(resourceVersion);
        if (this.stopped) break;
        const reason = await this.watch(resourceVersion, (rv) => (resourceVersion = rv));
        if (reason === undefined || this.stopped) continue;
        this.state.setStatus({ state: 'stale', reason });
        // the server no longer has our version: only a new list can tell what changed meanwhile
        if (reason.code === 'WatchExpired') resourceVersion = undefined;
        else await this.pause();
      } catch (err) {
        this.state.setStatus({ state: 'stale', reason: err as Error });
        await this.pause();
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.stream?.stop();
    this.wake.abort();
  }

  private async list(counted = true): Promise<string> {
    const list = await this.client.listVersioned(this.apiVersion, this.kind, this.scope());
    if (counted) this.lists++;
    this.state.replace(list.items);
    return list.resourceVersion;
  }

  /** held waits out the hold, if the first list is given one, and lists again: the version to watch from. */
  private async held(listedAt: string): Promise<string> {
    this.holdAsked = true;
    const hold = this.opts.hold?.(this.state.objects);
    if (!hold) return listedAt;
    this.state.setStatus({ state: 'held' });
    await Promise.race([hold.catch(() => undefined), this.stopping()]);
    return this.stopped ? listedAt : this.list(false);
  }

  private stopping(): Promise<void> {
    return new Promise((resolve) => (this.wake.signal.aborted ? resolve() : this.wake.signal.addEventListener('abort', () => resolve(), { once: true })));
  }

  /** watch runs one watch to its end and returns why it ended (undefined: closed as usual, resume from where it got). */
  private async watch(from: string, reached: (rv: string) => void): Promise<GitfedError | undefined> {
    const onEvent = (e: WatchEvent): void => {
      const rv = e.object.metadata.resourceVersion;
      if (typeof rv === 'string' && rv !== '') reached(rv);
      if (e.type !== 'BOOKMARK') this.state.apply({ type: e.type, key: objectKey(e.object), object: e.object });
    };
    this.stream = await this.client.watch(this.apiVersion, this.kind, { ...this.scope(), resourceVersion: from }, onEvent);
    // stopped while the watch was opening: close it rather than leave it running
    if (this.stopped) this.stream.stop();
    this.watches++;
    this.failures = 0;
    this.state.setStatus({ state: 'watching' });
    return this.stream.done;
  }

  private scope(): ListOptions {
    return { ...(this.opts.namespace ? { namespace: this.opts.namespace } : {}), ...(this.opts.labelSelector ? { labelSelector: this.opts.labelSelector } : {}) };
  }

  private pause(): Promise<void> {
    this.failures++;
    const wait = nextDelay({ retryable: true }, this.failures, this.opts.backoff ?? DEFAULT_BACKOFF) ?? 0;
    return (this.opts.sleeper ?? sleep)(wait, this.wake.signal).catch(() => undefined);
  }
}
