/** Why a feasible cluster was left out by spread-constraint selection, in one line. */
import type { Cluster } from '../../model/cluster.js';
import type { Placement } from '../../model/policy.js';
import type { Candidate } from '../replicas/assign.js';

/** spreadReason explains the omission of `cluster` from the spread selection `selected`. */
export function spreadReason(placement: Placement, cluster: Cluster, selected: readonly Candidate[]): string {
  const constraints = placement.spreadConstraints ?? [];
  const region = constraints.findLast((sc) => sc.spreadByField === 'region');
  const byCluster = constraints.findLast((sc) => sc.spreadByField === 'cluster');
  if (region) {
    const chosen = [...new Set(selected.map((c) => c.cluster.region))].sort();
    if (!cluster.region || !chosen.includes(cluster.region)) {
      return `spread selection: spreadByField region chose ${chosen.join(', ') || 'no region'} (maxGroups ${region.maxGroups}), not ${cluster.region || 'a cluster without region'}`;
    }
    return `spread selection: its region ${cluster.region} was chosen, but cluster maxGroups ${byCluster?.maxGroups ?? 0} was reached by clusters with more available replicas`;
  }
  const max = byCluster?.maxGroups ?? 0;
  return `spread selection: spreadByField cluster keeps ${max} cluster(s) (maxGroups), most available replicas first, then name; it was not among them`;
}
