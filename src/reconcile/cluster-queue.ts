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
 * Work runs one item; calling `release` gives its place among the `concurrency` back while it goes on running:
 * a pass that only waits on a slow or unreachable cluster must not hold back the others.
 */
export type Work<T> = (cluster: string, item: T, release: () => void) => Promise<void>;

/**
 * createClusterQueue runs `work` per cluster so that a slow or unreachable cluster delays only itself: each
 * cluster has one slot waiting and at most one item running; at most `concurrency` clusters run at once (not
 * counting released ones), the others wait their turn in arrival order. `work` must not throw.
 */
export function createClusterQueue<T>(concurrency: number, work: Work<T>, hooks: QueueHooks<T> = {}): ClusterQueue<T> {
  return new Pool(concurrency, work, hooks);
}

class Pool<T> implements ClusterQueue<T> {
  private readonly lanes = new Map<string, Lane<T>>();
  private readonly ready: string[] = [];
  /** runs that hold a place in the pool */
  private active = 0;
  /** every run, released ones too */
  private running = 0;
  private stopping = false;
  private idlers: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly work: Work<T>;
  private readonly hooks: QueueHooks<T>;

  constructor(concurrency: number, work: Work<T>, hooks: QueueHooks<T>) {
    this.concurrency = concurrency;
    this.work = work;
    this.hooks = hooks;
  }

  submit(cluster: string, item: T): void {
    if (this.stopping) return;
    const lane = this.lanes.get(cluster) ?? { running: false };
    this.lanes.set(cluster, lane);
    if (lane.waiting !== undefined) this.hooks.onSuperseded?.(cluster, lane.waiting);
    else if (!lane.running) this.ready.push(cluster);
    lane.waiting = item;
    this.tell(cluster);
    this.pump();
  }

  depth(cluster: string): number {
    const lane = this.lanes.get(cluster);
    return lane ? Number(lane.running) + Number(lane.waiting !== undefined) : 0;
  }

  idle(): Promise<void> {
    return this.running === 0 && this.ready.length === 0 ? Promise.resolve() : new Promise((resolve) => this.idlers.push(resolve));
  }

  async stop(graceMs: number, timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())): Promise<boolean> {
    this.stopping = true;
    this.ready.length = 0;
    for (const lane of this.lanes.values()) delete lane.waiting;
    this.settle();
    if (this.running === 0) return true;
    const done = new Promise<true>((resolve) => this.idlers.push(() => resolve(true)));
    return Promise.race([done, timer(graceMs).then(() => false as const)]);
  }

  private tell(cluster: string): void {
    this.hooks.onDepth?.(cluster, this.depth(cluster));
  }

  private settle(): void {
    if (this.running > 0 || this.ready.length > 0) return;
    for (const resolve of this.idlers) resolve();
    this.idlers = [];
  }

  private pump(): void {
    while (!this.stopping && this.active < this.concurrency && this.ready.length > 0) this.start(this.ready.shift() as string);
    this.settle();
  }

  private start(cluster: string): void {
    const lane = this.lanes.get(cluster) as Lane<T>;
    const item = lane.waiting as T;
    delete lane.waiting;
    lane.running = true;
    this.active++;
    this.running++;
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      this.active--;
      this.pump();
    };
    void this.work(cluster, item, release).finally(() => {
      lane.running = false;
      this.running--;
      if (held) this.active--;
      held = false;
      // what arrived while this ran goes to the back of the line: the other clusters had their turn first
      if (lane.waiting !== undefined && !this.stopping) this.ready.push(cluster);
      this.tell(cluster);
      this.pump();
    });
  }
}
