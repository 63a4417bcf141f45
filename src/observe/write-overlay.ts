import { objectKey } from '../kube/object-ref.js';
import type { KubeObject } from '../model/kube.js';

/** WriteOverlay holds what gitfed just wrote until the cache's watch catches up with it. */
export interface WriteOverlay {
  /**
   * writing marks an object's write as under way: events of that object are held until the returned function is
   * called with the write's answer (then the write's own event is dropped, a later one passed on) or without
   * one (the write failed: everything held is passed on)
   */
  writing(obj: KubeObject): (answer?: KubeObject) => void;
  remember(obj: KubeObject): void;
  /** written is the copy of `key` gitfed last wrote, while the cache has not caught up with it */
  written(key: string): KubeObject | undefined;
  /** mine tells whether a watched object is exactly the version gitfed wrote (its own write coming back) */
  mine(obj: KubeObject): boolean;
  /** hold keeps the event of an object whose write is under way, to be decided once it answers; false when none is */
  hold(obj: KubeObject, deliver: () => void): boolean;
  /** newer is the object gitfed wrote when the cached copy is older, else the cached copy (dropping the memory) */
  newer(key: string, cached: KubeObject | undefined): KubeObject | undefined;
}

/** Held is what waits on a write under way: how many writes, and the events that came meanwhile. */
interface Held {
  writes: number;
  events: { obj: KubeObject; deliver: () => void }[];
}

/**
 * createOverlay: the answer of an apply is newer than the cache until the watch event of that write arrives.
 * Without it, the pass after an apply would see the old copy and check the object again. resourceVersions are
 * opaque by contract, but every etcd-backed server (and the simulator) gives integers; when either is not one,
 * nothing is overlaid and the cache's copy stands, which costs a check, never a wrong answer.
 * The watch event of a write often arrives before the write's answer; held until then, it is known for gitfed's
 * own and dropped, rather than taken for someone else's change and checked by another pass.
 */
export function createOverlay(): WriteOverlay {
  const written = new Map<string, { object: KubeObject; version: bigint }>();
  const underWay = new Map<string, Held>();
  const overlay: WriteOverlay = {
    writing(obj) {
      const key = objectKey(obj);
      const held = underWay.get(key) ?? { writes: 0, events: [] };
      held.writes++;
      underWay.set(key, held);
      let done = false;
      return (answer) => {
        if (done) return;
        done = true;
        if (answer) overlay.remember(answer);
        if (--held.writes > 0) return;
        underWay.delete(key);
        for (const e of held.events) if (!overlay.mine(e.obj) && !olderThanWritten(key, e.obj)) e.deliver();
      };
    },
    remember(obj) {
      const version = versionOf(obj);
      if (version !== undefined) written.set(objectKey(obj), { object: obj, version });
    },
    written: (key) => written.get(key)?.object,
    mine(obj) {
      const version = versionOf(obj);
      return version !== undefined && written.get(objectKey(obj))?.version === version;
    },
    hold(obj, deliver) {
      const held = underWay.get(objectKey(obj));
      if (!held) return false;
      held.events.push({ obj, deliver });
      return true;
    },
    newer(key, cached) {
      const mine = written.get(key);
      if (!mine) return cached;
      const theirs = cached ? versionOf(cached) : undefined;
      // the cache caught up (or went past: someone wrote after us), or cannot be compared: it stands
      if (theirs === undefined || theirs >= mine.version) {
        written.delete(key);
        return cached;
      }
      return mine.object;
    },
  };
  /** an event older than gitfed's write says nothing the write did not replace */
  const olderThanWritten = (key: string, obj: KubeObject): boolean => {
    const version = versionOf(obj);
    const mine = written.get(key)?.version;
    return version !== undefined && mine !== undefined && version < mine;
  };
  return overlay;
}

function versionOf(obj: KubeObject): bigint | undefined {
  const rv = obj.metadata.resourceVersion;
  return typeof rv === 'string' && /^[0-9]{1,30}$/.test(rv) ? BigInt(rv) : undefined;
}
