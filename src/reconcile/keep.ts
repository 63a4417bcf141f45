import type { Plan } from '../model/plan.js';
import { objectKey } from '../kube/object-ref.js';

/**
 * keepKeys lists the objects a cluster must keep although its plan lacks them: render dropped them there
 * (an override failed), the policy suspends dispatching there, KubeFed skips the cluster as not ready, or the
 * template could not be scheduled at all this time (Karmada keeps the previous placement on a FitError; pruning
 * would delete a running workload).
 */
export function keepKeys(plan: Plan, cluster: string): string[] {
  const present = new Set((plan.clusters[cluster] ?? []).map((o) => objectKey(o)));
  const keep = new Set<string>();
  const placed = placedOn(plan);
  for (const b of plan.bindings) {
    const unscheduled = b.clusters.length === 0 && b.reason !== undefined;
    const listed = placed.get(b)?.has(cluster) ?? false;
    const untouched = (b.notReady?.includes(cluster) ?? false) || (b.overrideFailed?.includes(cluster) ?? false);
    if (unscheduled || untouched || (listed && !present.has(b.resource))) keep.add(b.resource);
  }
  return [...keep].sort();
}

// asked once per cluster of the same plan: each binding's clusters as a set, once per plan, not a scan per cluster
const placedByPlan = new WeakMap<Plan, Map<Plan['bindings'][number], Set<string>>>();

function placedOn(plan: Plan): Map<Plan['bindings'][number], Set<string>> {
  let placed = placedByPlan.get(plan);
  if (!placed) {
    placed = new Map(plan.bindings.map((b) => [b, new Set(b.clusters.map((c) => c.name))]));
    placedByPlan.set(plan, placed);
  }
  return placed;
}
