import type { Catalog } from '../model/catalog.js';
import { strategyOf } from './replicas/strategies.js';

/**
 * capacityMatters tells whether a cluster's free capacity can change this catalog's placement: only dynamic
 * weights, Aggregated division and spread constraints (whose candidate order sorts by available replicas) read
 * it. Duplicated and static weights never do, nor do KubeFed and Federation v1 placements: a reconciler need
 * not watch every Node and Pod of a fleet whose policies do not ask.
 */
export function capacityMatters(catalog: Pick<Catalog, 'propagationPolicies'>): boolean {
  return catalog.propagationPolicies.some((p) => {
    const strategy = strategyOf(p.placement.replicaScheduling);
    return strategy === 'DynamicWeight' || strategy === 'Aggregated' || (p.placement.spreadConstraints?.length ?? 0) > 0;
  });
}
