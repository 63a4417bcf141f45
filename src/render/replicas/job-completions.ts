import type { TargetCluster } from '../../model/plan.js';
import { websterAllocate } from './webster.js';

/**
 * divideJobCompletions re-splits a Divided Job's `spec.completions` over its targets by Webster, weighted by the
 * replicas each target was assigned (binding/common.go:divideReplicasByJobCompletions). Every target is in the
 * map, possibly with 0; the map is empty when no target holds a replica (Karmada's dispenser then does nothing).
 */
export function divideJobCompletions(completions: number, targets: readonly TargetCluster[]): Map<string, number> {
  const parties = targets.map((t) => ({ name: t.name, weight: t.replicas ?? 0 }));
  if (parties.every((p) => p.weight <= 0)) return new Map();
  return websterAllocate(parties, completions);
}
