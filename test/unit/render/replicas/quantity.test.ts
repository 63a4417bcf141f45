import { describe, expect, it } from 'vitest';
import { parseQuantity, remainingAmount, toMilli, toResourceAmount, toUnits } from '../../../../src/kube/quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['1.5', 1.5],
    ['2Gi', 2 * 1024 ** 3],
    ['500Mi', 500 * 1024 ** 2],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1k', 1000],
    ['1M', 1e6],
    ['1E', 1e18],
    ['250u', 0.00025],
    ['5n', 5e-9],
    ['.5', 0.5],
    ['2.', 2],
    ['-1', -1],
    ['+3', 3],
    ['1.5Gi', 1.5 * 1024 ** 3],
    [4, 4],
    [0.25, 0.25],
  ])('parses %j as %d', (q, want) => {
    expect(parseQuantity(q)).toBeCloseTo(want, 12);
  });

  it.each(['', 'abc', '1.2.3', '1 Gi', 'Gi', '1Gb', '1e', '--1', '1ki', ' 1'])('rejects garbage %j', (q) => {
    expect(() => parseQuantity(q)).toThrow(/invalid quantity/);
  });

  it('rejects a non-finite number', () => {
    expect(() => parseQuantity(Number.NaN)).toThrow();
  });
});

describe('rounding like Quantity.MilliValue / Value', () => {
  it.each([
    ['100m', 100],
    ['0.1m', 1],
    ['1.0001', 1001],
    ['2', 2000],
    [0.5, 500],
    ['1e-3', 1],
  ])('cpu %j is %d millicores, rounded up', (q, want) => {
    expect(toMilli(q)).toBe(want);
  });

  it.each([
    ['100m', 1],
    ['1.5', 2],
    ['1Gi', 1073741824],
    ['1.5Ki', 1536],
    ['0', 0],
    ['-0.5', -1],
  ])('%j is %d whole units, rounded away from zero', (q, want) => {
    expect(toUnits(q)).toBe(want);
  });

  it('uses millicores for cpu and units for everything else', () => {
    expect(toResourceAmount('cpu', '1.5')).toBe(1500);
    expect(toResourceAmount('memory', '1.5')).toBe(2);
  });

  it('subtracts exactly before rounding once', () => {
    // 0.1 + 0.2 style float error must not leak: 0.3 - 0.1 - 0.2 is exactly 0
    expect(remainingAmount('cpu', '0.3', ['0.1', '0.2'])).toBe(0);
    expect(remainingAmount('memory', '1', ['999m', undefined])).toBe(1);
    expect(remainingAmount('cpu', '1', ['999.5m'])).toBe(1);
  });
});
