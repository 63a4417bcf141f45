/**
 * The agent's loop: a pass, then a wait of one interval; after a pass that could not read the repository the wait
 * is a backoff instead (doubling from baseMs up to the interval), so a member behind a flaky link neither hammers
 * the Git server nor waits a whole interval once it is back. The member keeps what it holds meanwhile.
 */
import type { AgentPass } from './agent.js';

/** AgentLoopOptions say how often, and how a wait is taken (tests pass a sleeper that resolves when they say). */
export interface AgentLoopOptions {
  intervalMs: number;
  /** the first wait after a failed read (default 1 s) */
  baseMs?: number;
  /** waits ms, or less when the signal aborts */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  signal: AbortSignal;
  onPass?(pass: AgentPass, nextInMs: number): void;
}

/** backoffMs is the wait after `failures` failed reads in a row. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/** runAgentLoop runs passes until the signal aborts; it returns how many ran. */
export async function runAgentLoop(pass: () => Promise<AgentPass>, opts: AgentLoopOptions): Promise<number> {
  const base = opts.baseMs ?? 1000;
  let failures = 0;
  let passes = 0;
  while (!opts.signal.aborted) {
    const p = await pass();
    passes++;
    failures = 'unreadable' in p.outcome ? failures + 1 : 0;
    const wait = failures > 0 ? backoffMs(failures, base, Math.max(opts.intervalMs, base)) : opts.intervalMs;
    opts.onPass?.(p, wait);
    if (opts.signal.aborted) break;
    await opts.sleep(wait, opts.signal);
  }
  return passes;
}
