import { describe, expect, it, vi } from 'vitest';
import type { Cluster } from '../../../../src/model/cluster.js';
import { makeCluster } from '../../../helpers/builders.js';

// the estimator belongs to src/render/replicas; here each cluster's estimate is read from its `pods` label
vi.mock('../../../../src/render/replicas/estimator.js', () => ({
  estimateAvailableReplicas: (cluster: Cluster) => Number(cluster.labels.pods ?? '0'),
}));

const { MAX_INT32, availableReplicas, buildCandidates, tierOf } = await import('../../../../src/render/placement/candidates.js');

const withPods = (name: string, pods: number, over: Partial<Cluster> = {}): Cluster =>
  makeCluster(name, { labels: { pods: String(pods) }, ...over });

describe('availableReplicas', () => {
  it.each<[string, Cluster, number, number]>([
    ['templates with 0 replicas are unlimited and not estimated', withPods('a', 3), 0, MAX_INT32],
    ['templates with replicas use the estimate', withPods('a', 3), 5, 3],
    ['an estimate of MaxInt32 is clamped to the template replicas', withPods('a', MAX_INT32), 5, 5],
  ])('%s', (_name, cluster, replicas, expected) => {
    expect(availableReplicas(cluster, replicas, undefined)).toBe(expected);
  });
});

describe('tierOf', () => {
  const primary = { clusterNames: ['p'] };
  const overflow = [{ clusterNames: ['o1'] }, { clusterNames: ['o1', 'o2'] }];
  it.each<[string, string, number]>([
    ['a cluster of the term itself is tier 0', 'p', 0],
    ['the first matching overflow affinity sets the tier', 'o1', 1],
    ['a later overflow affinity gives a later tier', 'o2', 2],
  ])('%s', (_name, cluster, expected) => {
    expect(tierOf(makeCluster(cluster), primary, overflow)).toBe(expected);
  });
});

describe('buildCandidates', () => {
  it.each<[string, Cluster[], number, string[]]>([
    ['most available first, then name', [withPods('b', 5), withPods('a', 5), withPods('c', 9)], 4, ['c', 'a', 'b']],
    ['names compare by code unit, not locale', [withPods('b', 1), withPods('B', 1), withPods('a', 1)], 4, ['B', 'a', 'b']],
    ['non-workloads are all unlimited so order is by name', [withPods('b', 9), withPods('a', 1)], 0, ['a', 'b']],
  ])('%s', (_name, clusters, replicas, expected) => {
    const out = buildCandidates(clusters, { replicas, requirements: undefined, overflow: [] });
    expect(out.map((c) => c.cluster.name)).toEqual(expected);
  });

  it('overflow tier sorts before capacity', () => {
    const out = buildCandidates([withPods('big', 50), withPods('small', 1)], {
      replicas: 4,
      requirements: undefined,
      primary: { clusterNames: ['small'] },
      overflow: [{ clusterNames: ['big'] }],
    });
    expect(out.map((c) => [c.cluster.name, c.tier, c.availableReplicas])).toEqual([['small', 0, 1], ['big', 1, 50]]);
  });

  it('does not mutate its input', () => {
    const input = [withPods('b', 1), withPods('a', 2)];
    buildCandidates(input, { replicas: 1, requirements: undefined, overflow: [] });
    expect(input.map((c) => c.name)).toEqual(['b', 'a']);
  });
});
