import type { ClusterChangeSet } from '../model/change-set.js';
import { compareStrings } from '../kube/compare-strings.js';

/** Wave is one dispatch of a rendered commit to every cluster; it ends when each ran it or a later dispatch. */
export interface Wave {
  done(cluster: string, wave: number, result: ClusterChangeSet): void;
}

/** startWave calls `finished` once with every cluster's result (sorted by cluster) when the last one reports. */
export function startWave(id: number, clusters: readonly string[], finished: (results: ClusterChangeSet[]) => void): Wave {
  const waiting = new Set(clusters);
  const results = new Map<string, ClusterChangeSet>();
  let told = false;
  const check = (): void => {
    if (told || waiting.size > 0) return;
    told = true;
    finished([...results.values()].sort((a, b) => compareStrings(a.cluster, b.cluster)));
  };
  queueMicrotask(check);
  return {
    done(cluster, wave, result) {
      if (wave < id || !waiting.has(cluster)) return;
      waiting.delete(cluster);
      results.set(cluster, result);
      check();
    },
  };
}
