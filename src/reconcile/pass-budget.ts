/** PassBudget is one pass's time on one cluster: its signal, and end() once the pass is over. */
export interface PassBudget {
  signal: AbortSignal;
  end(): void;
}

/**
 * passBudget aborts its signal after `ms` unless ended first. AbortSignal.timeout would fire long after every pass,
 * each time building a TimeoutError (with a stack) that nothing listens to any more. `timeout` (tests pass a fake
 * clock's) replaces the timer.
 */
export function passBudget(ms: number, timeout?: (ms: number) => AbortSignal): PassBudget {
  if (timeout) return { signal: timeout(ms), end: () => undefined };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('the cluster budget ran out', 'TimeoutError')), ms);
  return { signal: controller.signal, end: () => clearTimeout(timer) };
}

/** budgetSignal is a budget nobody ends (a flush, a start's reads): it simply aborts after `ms`. */
export function budgetSignal(ms: number, timeout?: (ms: number) => AbortSignal): AbortSignal {
  return timeout ? timeout(ms) : AbortSignal.timeout(ms);
}
