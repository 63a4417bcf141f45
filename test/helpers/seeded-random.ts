/** SeededRandom draws numbers in [0, 1) from a seed, so that a failing random case can be replayed. */
export type SeededRandom = () => number;

/** mulberry32 is a small seeded generator (32 bits of state): the same seed, the same sequence. */
export function mulberry32(seed: number): SeededRandom {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** pickFrom returns one element of a non-empty list. */
export function pickFrom<T>(rand: SeededRandom, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}

/** intBelow returns an integer in [0, n). */
export function intBelow(rand: SeededRandom, n: number): number {
  return Math.floor(rand() * n);
}
