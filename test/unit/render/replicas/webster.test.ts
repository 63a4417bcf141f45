import { describe, expect, it } from 'vitest';
import { websterAllocate } from '../../../../src/render/replicas/webster.js';

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
