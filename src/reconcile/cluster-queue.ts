/** ClusterQueue holds each cluster's next piece of work and runs it: one at a time per cluster, a bounded number overall. */
export interface ClusterQueue<T> {
  /** submit puts `item` next for `cluster`, in place of what was waiting there (a newer commit supersedes it) */
  submit(cluster: string, item: T): void;
  /** depth is 0 idle, 1 running or waiting, 2 running with one waiting */
  depth(cluster: string): number;
  /** idle resolves once nothing runs or waits anywhere */
  idle(): Promise<void>;
  /** stop drops what waits and resolves true when what runs finished within `graceMs` */
  stop(graceMs: number, timer?: (ms: number) => Promise<void>): Promise<boolean>;
}

/** QueueHooks let the reconciler count depth and replaced work. */
export interface QueueHooks<T> {
  onDepth?(cluster: string, depth: number): void;
  /** an item that waited and was replaced before it ran */
  onSuperseded?(cluster: string, item: T): void;
}

interface Lane<T> {
  waiting?: T;
  running: boolean;
}

/**
 * createClusterQueue runs `work` per cluster so that a slow or unreachable cluster delays only itself: each
 * cluster has one slot waiting and at most one item running; at most `concurrency` clusters run at once, the
 * others wait their turn in arrival order. `work` must not throw.
 */
export function createClusterQueue<T>(concurrency: number, work: (cluster: string, item: T) => Promise<void>, hooks: QueueHooks<T> = {}): ClusterQueue<T> {
  const lanes = new Map<string, Lane<T>>();
  const ready: string[] = [];
  let active = 0;
  let stopping = false;
  let idlers: (() => void)[] = [];
  const depthOf = (lane: Lane<T> | undefined): number => (lane ? Number(lane.running) + Number(lane.waiting !== undefined) : 0);
  const tell = (cluster: string): void => hooks.onDepth?.(cluster, depthOf(lanes.get(cluster)));
  const settle = (): void => {
    if (active > 0 || ready.length > 0) return;
    for (const resolve of idlers) resolve();
    idlers = [];
  };
  const pump = (): void => {
    while (!stopping && active < concurrency && ready.length > 0) {
      const cluster = ready.shift() as string;
      const lane = lanes.get(cluster) as Lane<T>;
      const item = lane.waiting as T;
      delete lane.waiting;
      lane.running = true;
      active++;
      void work(cluster, item).finally(() => {
        lane.running = false;
        active--;
        // what arrived while this ran goes to the back of the line: the other clusters had their turn first
        if (lane.waiting !== undefined && !stopping) ready.push(cluster);
        tell(cluster);
        pump();
        settle();
      });
    }
    settle();
  };
  return {
    submit(cluster, item) {
      if (stopping) return;
      const lane = lanes.get(cluster) ?? { running: false };
      lanes.set(cluster, lane);
      if (lane.waiting !== undefined) hooks.onSuperseded?.(cluster, lane.waiting);
      else if (!lane.running) ready.push(cluster);
      lane.waiting = item;
      tell(cluster);
      pump();
    },
    depth: (cluster) => depthOf(lanes.get(cluster)),
    idle: () => (active === 0 && ready.length === 0 ? Promise.resolve() : new Promise((resolve) => idlers.push(resolve))),
    async stop(graceMs, timer = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref())) {
      stopping = true;
      ready.length = 0;
      for (const lane of lanes.values()) delete lane.waiting;
      settle();
      if (active === 0) return true;
      const done = new Promise<true>((resolve) => idlers.push(() => resolve(true)));
      return Promise.race([done, timer(graceMs).then(() => false as const)]);
    },
  };
}
