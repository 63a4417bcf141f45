import { describe, expect, it } from 'vitest';
import { websterAllocate } from '../../../../src/render/replicas/webster.js';
import { mulberry32 } from '../../../helpers/seeded-random.js';
import { perSeat } from '../../../helpers/webster-reference.js';

const classic = [
  { name: 'PartyA', weight: 100000 },
  { name: 'PartyB', weight: 80000 },
  { name: 'PartyC', weight: 30000 },
  { name: 'PartyD', weight: 20000 },
];

describe('websterAllocate', () => {
  // Karmada webstermethod_test.go: the Wikipedia Sainte-Laguë example, round by round
  it.each([
    [1, [1, 0, 0, 0]],
    [2, [1, 1, 0, 0]],
    [3, [2, 1, 0, 0]],
    [4, [2, 1, 1, 0]],
    [5, [2, 2, 1, 0]],
    [6, [2, 2, 1, 1]],
    [7, [3, 2, 1, 1]],
    [8, [3, 3, 1, 1]],
  ])('classic example gives %d seats as %j', (seats, want) => {
    expect([...websterAllocate(classic, seats).values()]).toEqual(want);
  });

  it.each<[string, { name: string; weight: number; seats?: number }[], number, Record<string, number>]>([
    ['1200/900/400 over 4 seats is 2/1/1', [{ name: 'Alpha', weight: 1200 }, { name: 'Beta', weight: 900 }, { name: 'Gamma', weight: 400 }], 4, { Alpha: 2, Beta: 1, Gamma: 1 }],
    ['an exact tie goes to fewer seats first', [{ name: 'PartyA', weight: 3, seats: 1 }, { name: 'PartyB', weight: 1 }], 1, { PartyA: 1, PartyB: 1 }],
    ['an exact tie with equal seats goes to the smaller name', [{ name: 'PartyB', weight: 1 }, { name: 'PartyA', weight: 1 }], 1, { PartyA: 1, PartyB: 0 }],
    ['zero seats leaves everyone at zero', [{ name: 'PartyA', weight: 100 }, { name: 'PartyB', weight: 200 }], 0, { PartyA: 0, PartyB: 0 }],
    ['a zero-weight party gets nothing while a positive one exists', [{ name: 'a', weight: 0 }, { name: 'b', weight: 1 }], 3, { a: 0, b: 3 }],
    ['held seats count: old party competes with a new one', [{ name: 'OldParty', weight: 1, seats: 1 }, { name: 'NewParty', weight: 1 }], 2, { NewParty: 2, OldParty: 1 }],
    ['weights 1:3 over 9 give 2:7', [{ name: 'A', weight: 1 }, { name: 'B', weight: 3 }], 9, { A: 2, B: 7 }],
    ['equal weights below party count fill names ascending', [{ name: 'c', weight: 1 }, { name: 'a', weight: 1 }, { name: 'b', weight: 1 }], 2, { a: 1, b: 1, c: 0 }],
  ])('%s', (_name, parties, seats, want) => {
    expect(Object.fromEntries(websterAllocate(parties, seats))).toEqual(want);
  });

  it('returns an empty map for no parties', () => {
    expect(websterAllocate([], 3).size).toBe(0);
  });

  it('never mutates its input', () => {
    const parties = [{ name: 'a', weight: 1, seats: 2 }];
    websterAllocate(parties, 3);
    expect(parties).toEqual([{ name: 'a', weight: 1, seats: 2 }]);
  });
});

describe('websterAllocate costs O(parties log) and equals the seat-by-seat rule', () => {
  it('gives the same seats as one-at-a-time allocation on 3,000 random cases (ties, held seats, zero and unlimited weights)', () => {
    const rand = mulberry32(20261204);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(rand() * 8);
      const weights = pick([[1, 2, 3], [1, 1], [0, 5, 7, 100], [1, 1000, 999999], [Infinity, 3, 0], [0]]);
      const parties = Array.from({ length: n }, (_, k) => ({
        name: pick(['a', 'b', 'c', 'm1', 'm2', 'aws', 'gcp', 'x', 'y', 'z']) + String(k % 3),
        weight: rand() < 0.7 ? pick(weights) : 1 + Math.floor(rand() * 50),
        ...(rand() < 0.3 ? { seats: Math.floor(rand() * 5) } : {}),
      }));
      const seats = pick([0, 1, 2, 3, 7, 10, 31, 100, 257, 1000]);
      expect(Object.fromEntries(websterAllocate(parties, seats)), JSON.stringify({ parties, seats })).toEqual(Object.fromEntries(perSeat(parties, seats)));
    }
  });

  it('dividing 2147483647 replicas over 1,000 equal clusters is exact', () => {
    const parties = Array.from({ length: 1000 }, (_, i) => ({ name: `m${String(i).padStart(4, '0')}`, weight: 1 }));
    const got = [...websterAllocate(parties, 2147483647).values()];
    // 2147483647 = 1000 · 2147483 + 647: the 647 smallest names get one more
    expect(got.slice(0, 647).every((n) => n === 2147484)).toBe(true);
    expect(got.slice(647).every((n) => n === 2147483)).toBe(true);
  });

  it('dividing 2147483647 replicas by weights 1..100 gives each cluster its share within one seat', () => {
    const parties = Array.from({ length: 100 }, (_, i) => ({ name: `c${String(i).padStart(3, '0')}`, weight: i + 1 }));
    const seats = websterAllocate(parties, 2147483647);
    expect([...seats.values()].reduce((a, b) => a + b, 0)).toBe(2147483647);
    for (const p of parties) expect(Math.abs((seats.get(p.name) as number) - (2147483647 * p.weight) / 5050)).toBeLessThanOrEqual(1);
  });

  it('weights up to 2^53 over an unlimited cluster and a huge seat count stay exact', () => {
    const seats = websterAllocate([{ name: 'a', weight: 2 ** 53 - 1 }, { name: 'b', weight: 1 }, { name: 'c', weight: Infinity }], 2147483647);
    expect(Object.fromEntries(seats)).toEqual({ a: 0, b: 0, c: 2147483647 });
  });
});
