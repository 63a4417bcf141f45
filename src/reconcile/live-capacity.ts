/**
 * The running reconciler's figures of each member's free capacity, read from its Node and Pod caches. Only
 * clusters whose caches were opened are measured; the others keep the repository's figure.
 */
import { summarize } from '../apply/capacity.js';
import type { Catalog } from '../model/catalog.js';
import type { Cluster, ResourceSummary } from '../model/cluster.js';
import type { ClusterObserver } from '../observe/cluster-observer.js';
import { capacityMatters } from '../render/index.js';

/** LiveCapacity keeps, per cluster, the last free capacity its caches could say. */
export interface LiveCapacity {
  readonly figures: ReadonlyMap<string, ResourceSummary>;
  /** unseen: the catalog's clusters whose caches are not open yet, when its policies read capacity at all */
  unseen(catalog: Catalog): Cluster[];
  /** open starts the clusters' Node and Pod caches, waits for their lists and takes their figures */
  open(clusters: readonly Cluster[]): Promise<void>;
  /** take reads the figures of open caches now; a cluster whose caches cannot say keeps its last figure */
  take(clusters: readonly Cluster[]): void;
  forget(cluster: string): void;
}

/** createLiveCapacity reads through observerOf, which opens a cluster's observer when it has none. */
export function createLiveCapacity(observerOf: (c: Cluster) => ClusterObserver): LiveCapacity {
  const figures = new Map<string, ResourceSummary>();
  const measured = new Set<string>();
  const take = (clusters: readonly Cluster[]): void => {
    for (const c of clusters) {
      const objects = observerOf(c).capacityObjects();
      if (objects) figures.set(c.name, summarize(objects.nodes, objects.pods));
    }
  };
  return {
    figures,
    unseen: (catalog) => (capacityMatters(catalog) ? catalog.clusters.filter((c) => !measured.has(c.name)) : []),
    async open(clusters) {
      await Promise.all(clusters.map((c) => observerOf(c).watchCapacity()));
      for (const c of clusters) measured.add(c.name);
      take(clusters);
    },
    take,
    forget(cluster) {
      figures.delete(cluster);
      measured.delete(cluster);
    },
  };
}
