import { sleep } from './concurrency.js';

/** RetryPolicy bounds retries: at most `attempts` calls, exponential backoff from baseDelayMs, no wait above maxDelayMs. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** DEFAULT_RETRY keeps a failing request's total well inside a cluster's timeout: 4 calls, waits of 0.2s, 0.4s, 0.8s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Transience is what the adapter knows about a failure: may it be retried, and did the server say when. */
export interface Transience {
  retryable: boolean;
  retryAfterMs?: number;
}

/** Sleeper waits; tests replace it to observe the delays. */
export type Sleeper = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * withRetry calls `call` until it succeeds, the failure is not retryable, the attempts are spent, the server
 * asks for a wait longer than maxDelayMs, or the signal aborts; it then throws the last failure.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  classify: (err: unknown) => Transience,
  policy: RetryPolicy = DEFAULT_RETRY,
  signal?: AbortSignal,
  sleeper: Sleeper = sleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const wait = attempt < policy.attempts && !signal?.aborted ? nextDelay(classify(err), attempt, policy) : undefined;
      if (wait === undefined) throw err;
      await sleeper(wait, signal);
    }
  }
}

/** nextDelay is the wait before attempt+1: the server's Retry-After when given, else exponential backoff. */
export function nextDelay(t: Transience, attempt: number, policy: RetryPolicy): number | undefined {
  if (!t.retryable) return undefined;
  if (t.retryAfterMs !== undefined) return t.retryAfterMs <= policy.maxDelayMs ? t.retryAfterMs : undefined;
  return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

/** parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
