import { describe, expect, it } from 'vitest';
import { decodeAssignment, decodeHolds, encodeAssignment, nextAssignment, type Membership } from '../../../../src/reconcile/leases/handover.js';

const m = (live: string[], holds: Record<string, string[]> = {}): Membership => ({
  live: new Set(live), holds: new Map(Object.entries(holds).map(([r, cs]) => [r, new Set(cs)])),
});
const A = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));

describe('the coordinator\'s hand-over step', () => {
  it.each([
    ['an unchanged owner keeps its cluster', A({ c: 'a' }), A({ c: 'a' }), m(['a'], { a: ['c'] }), A({ c: 'a' })],
    ['a new cluster nobody holds goes to its replica', A({}), A({ c: 'a' }), m(['a']), A({ c: 'a' })],
    ['a cluster leaving a live owner goes to nobody first', A({ c: 'a' }), A({ c: 'b' }), m(['a', 'b'], { a: ['c'] }), A({})],
    ['from nobody it waits while the old owner still holds it', A({}), A({ c: 'b' }), m(['a', 'b'], { a: ['c'] }), A({})],
    ['from nobody it goes once no live replica holds it', A({}), A({ c: 'b' }), m(['a', 'b'], { a: [] }), A({ c: 'b' })],
    ['a dead owner\'s cluster goes at once', A({ c: 'a' }), A({ c: 'b' }), m(['b']), A({ c: 'b' })],
    ['a dead replica\'s holds do not count', A({}), A({ c: 'b' }), m(['b'], { a: ['c'] }), A({ c: 'b' })],
    ['a cluster the render no longer lists is dropped', A({ c: 'a' }), A({}), m(['a']), A({})],
  ])('%s', (_rule, committed, desired, membership, expected) => {
    expect(nextAssignment(committed, desired, membership)).toEqual(expected);
  });

  it('an assignment survives its annotation; unreadable text is an empty assignment', () => {
    const a = A({ x: 'r1', y: 'r2', z: 'r1' });
    expect(encodeAssignment(a)).toBe('{"r1":["x","z"],"r2":["y"]}');
    expect(decodeAssignment(encodeAssignment(a))).toEqual(a);
    expect(decodeAssignment('{nope').size).toBe(0);
    expect(decodeHolds('["a","b"]')).toEqual(new Set(['a', 'b']));
    expect(decodeHolds('nope').size).toBe(0);
  });
});
