/** Interval bounds the middle 90% of a statistic's resampled values. */
export interface Interval { low: number; high: number }

/** seeded is a small deterministic generator (mulberry32): a report shows the same interval for the same samples. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function resample(xs: readonly number[], next: () => number): number[] {
  return xs.map(() => xs[Math.floor(next() * xs.length)] as number);
}

/**
 * ratioInterval is the bootstrap interval of stat(a) / stat(b): both sets are resampled with replacement `rounds`
 * times, and the middle 90% of the ratios says how closely this many samples pin the ratio down.
 */
export function ratioInterval(a: readonly number[], b: readonly number[], stat: (xs: readonly number[]) => number, rounds = 2000, seed = 1): Interval | null {
  if (a.length === 0 || b.length === 0) return null;
  const next = seeded(seed);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) ratios.push(stat(resample(a, next)) / stat(resample(b, next)));
  ratios.sort((x, y) => x - y);
  const at = (q: number): number => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] as number;
  return { low: at(0.05), high: at(0.95) };
}
