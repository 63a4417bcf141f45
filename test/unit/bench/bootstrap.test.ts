import { describe, expect, it } from 'vitest';
import { ratioInterval } from '../../../bench/bootstrap.js';
import { percentile } from '../../../bench/loop-world.js';

const p99 = (xs: readonly number[]): number => percentile(xs, 99);
const spread = (n: number, scale: number): number[] => Array.from({ length: n }, (_, i) => scale * (100 + ((i * 37) % 101)));

describe('ratioInterval', () => {
  it('is exact when neither set varies', () => {
    expect(ratioInterval([10, 10, 10], [5, 5], p99)).toEqual({ low: 2, high: 2 });
  });

  it('holds the true ratio and narrows as samples grow', () => {
    const few = ratioInterval(spread(50, 2), spread(50, 1), p99, 500);
    const many = ratioInterval(spread(2000, 2), spread(2000, 1), p99, 500);
    expect(few && many).toBeTruthy();
    for (const i of [few, many]) {
      expect(i?.low).toBeLessThanOrEqual(2);
      expect(i?.high).toBeGreaterThanOrEqual(2);
    }
    expect((many?.high ?? 0) - (many?.low ?? 0)).toBeLessThan((few?.high ?? 0) - (few?.low ?? 0));
  });

  it('gives the same interval for the same samples, and none without samples', () => {
    const a = spread(200, 1.1);
    const b = spread(200, 1);
    expect(ratioInterval(a, b, p99)).toEqual(ratioInterval(a, b, p99));
    expect(ratioInterval([], b, p99)).toBeNull();
  });
});
