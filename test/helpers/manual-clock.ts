/** ManualClock is a wall clock whose timers fire only when the test advances it. */
export interface ManualClock {
  now(): number;
  timer(ms: number, fn: () => void): () => void;
  /** track: a promise a timer started (a probe); advance waits for it before the next timer */
  track<T>(p: Promise<T>): Promise<T>;
  /** advance moves time by ms, firing each due timer in order and settling after each */
  advance(ms: number, settle: () => Promise<void>): Promise<void>;
}

/** manualClock starts at t0 (ms since the epoch). */
export function manualClock(t0: number): ManualClock {
  let now = t0;
  let timers: { at: number; fn: () => void }[] = [];
  const inflight = new Set<Promise<unknown>>();
  return {
    now: () => now,
    timer: (ms, fn) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return () => void (timers = timers.filter((x) => x !== t));
    },
    track(p) {
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return p;
    },
    async advance(ms, settle) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        while (inflight.size > 0) await Promise.all([...inflight]);
        await settle();
      }
      now = end;
    },
  };
}
