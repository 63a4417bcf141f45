import type { Template } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { TargetCluster } from '../../model/plan.js';
import { objectSubject } from '../../kube/object-ref.js';
import { availableReplicas } from './candidates.js';
import type { Estimator } from '../replicas/estimator.js';
import { replicaRequirements, templateReplicas } from '../replicas/requirements.js';

/** OvercommitInput is one template's placement and what the scheduler knew of the clusters. */
export interface OvercommitInput {
  template: Template;
  targets: readonly TargetCluster[];
  clusters: ReadonlyMap<string, Cluster>;
  estimate: Estimator;
  /** the replicas the template held per cluster before this render: their pods already use the capacity */
  previous?: ReadonlyMap<string, number>;
}

/**
 * overcommitWarnings names every cluster given more replicas of the template than its known capacity holds (the
 * general estimator over the capacity render has, plus the replicas already there). Static weights and Duplicated
 * never check capacity, and failover renormalising them can pile a failed cluster's share onto the survivors:
 * Karmada places them anyway, so does gitfed, but it says so. A cluster without a resourceSummary has no known
 * capacity and is not judged.
 */
export function overcommitWarnings(input: OvercommitInput): Diagnostic[] {
  const replicas = templateReplicas(input.template.object);
  if (replicas === 0) return [];
  const requirements = replicaRequirements(input.template.object);
  const out: Diagnostic[] = [];
  for (const target of input.targets) {
    const cluster = input.clusters.get(target.name);
    if (!cluster?.resourceSummary || target.replicas === undefined) continue;
    const room = availableReplicas(cluster, replicas, requirements, input.estimate) + (input.previous?.get(target.name) ?? 0);
    if (target.replicas <= room) continue;
    out.push({
      severity: 'warning', ...input.template.source, code: 'Overcommitted', cluster: target.name,
      message: `${objectSubject(input.template.object)}: ${target.replicas} replicas placed on ${target.name}, whose free capacity holds ${room}: ` +
        'overcommitted (this placement does not check capacity); the replicas that do not fit stay Pending there',
    });
  }
  return out;
}
