/** FakeClock is a clock that moves only when told: budgets and latencies of a test run on it, never on the wall clock. */
export interface FakeClock {
  now(): number;
  /** advance moves the clock forward and aborts every timeout signal that is due */
  advance(ms: number): void;
  /** timeout is AbortSignal.timeout on this clock: it aborts with a TimeoutError once `ms` have passed */
  timeout(ms: number): AbortSignal;
}

/** fakeClock starts a FakeClock at `start` ms. */
export function fakeClock(start = 0): FakeClock {
  let now = start;
  const due = new Set<{ at: number; ctrl: AbortController }>();
  return {
    now: () => now,
    advance(ms) {
      now += ms;
      for (const d of [...due]) {
        if (d.at > now) continue;
        due.delete(d);
        d.ctrl.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }
    },
    timeout(ms) {
      const ctrl = new AbortController();
      due.add({ at: now + ms, ctrl });
      return ctrl.signal;
    },
  };
}
