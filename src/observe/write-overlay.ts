import { objectKey } from '../kube/object-ref.js';
import type { KubeObject } from '../model/kube.js';

/** WriteOverlay holds what gitfed just wrote until the cache's watch catches up with it. */
export interface WriteOverlay {
  remember(obj: KubeObject): void;
  /** mine tells whether a watched object is exactly the version gitfed wrote (its own write coming back) */
  mine(obj: KubeObject): boolean;
  /** newer is the object gitfed wrote when the cached copy is older, else the cached copy (dropping the memory) */
  newer(key: string, cached: KubeObject | undefined): KubeObject | undefined;
}

/**
 * createOverlay: the answer of an apply is newer than the cache until the watch event of that write arrives.
 * Without it, the pass after an apply would see the old copy and check the object again. resourceVersions are
 * opaque by contract, but every etcd-backed server (and the simulator) gives integers; when either is not one,
 * nothing is overlaid and the cache's copy stands, which costs a check, never a wrong answer.
 */
export function createOverlay(): WriteOverlay {
  const written = new Map<string, { object: KubeObject; version: bigint }>();
  return {
    remember(obj) {
      const version = versionOf(obj);
      if (version !== undefined) written.set(objectKey(obj), { object: obj, version });
    },
    mine(obj) {
      const version = versionOf(obj);
      return version !== undefined && written.get(objectKey(obj))?.version === version;
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
}

function versionOf(obj: KubeObject): bigint | undefined {
  const rv = obj.metadata.resourceVersion;
  return typeof rv === 'string' && /^[0-9]{1,30}$/.test(rv) ? BigInt(rv) : undefined;
}
