import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../../src/model/cluster.js';
import type { Placement } from '../../../../src/model/policy.js';
import {
  findClustersThatFit,
  fitErrorMessage,
  runFilters,
  type FilterContext,
} from '../../../../src/render/placement/filters.js';
import { makeCluster } from '../../../helpers/builders.js';

function ctx(placement: Placement = {}, over: Partial<FilterContext> = {}): FilterContext {
  return { apiVersion: 'apps/v1', kind: 'Deployment', placement, overflow: [], ...over };
}

const deployments = [{ groupVersion: 'apps/v1', resources: [{ name: 'deployments', kind: 'Deployment' }] }];
const AFFINITY = 'cluster(s) did not match the placement cluster affinity constraint';

describe('runFilters', () => {
  it.each<[string, FilterContext, Cluster, string | undefined]>([
    ['unknown apiEnablements pass (product decision)', ctx(), makeCluster('a'), undefined],
    ['listed groupVersion and kind pass', ctx(), makeCluster('a', { apiEnablements: deployments }), undefined],
    ['an empty apiEnablements list filters', ctx(), makeCluster('a', { apiEnablements: [] }), 'cluster(s) did not have the API resource'],
    ['the groupVersion must match exactly', ctx({}, { apiVersion: 'apps/v1beta1' }), makeCluster('a', { apiEnablements: deployments }), 'cluster(s) did not have the API resource'],
    ['the kind must be listed under the groupVersion', ctx({}, { kind: 'StatefulSet' }), makeCluster('a', { apiEnablements: deployments }), 'cluster(s) did not have the API resource'],
    ['an untolerated NoSchedule taint filters', ctx(), makeCluster('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), 'cluster(s) had untolerated taint {k=v:NoSchedule}'],
    ['a tolerated taint passes', ctx({ clusterTolerations: [{ key: 'k', operator: 'Exists' }] }), makeCluster('a', { taints: [{ key: 'k', effect: 'NoExecute' }] }), undefined],
    ['PreferNoSchedule taints do not filter', ctx(), makeCluster('a', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }), undefined],
    ['no affinity admits every cluster', ctx(), makeCluster('a'), undefined],
    ['a non-matching affinity filters', ctx({}, { affinity: { clusterNames: ['b'] } }), makeCluster('a'), AFFINITY],
    ['an overflow affinity admits its clusters', ctx({}, { affinity: { clusterNames: ['b'] }, overflow: [{ clusterNames: ['a'] }] }), makeCluster('a'), undefined],
    ['spread by provider needs a provider', ctx({ spreadConstraints: [{ spreadByField: 'provider', minGroups: 1, maxGroups: 2 }] }), makeCluster('a'), "cluster(s) didn't have provider property"],
    ['spread by region needs a region', ctx({ spreadConstraints: [{ spreadByField: 'region', minGroups: 1, maxGroups: 2 }] }), makeCluster('a'), "cluster(s) didn't have region property"],
    ['spread by zone needs a zones list', ctx({ spreadConstraints: [{ spreadByField: 'zone', minGroups: 1, maxGroups: 2 }] }), makeCluster('a'), "cluster(s) didn't have zone property"],
    ['spread by zone passes with zones', ctx({ spreadConstraints: [{ spreadByField: 'zone', minGroups: 1, maxGroups: 2 }] }), makeCluster('a', { zones: ['z1'] }), undefined],
    ['spread by cluster filters nothing', ctx({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: 2 }] }), makeCluster('a'), undefined],
    ['the first failing plugin is reported', ctx({}, { affinity: { clusterNames: ['b'] } }), makeCluster('a', { apiEnablements: [], taints: [{ key: 'k', effect: 'NoSchedule' }] }), 'cluster(s) did not have the API resource'],
  ])('%s', (_name, context, cluster, reason) => {
    const result = runFilters(context, cluster);
    expect(result.ok ? undefined : result.reason).toBe(reason);
  });
});

describe('findClustersThatFit', () => {
  it('clusters with deleting: true are skipped and not diagnosed', () => {
    const out = findClustersThatFit(ctx(), [makeCluster('a', { deleting: true }), makeCluster('b')]);
    expect(out.feasible.map((c) => c.name)).toEqual(['b']);
    expect(out.rejected.size).toBe(0);
  });

  it('rejected clusters keep their reason', () => {
    const out = findClustersThatFit(ctx({}, { affinity: { clusterNames: ['b'] } }), [makeCluster('a'), makeCluster('b')]);
    expect(out.feasible.map((c) => c.name)).toEqual(['b']);
    expect([...out.rejected]).toEqual([['a', AFFINITY]]);
  });
});

describe('fitErrorMessage', () => {
  it.each<[string, number, [string, string][], string]>([
    ['no clusters at all says no cluster exists', 0, [], '0/0 clusters are available: no cluster exists.'],
    ['only deleting clusters says no cluster exists', 2, [], '0/2 clusters are available: no cluster exists.'],
    ['reasons are counted and sorted as strings', 3, [
      ['a', AFFINITY],
      ['b', 'cluster(s) had untolerated taint {k=v:NoSchedule}'],
      ['c', 'cluster(s) had untolerated taint {k=v:NoSchedule}'],
    ], `0/3 clusters are available: 1 ${AFFINITY}, 2 cluster(s) had untolerated taint {k=v:NoSchedule}.`],
    ['counts sort as text, so 10 comes before 2', 12, [
      ...Array.from({ length: 10 }, (_, i): [string, string] => [`t${i}`, 'cluster(s) did not have the API resource']),
      ['x', AFFINITY],
      ['y', AFFINITY],
    ], `0/12 clusters are available: 10 cluster(s) did not have the API resource, 2 ${AFFINITY}.`],
  ])('%s', (_name, total, rejected, expected) => {
    expect(fitErrorMessage(total, new Map(rejected))).toBe(expected);
  });
});
