import { startControllers } from '../../src/sim/controllers/index.js';
import { startFleet, type ClusterSpec, type Fleet } from '../../src/sim/fleet.js';

/** startCapacityFleet starts simulated clusters whose Nodes hold the declared capacity, with workload status at once. */
export function startCapacityFleet(specs: ClusterSpec[]): Promise<Fleet> {
  return startFleet(specs, { onClusterStarted: (c, spec) => startControllers(c.api, { name: spec.name, statusDelayMs: 0, ...(spec.capacity ? { capacity: spec.capacity } : {}) }) });
}

/** pullClusters is the YAML of Karmada Clusters, the ones named in `pull` with spec.syncMode: Pull. */
export function pullClusters(names: readonly string[], pull: readonly string[]): string {
  return names.map((name) => `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: ${name}}
spec: {syncMode: ${pull.includes(name) ? 'Pull' : 'Push'}}
`).join('---\n');
}
