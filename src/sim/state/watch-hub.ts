import type { KubeObject } from '../../model/kube.js';

/** StoredEvent is one committed change, kept in the bounded history for watch resumption. */
export interface StoredEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** storage key (`group/plural`) of the object's type */
  key: string;
  object: KubeObject;
  /** the state before the change (MODIFIED and DELETED), for selector transitions */
  old?: KubeObject;
}

/** WatchHub fans committed events out to watchers and keeps the last `capacity` of them. */
export interface WatchHub {
  publish(e: StoredEvent): void;
  /** since returns the kept events with rv > `rv`, or undefined when some of them were already dropped */
  since(rv: number): StoredEvent[] | undefined;
  /** oldest is the smallest rv a watch can still resume from */
  oldest(): number;
  subscribe(fn: (e: StoredEvent) => void): () => void;
  /** subscribers counts open subscriptions (tests and leak checks) */
  subscribers(): number;
}

/** createWatchHub builds a hub whose history keeps at most `capacity` events. */
export function createWatchHub(capacity: number): WatchHub {
  const history: StoredEvent[] = [];
  const subs = new Set<(e: StoredEvent) => void>();
  let dropped = 0; // rv of the newest event no longer kept
  return {
    publish(e) {
      history.push(e);
      while (history.length > capacity) dropped = history.shift()?.rv ?? dropped;
      for (const fn of [...subs]) {
        try {
          fn(e);
        } catch {
          // one broken watcher must not stop the others or the write that produced the event
        }
      }
    },
    since(rv) {
      if (rv < dropped) return undefined;
      const i = history.findIndex((e) => e.rv > rv);
      return i < 0 ? [] : history.slice(i);
    },
    oldest: () => dropped,
    subscribe(fn) {
      subs.add(fn);
      return () => void subs.delete(fn);
    },
    subscribers: () => subs.size,
  };
}
