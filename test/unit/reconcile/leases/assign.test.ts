import { describe, expect, it } from 'vitest';
import { assignClusters, capacityOf } from '../../../../src/reconcile/leases/assign.js';
import { mulberry32 } from '../../../helpers/seeded-random.js';

const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const loads = (a: Map<string, string>): Map<string, number> => {
  const out = new Map<string, number>();
  for (const r of a.values()) out.set(r, (out.get(r) ?? 0) + 1);
  return out;
};
const moved = (a: Map<string, string>, b: Map<string, string>): number => [...a].filter(([c, r]) => b.get(c) !== r).length;

describe('consistent hashing with bounded loads', () => {
  it.each([
    [30, 3, 13], [30, 4, 10], [500, 4, 157], [10, 3, 5], [1, 4, 1], [0, 2, 1],
  ])('the bound: %i clusters over %i replicas, none holds more than ceil(1.25 x c / r) = %i', (c, r, cap) => {
    expect(capacityOf(c, r)).toBe(cap);
    const a = assignClusters(names('c', c), names('r', r));
    expect(a.size).toBe(c);
    for (const n of loads(a).values()) expect(n).toBeLessThanOrEqual(cap);
  });

  it('every cluster is assigned, to a replica given, and the same inputs in any order give the same map', () => {
    const clusters = names('cluster', 100);
    const replicas = ['a', 'b', 'c'];
    const a = assignClusters(clusters, replicas);
    expect([...a.values()].every((r) => replicas.includes(r))).toBe(true);
    expect(assignClusters([...clusters].reverse(), ['c', 'a', 'b'])).toEqual(a);
  });

  it('no replica: nothing is assigned', () => {
    expect(assignClusters(['a'], []).size).toBe(0);
  });

  it('property: a replica joining moves few clusters (at most twice its fair share), and only to the new replica or to relieve the bound', () => {
    const random = mulberry32(20);
    for (let trial = 0; trial < 40; trial++) {
      const c = 20 + Math.floor(random() * 480);
      const r = 1 + Math.floor(random() * 7);
      const clusters = names(`t${trial}`, c);
      const replicas = names(`rep${trial}`, r);
      const before = assignClusters(clusters, replicas);
      const after = assignClusters(clusters, [...replicas, `new${trial}`]);
      const fair = c / (r + 1);
      expect(moved(before, after)).toBeLessThanOrEqual(Math.ceil(2 * fair));
      // most moves go to the new replica
      const toNew = [...after].filter(([cl, rep]) => rep === `new${trial}` && before.get(cl) !== rep).length;
      expect(toNew).toBeGreaterThanOrEqual(moved(before, after) / 2);
    }
  });

  it('property: a replica leaving moves its own clusters and few others (at most twice its share)', () => {
    const random = mulberry32(21);
    for (let trial = 0; trial < 40; trial++) {
      const c = 20 + Math.floor(random() * 480);
      const r = 2 + Math.floor(random() * 6);
      const clusters = names(`l${trial}`, c);
      const replicas = names(`rep${trial}`, r);
      const before = assignClusters(clusters, replicas);
      const gone = replicas[Math.floor(random() * r)] as string;
      const after = assignClusters(clusters, replicas.filter((x) => x !== gone));
      const own = [...before.values()].filter((x) => x === gone).length;
      for (const [cl, rep] of before) if (rep === gone) expect(after.get(cl)).not.toBe(gone);
      expect(moved(before, after) - own).toBeLessThanOrEqual(Math.ceil(own));
    }
  });

  it('30 clusters over 3 replicas: each holds between 5 and 13', () => {
    const l = loads(assignClusters(names('sim', 30), ['r0', 'r1', 'r2']));
    expect(l.size).toBe(3);
    for (const n of l.values()) expect(n).toBeGreaterThanOrEqual(5);
  });
});
