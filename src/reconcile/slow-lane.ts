import { sleep } from '../kube/concurrency.js';
import type { Sleeper } from '../kube/retry.js';
import type { ClusterChangeSet } from '../model/change-set.js';

/** SlowLane keeps clusters that wait on the network from holding the places of the pool. */
export interface SlowLane {
  /** run runs a pass, giving its place back at once for a cluster known slow, else once the pass turns out slow */
  run(cluster: string, release: () => void, pass: () => Promise<ClusterChangeSet>): Promise<ClusterChangeSet>;
  forget(cluster: string): void;
}

const PASS_ENDED = 'pass ended';

/**
 * createSlowLane: a pass still running after `afterMs` gives its place to the next cluster, and that cluster's next
 * passes start outside the pool until one ends in time and reaches the cluster. A slow or unreachable cluster
 * waits on the network, not on the CPU the pool protects, so it should not make the other clusters wait.
 */
export function createSlowLane(afterMs: number, sleeper: Sleeper = sleep): SlowLane {
  const slow = new Set<string>();
  return {
    async run(cluster, release, pass) {
      if (slow.has(cluster)) release();
      let late = false;
      const done = new AbortController();
      void sleeper(afterMs, done.signal).then(() => {
        late = true;
        release();
      }, () => undefined);
      try {
        const result = await pass();
        if (late || result.error?.code === 'ClusterUnreachable') slow.add(cluster);
        else slow.delete(cluster);
        return result;
      } finally {
        // a reason of our own: abort() without one builds a DOMException with a stack, once per pass
        done.abort(PASS_ENDED);
      }
    },
    forget: (cluster) => void slow.delete(cluster),
  };
}
