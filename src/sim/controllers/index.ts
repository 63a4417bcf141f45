import type { KubeObject } from '../../model/kube.js';
import type { ClusterApi } from '../types.js';
import { allocatableOf, freeCapacity, type WorkloadDemand } from './capacity.js';
import { createNodes } from './nodes.js';
import { createSystemPods, heldByNode } from './system-pods.js';
import { addAmounts, type ResourceAmounts, toResourceList } from './resources.js';
import type { ControllerSpec } from './spec.js';
import { isWorkloadPod } from './workload-pods.js';
import { startWorkloadController, type WorkloadController } from './workload-controller.js';

export { freeCapacity, demandOf, type WorkloadDemand } from './capacity.js';
export { planNodes, DEFAULT_CAPACITY, MAX_NODE_CPU_MILLI } from './nodes.js';
export { podRequests, toResourceList, type ResourceAmounts } from './resources.js';
export type { ControllerSpec, StatusSchedule } from './spec.js';

/** DEFAULT_STATUS_DELAY_MS is how long a workload's pods take to become ready when the spec does not say. */
export const DEFAULT_STATUS_DELAY_MS = 100;

/** CapacityReport is a cluster's capacity as a real one would show it: nodes' allocatable and what scheduled pods request. */
export interface CapacityReport {
  allocatable: Record<string, string>;
  requested: Record<string, string>;
  free: Record<string, string>;
  /** pods that did not fit on any node (Pending) */
  pendingPods: number;
}

// the running controllers of each cluster, so that clusterCapacity needs nothing but the ClusterApi
const running = new WeakMap<ClusterApi, WorkloadController>();

/** startControllers creates the cluster's Nodes and runs its workload controllers; call the result to stop them. */
export function startControllers(api: ClusterApi, spec: ControllerSpec): () => void {
  running.get(api)?.stop();
  createNodes(api, spec);
  const nodesRt = api.resolve('', 'v1', 'nodes');
  if (nodesRt) createSystemPods(api, spec, api.list(nodesRt, undefined, {}).items);
  const controller = startWorkloadController(api, spec.statusDelayMs ?? DEFAULT_STATUS_DELAY_MS, spec.schedule);
  running.set(api, controller);
  return () => {
    controller.stop();
    if (running.get(api) === controller) running.delete(api);
  };
}

/** systemDemands are the pods that hold the cluster's declared allocation, as demands of one replica each (the workloads' pods are the scheduler's demands). */
function systemDemands(api: ClusterApi): WorkloadDemand[] {
  const rt = api.resolve('', 'v1', 'pods');
  return [...heldByNode(rt ? api.list(rt, undefined, {}).items.filter((p) => !isWorkloadPod(p)) : []).values()].map((requests) => ({ requests, replicas: 1 }));
}

/** clusterCapacity reports the free capacity of a cluster whose controllers run (undefined otherwise). */
export function clusterCapacity(api: ClusterApi): CapacityReport | undefined {
  const controller = running.get(api);
  const rt = api.resolve('', 'v1', 'nodes');
  if (!controller || !rt) return undefined;
  const nodes: KubeObject[] = api.list(rt, undefined, {}).items;
  const scheduler = controller.scheduler();
  const demands = scheduler.demands();
  const allocatable = nodes.reduce<ResourceAmounts>((sum, n) => addAmounts(sum, allocatableOf(n)), {});
  const requested = demands.reduce<ResourceAmounts>((sum, d) => addAmounts(sum, d.requests, d.replicas), {});
  return {
    allocatable: toResourceList(allocatable),
    requested: toResourceList(requested),
    free: toResourceList(freeCapacity(nodes, [...demands, ...systemDemands(api)])),
    pendingPods: scheduler.pendingPods(),
  };
}
