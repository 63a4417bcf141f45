import { parseRetryAfter, withRetry, type RetryPolicy, type Sleeper, type Transience } from '../../kube/retry.js';

/** FORGE_RETRY bounds a forge call: 4 attempts with short backoff, and no wait above 5 s, so a status never holds up a cycle for long. */
export const FORGE_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 };

/** ForgeError is a forge answer that is not a success (status set) or a request that got no answer (status undefined). */
export class ForgeError extends Error {
  readonly status: number | undefined;
  readonly headers: Record<string, string>;

  constructor(message: string, status?: number, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ForgeError';
    this.status = status;
    this.headers = headers;
  }
}

/**
 * classifyForgeError says whether a failed forge call may be retried: no answer, 5xx, 409 (GitLab's per-commit lock),
 * 429, and a 403 that is a rate limit (GitHub answers rate limits with 403 or 429). Everything else (401, 404, 422, 400) is final.
 */
export function classifyForgeError(err: unknown, now: number = Date.now()): Transience {
  if (!(err instanceof ForgeError)) return { retryable: false };
  const { status, headers } = err;
  if (status === undefined || status >= 500 || status === 409) return { retryable: true };
  const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
  if (status === 429) return { retryable: true, retryAfterMs };
  if (status !== 403) return { retryable: false };
  if (retryAfterMs !== undefined) return { retryable: true, retryAfterMs };
  if (headers['x-ratelimit-remaining'] !== '0') return { retryable: false };
  const reset = Number(headers['x-ratelimit-reset']);
  return { retryable: true, retryAfterMs: Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : undefined };
}

/** withForgeRetry runs a forge call under the shared retry loop of src/apply, with the forge classification. */
export function withForgeRetry<T>(call: () => Promise<T>, policy: RetryPolicy = FORGE_RETRY, sleeper?: Sleeper): Promise<T> {
  return withRetry(call, (err) => classifyForgeError(err), policy, undefined, sleeper);
}

/** safeMessage renders a failure for a log line, with every occurrence of the token masked. */
export function safeMessage(err: unknown, token: string): string {
  const text = err instanceof Error ? err.message : String(err);
  return token === '' ? text : text.split(token).join('***');
}
