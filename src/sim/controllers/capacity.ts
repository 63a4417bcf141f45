import type { JsonValue, KubeObject } from '../../model/kube.js';
import { addAmounts, amountsOf, field, podRequests, type ResourceAmounts } from './resources.js';

/** WorkloadDemand is `replicas` pods that each request `requests`. */
export interface WorkloadDemand {
  requests: ResourceAmounts;
  replicas: number;
}

/** isSchedulable is false for a cordoned node (`spec.unschedulable`) or one whose Ready condition is not True. */
export function isSchedulable(node: KubeObject): boolean {
  if (field(node, 'spec', 'unschedulable') === true) return false;
  const conditions = field(node, 'status', 'conditions');
  const ready = Array.isArray(conditions) ? conditions.find((c) => field(c, 'type') === 'Ready') : undefined;
  return ready === undefined || field(ready, 'status') === 'True';
}

/** allocatableOf is a node's status.allocatable as amounts. */
export function allocatableOf(node: KubeObject): ResourceAmounts {
  return amountsOf(field(node, 'status', 'allocatable') as Record<string, JsonValue> | undefined);
}

function replicasField(obj: KubeObject, fallback: number): number {
  const v = field(obj, 'spec', 'replicas');
  return typeof v === 'number' && v >= 0 ? v : fallback;
}

/** desiredReplicas is how many pods a workload asks for: spec.replicas (default 1), one per node for a DaemonSet, parallelism for a Job. */
export function desiredReplicas(obj: KubeObject, nodeCount: number): number {
  if (obj.kind === 'DaemonSet') return nodeCount;
  if (obj.kind === 'Job') {
    const parallelism = field(obj, 'spec', 'parallelism');
    const completions = field(obj, 'spec', 'completions');
    const p = typeof parallelism === 'number' ? parallelism : 1;
    return typeof completions === 'number' ? Math.min(p, completions) : p;
  }
  return replicasField(obj, 1);
}

/** demandOf is a workload's pods: its pod template's requests times `replicas` (default: desiredReplicas). */
export function demandOf(obj: KubeObject, replicas?: number, nodeCount = 1): WorkloadDemand {
  return { requests: podRequests(field(obj, 'spec', 'template', 'spec')), replicas: replicas ?? desiredReplicas(obj, nodeCount) };
}

/**
 * freeCapacity is the nodes' allocatable minus the requests of the scheduled replicas (cpu in millicores, the rest
 * in units, `pods` counting pod slots). Pass only scheduled replicas: demand beyond the nodes makes it negative.
 */
export function freeCapacity(nodes: readonly KubeObject[], workloads: readonly WorkloadDemand[]): ResourceAmounts {
  let free: ResourceAmounts = {};
  for (const node of nodes) free = addAmounts(free, allocatableOf(node));
  for (const w of workloads) free = addAmounts(free, w.requests, -w.replicas);
  return free;
}
