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

/** Estimator is estimateAvailableReplicas, possibly remembering its answers. */
export type Estimator = (cluster: Cluster, req: ReplicaRequirements | undefined) => number;

/**
 * memoEstimator remembers estimateAvailableReplicas per cluster object and per resource request: one render asks
 * it for every template × cluster, while the templates of a fleet request few distinct amounts. The clusters must
 * not change while it is in use (one render holds one).
 */
export function memoEstimator(): Estimator {
  const byCluster = new Map<Cluster, Map<string, number>>();
  const keys = new WeakMap<ReplicaRequirements, string>();
  return (cluster, req) => {
    let key = req === undefined ? '' : keys.get(req);
    // the estimate reads resourceRequest alone; JSON keeps resource names apart whatever they contain
    if (key === undefined && req !== undefined) keys.set(req, (key = JSON.stringify(Object.entries(req.resourceRequest))));
    let known = byCluster.get(cluster);
    if (!known) byCluster.set(cluster, (known = new Map()));
    let estimate = known.get(key as string);
    if (estimate === undefined) known.set(key as string, (estimate = estimateAvailableReplicas(cluster, req)));
    return estimate;
  };
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
