import { startControllers, type ControllerSpec, type StatusSchedule } from '../../src/sim/controllers/index.js';
import { startFleet, type Fleet, type FleetOptions } from '../../src/sim/fleet.js';

/** WorkloadFleetOptions: per cluster, controller settings other than the default status delay of 0. */
export interface WorkloadFleetOptions extends Omit<FleetOptions, 'onClusterStarted'> {
  controllers?: Record<string, Partial<ControllerSpec>>;
}

/** startWorkloadFleet starts simulated clusters with Nodes and workload controllers that set status at once (unless told otherwise per cluster). */
export function startWorkloadFleet(names: readonly string[], opts: WorkloadFleetOptions = {}): Promise<Fleet> {
  const { controllers, ...rest } = opts;
  return startFleet(names.map((name) => ({ name })), {
    ...rest,
    onClusterStarted: (c, spec) => startControllers(c.api, { name: spec.name, statusDelayMs: 0, ...controllers?.[spec.name] }),
  });
}

/** ManualSchedule holds a simulated cluster's status updates until the test releases them: a rollout in steps, no timer. */
export interface ManualSchedule {
  schedule: StatusSchedule;
  /** how many updates wait */
  pending(): number;
  /** release runs every update waiting now (not the ones they queue) */
  release(): void;
}

/** manualSchedule makes a ManualSchedule; pass `schedule` as a cluster's controller setting. */
export function manualSchedule(): ManualSchedule {
  const waiting = new Set<() => void>();
  return {
    schedule: (run) => {
      const entry = (): void => run();
      waiting.add(entry);
      return () => void waiting.delete(entry);
    },
    pending: () => waiting.size,
    release() {
      const now = [...waiting];
      waiting.clear();
      for (const run of now) run();
    },
  };
}
