/**
 * The write gate: every client of a member cluster a replica hands out goes through it. A write (apply, delete)
 * starts only while this replica owns the cluster, and the gate counts the writes running, so a cluster is
 * given up (its holds dropped) only once the last of them ended. Reads pass: they change nothing.
 */
import type { WatchingClient } from '../../kube/cluster-client.js';
import { GitfedError } from '../../model/errors.js';

/** WriteGate wraps clients and says which clusters have a write running. */
export interface WriteGate {
  wrap(client: WatchingClient): WatchingClient;
  busy(cluster: string): boolean;
}

/** createWriteGate lets writes through while owns(cluster) says so. */
export function createWriteGate(owns: (cluster: string) => boolean, identity: string): WriteGate {
  const running = new Map<string, number>();
  const guarded = async <T>(cluster: string, write: () => Promise<T>): Promise<T> => {
    if (!owns(cluster)) throw new GitfedError('OwnerConflict', cluster, `replica ${identity} does not own this cluster now: another replica reconciles it`);
    running.set(cluster, (running.get(cluster) ?? 0) + 1);
    try {
      return await write();
    } finally {
      const left = (running.get(cluster) ?? 1) - 1;
      if (left === 0) running.delete(cluster);
      else running.set(cluster, left);
    }
  };
  return {
    busy: (cluster) => running.has(cluster),
    wrap: (client) => ({
      cluster: client.cluster,
      get: (ref) => client.get(ref),
      list: (apiVersion, kind, o) => client.list(apiVersion, kind, o),
      listVersioned: (apiVersion, kind, o) => client.listVersioned(apiVersion, kind, o),
      watch: (apiVersion, kind, o, onEvent) => client.watch(apiVersion, kind, o, onEvent),
      apply: (obj, o) => (o.dryRun ? client.apply(obj, o) : guarded(client.cluster, () => client.apply(obj, o))),
      delete: (ref) => guarded(client.cluster, () => client.delete(ref)),
    }),
  };
}
