import { describe, expect, it, vi } from 'vitest';
import { nextDelay, parseRetryAfter, withRetry, type RetryPolicy, type Transience } from '../../../src/kube/retry.js';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 };

/** flaky fails `times` times with the given transience, then answers 'ok'. */
function flaky(times: number, t: Transience): { call: () => Promise<string>; classify: () => Transience; calls: () => number } {
  let n = 0;
  return {
    call: async () => {
      if (n++ < times) throw new Error(`failure ${n}`);
      return 'ok';
    },
    classify: () => t,
    calls: () => n,
  };
}

describe('withRetry', () => {
  it.each([
    ['backs off exponentially', 3, { retryable: true }, 'ok', [100, 200, 400]],
    ['honours Retry-After', 2, { retryable: true, retryAfterMs: 1_000 }, 'ok', [1_000, 1_000]],
    ['honours Retry-After: 0', 1, { retryable: true, retryAfterMs: 0 }, 'ok', [0]],
    ['gives up after the attempts', 9, { retryable: true }, 'failure 4', [100, 200, 400]],
    ['does not retry what is not transient', 1, { retryable: false }, 'failure 1', []],
    ['does not wait longer than maxDelayMs', 1, { retryable: true, retryAfterMs: 60_000 }, 'failure 1', []],
  ])('%s', async (_name, failures, t, outcome, delays) => {
    const waited: number[] = [];
    const f = flaky(failures, t as Transience);
    const run = withRetry(f.call, f.classify, policy, undefined, async (ms) => {
      waited.push(ms);
    });
    if (outcome === 'ok') await expect(run).resolves.toBe('ok');
    else await expect(run).rejects.toThrow(outcome);
    expect(waited).toEqual(delays);
  });

  it('stops when the cluster budget is spent', async () => {
    const budget = new AbortController();
    const f = flaky(5, { retryable: true });
    const run = withRetry(f.call, f.classify, policy, budget.signal, async () => {
      budget.abort();
    });
    await expect(run).rejects.toThrow('failure 2');
    expect(f.calls()).toBe(2);
  });

  it('really waits with the default sleeper', async () => {
    // the default sleeper is a timer: on vitest's fake clock the retry comes exactly when the wait is over
    vi.useFakeTimers();
    try {
      const f = flaky(1, { retryable: true, retryAfterMs: 30 });
      const run = withRetry(f.call, f.classify, policy);
      await vi.advanceTimersByTimeAsync(29);
      expect(f.calls()).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(f.calls()).toBe(2);
      await expect(run).resolves.toBe('ok');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Retry-After', () => {
  it.each([
    ['seconds', '3', 3_000],
    ['zero', '0', 0],
    ['an HTTP date', 'Thu, 01 Jan 1970 00:00:10 GMT', 5_000],
    ['a past date', 'Thu, 01 Jan 1970 00:00:01 GMT', 0],
    ['garbage', 'soon', undefined],
    ['absent', undefined, undefined],
  ])('parses %s', (_name, header, ms) => {
    expect(parseRetryAfter(header, 5_000)).toBe(ms);
  });

  it('caps exponential backoff at maxDelayMs', () => {
    expect(nextDelay({ retryable: true }, 10, policy)).toBe(5_000);
  });
});
