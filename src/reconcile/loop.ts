/** TriggerReason says what asked for a cycle. */
export type TriggerReason = 'start' | 'interval' | 'schedule' | 'webhook' | 'watch' | 'health' | 'ownership';

/** Loop runs one cycle at a time; triggers that arrive during a cycle coalesce into one next cycle. */
export interface Loop {
  /** trigger asks for a cycle (ignored once stopping) */
  trigger(reason: TriggerReason): void;
  /** running is true while a cycle runs */
  readonly running: boolean;
  /** idle resolves once no cycle runs and none is pending */
  idle(): Promise<void>;
  /**
   * stop refuses new triggers, drops pending ones, and waits for the current cycle up to `graceMs`;
   * resolves true when it finished in time.
   */
  stop(graceMs: number): Promise<boolean>;
}

/** createLoop runs `cycle` for triggers, single-flight; `cycle` gets every reason coalesced into it and must not throw. */
export function createLoop(cycle: (reasons: TriggerReason[]) => Promise<void>): Loop {
  let pending = new Set<TriggerReason>();
  let current: Promise<void> | undefined;
  let stopping = false;

  const drain = async (): Promise<void> => {
    while (pending.size > 0 && !stopping) {
      const reasons = [...pending];
      pending = new Set();
      await cycle(reasons);
    }
  };
  const start = (): void => {
    current ??= drain().finally(() => {
      current = undefined;
    });
  };

  return {
    trigger(reason) {
      if (stopping) return;
      pending.add(reason);
      start();
    },
    get running() {
      return current !== undefined;
    },
    async idle() {
      while (current) await current;
    },
    async stop(graceMs) {
      stopping = true;
      pending.clear();
      if (!current) return true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      });
      const finished = await Promise.race([current.then(() => true as const), timedOut]);
      clearTimeout(timer);
      return finished;
    },
  };
}
