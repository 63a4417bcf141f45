import type { Cluster, ResourceList, ResourceSummary } from '../../model/cluster.js';
import { remainingAmount, toUnits } from '../../kube/quantity.js';
import type { ReplicaRequirements } from './requirements.js';

/**
 * estimateAvailableReplicas is Karmada's general estimator for one cluster (§4.4): allowed pods, lowered by every
 * positive resource request. The resource-model path (`allocatableModelings`) is not emulated.
 */
export function estimateAvailableReplicas(cluster: Cluster, req: ReplicaRequirements | undefined): number {
  const summary = cluster.resourceSummary;
  if (!summary) return 0;
  const allowedPods = allowedPodNumber(summary);
  if (allowedPods <= 0) return 0;
  if (!req) return allowedPods;
  return Math.min(allowedPods, boundByResources(summary, req));
}

/** allowedPodNumber rounds each pods entry on its own (Quantity.Value), missing entries count as 0. */
function allowedPodNumber(summary: ResourceSummary): number {
  const pods = (list: ResourceList | undefined): number => {
    const q = list?.pods;
    return q === undefined ? 0 : toUnits(q);
  };
  const allowed = pods(summary.allocatable) - pods(summary.allocated) - pods(summary.allocating);
  // too many allocating pods can drive this negative: no more pods then
  return Math.max(allowed, 0);
}

/** boundByResources is getMaximumReplicasBasedOnClusterSummary; Infinity when nothing positive is requested. */
function boundByResources(summary: ResourceSummary, req: ReplicaRequirements): number {
  let bound = Infinity;
  for (const [name, request] of Object.entries(req.resourceRequest)) {
    if (request <= 0) continue;
    const allocatable = summary.allocatable?.[name];
    if (allocatable === undefined) return 0;
    // exact subtraction first, then one round-up: Quantity.Sub then Value()/MilliValue()
    const available = remainingAmount(name, allocatable, [summary.allocated?.[name], summary.allocating?.[name]]);
    if (available <= 0) return 0;
    bound = Math.min(bound, Math.floor(available / request));
  }
  return bound;
}
