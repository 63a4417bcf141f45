/** The series of several replicas: which clusters this replica owns, whether it coordinates, hand-overs. */
import { Counter, Gauge, type Registry } from 'prom-client';

/** LeaseMetrics records what the replica's coordinator decides. */
export interface LeaseMetrics {
  /** owned sets gitfed_cluster_owned{cluster,replica} (1 for each cluster this replica owns) and the count */
  owned(replica: string, clusters: readonly string[]): void;
  /** handover counts clusters gained and lost */
  handover(direction: 'gained' | 'lost', clusters: number): void;
  leading(replica: string, leading: boolean): void;
}

/** createLeaseMetrics registers the series on the reconciler's registry. */
export function createLeaseMetrics(registry: Registry): LeaseMetrics {
  const registers = [registry];
  const owned = new Gauge({ name: 'gitfed_cluster_owned', help: 'Member clusters this replica reconciles now (value 1)', labelNames: ['cluster', 'replica'], registers });
  const count = new Gauge({ name: 'gitfed_replica_owned_clusters', help: 'How many member clusters this replica reconciles now', labelNames: ['replica'], registers });
  const leader = new Gauge({ name: 'gitfed_replica_leading', help: '1 while this replica holds the fleet Lease and assigns the clusters', labelNames: ['replica'], registers });
  const handovers = new Counter({ name: 'gitfed_cluster_handovers_total', help: 'Member clusters this replica gained or lost', labelNames: ['direction'], registers });
  return {
    owned(replica, clusters) {
      owned.reset();
      for (const cluster of clusters) owned.set({ cluster, replica }, 1);
      count.set({ replica }, clusters.length);
    },
    handover: (direction, n) => handovers.inc({ direction }, n),
    leading: (replica, is) => leader.set({ replica }, is ? 1 : 0),
  };
}
