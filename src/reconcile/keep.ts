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
  for (const b of plan.bindings) {
    const unscheduled = b.clusters.length === 0 && b.reason !== undefined;
    const listed = b.clusters.some((c) => c.name === cluster);
    const untouched = (b.notReady?.includes(cluster) ?? false) || (b.overrideFailed?.includes(cluster) ?? false);
    if (unscheduled || untouched || (listed && !present.has(b.resource))) keep.add(b.resource);
  }
  return [...keep].sort();
}
