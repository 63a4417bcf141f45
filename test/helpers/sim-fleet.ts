import { startControllers } from '../../src/sim/controllers/index.js';
import { startFleet, type Fleet, type FleetOptions } from '../../src/sim/fleet.js';

/** startWorkloadFleet starts simulated clusters with Nodes and workload controllers that set status at once. */
export function startWorkloadFleet(names: readonly string[], opts: Omit<FleetOptions, 'onClusterStarted'> = {}): Promise<Fleet> {
  return startFleet(names.map((name) => ({ name })), { ...opts, onClusterStarted: (c, spec) => startControllers(c.api, { name: spec.name, statusDelayMs: 0 }) });
}
