import { mulberry32, pickFrom } from '../test/helpers/seeded-random.js';

/** Interval bounds the middle 90% of a statistic's resampled values. */
export interface Interval { low: number; high: number }

/**
 * ratioInterval is the bootstrap interval of stat(a) / stat(b): both sets are resampled with replacement `rounds`
 * times, and the middle 90% of the ratios says how closely this many samples pin the ratio down. The generator is
 * seeded: a report shows the same interval for the same samples.
 */
export function ratioInterval(a: readonly number[], b: readonly number[], stat: (xs: readonly number[]) => number, rounds = 2000, seed = 1): Interval | null {
  if (a.length === 0 || b.length === 0) return null;
  const rand = mulberry32(seed);
  const resample = (xs: readonly number[]): number[] => xs.map(() => pickFrom(rand, xs));
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) ratios.push(stat(resample(a)) / stat(resample(b)));
  ratios.sort((x, y) => x - y);
  const at = (q: number): number => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] as number;
  return { low: at(0.05), high: at(0.95) };
}
