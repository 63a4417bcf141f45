/** ControllerSpec is what the in-process controllers need to know about one simulated cluster. */
export interface ControllerSpec {
  name: string;
  /** `topology.kubernetes.io/region` of every node */
  region?: string;
  /** zones assigned round-robin to the nodes (`topology.kubernetes.io/zone`) */
  zones?: readonly string[];
  /** declared allocatable of the whole cluster (a Cluster's status.resourceSummary.allocatable); default DEFAULT_CAPACITY */
  capacity?: Readonly<Record<string, string | number>>;
  /** declared allocated of the whole cluster (status.resourceSummary.allocated), held by running system pods */
  allocated?: Readonly<Record<string, string | number>>;
  /** milliseconds before a workload's status follows its spec; default 100; 0 = on the next turn of the event loop */
  statusDelayMs?: number;
  /** how a workload's status waits its delay (default: timers); tests pass one they drive to step a rollout */
  schedule?: StatusSchedule;
}

/** StatusSchedule runs a workload's status update after delayMs; returns the cancel. */
export type StatusSchedule = (run: () => void, delayMs: number) => () => void;
