import { describe, expect, it } from 'vitest';
import type { Placement, SpreadConstraint } from '../../../../src/model/policy.js';
import type { Candidate } from '../../../../src/render/replicas/assign.js';
import { selectBySpread, shouldIgnoreSpreadConstraints } from '../../../../src/render/placement/spread.js';
import { selectByCluster } from '../../../../src/render/placement/spread-cluster.js';
import { regionScore, selectByRegion, selectGroups, type GroupInfo } from '../../../../src/render/placement/spread-region.js';
import { makeCluster } from '../../../helpers/builders.js';

/** cand builds a candidate; pass them already in §4.5 order, as the scheduler does. */
function cand(name: string, available: number, region = ''): Candidate {
  return { cluster: makeCluster(name, { region }), availableReplicas: available, tier: 0 };
}
const byCluster = (minGroups: number, maxGroups: number): SpreadConstraint => ({ spreadByField: 'cluster', minGroups, maxGroups });
const byRegion = (minGroups: number, maxGroups: number): SpreadConstraint => ({ spreadByField: 'region', minGroups, maxGroups });
const names = (r: ReturnType<typeof selectBySpread>): string[] | string => (r.ok ? r.selected.map((c) => c.cluster.name) : r.reason);

const dynamic: Placement['replicaScheduling'] = {
  replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' },
};
const aggregated: Placement['replicaScheduling'] = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' };
const staticList: Placement['replicaScheduling'] = {
  replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted',
  weightPreference: { staticWeightList: [{ targetCluster: { clusterNames: ['a'] }, weight: 1 }] },
};

describe('selectByCluster', () => {
  const three = [cand('a', 10), cand('b', 8), cand('c', 5)];
  it.each<[string, SpreadConstraint, number, string[] | string]>([
    ['duplicated takes the first maxGroups candidates', byCluster(1, 2), -1, ['a', 'b']],
    ['maxGroups above the candidate count takes them all', byCluster(1, 5), -1, ['a', 'b', 'c']],
    ['maxGroups unset fails the cluster spread (duplicated selects nothing)', byCluster(1, 0), -1, []],
    ['maxGroups unset fails the cluster spread (divided)', byCluster(1, 0), 4, 'no enough resource when selecting 0 clusters'],
    ['fewer candidates than minGroups fails', byCluster(4, 5), -1, 'the number of feasible clusters is less than spreadConstraint.MinGroups'],
    ['divided takes the first n when they have capacity', byCluster(1, 2), 18, ['a', 'b']],
    ['divided fails when the best n lack capacity', byCluster(1, 2), 19, 'no enough resource when selecting 2 clusters'],
  ])('%s', (_name, constraint, need, expected) => {
    const r = selectByCluster(constraint, three, need);
    expect(r.ok ? r.selected.map((c) => c.cluster.name) : r.reason).toEqual(expected);
  });

  it('swaps the last-ranked selected cluster for a larger remaining one', () => {
    // only reachable with non-zero scores in Karmada; the order here simulates that
    const r = selectByCluster(byCluster(1, 2), [cand('m1', 40), cand('m2', 30), cand('m3', 60)], 80);
    expect(r.ok && r.selected.map((c) => c.cluster.name)).toEqual(['m1', 'm3']);
  });
});

describe('selectGroups (Karmada TestSelectGroups)', () => {
  const g = (name: string, value: number, weight: number): GroupInfo => ({ name, value, weight });
  it.each<[string, GroupInfo[], number, number, number, string[] | undefined]>([
    ['empty groups', [], 2, 3, 1, undefined],
    ['no enough groups', [g('R1', 1, 80)], 2, 3, 1, undefined],
    ['no enough value', [g('R1', 1, 80), g('R2', 2, 30)], 2, 3, 4, undefined],
    ['select one group', [g('R1', 1, 80)], 1, 3, 1, ['R1']],
    ['prioritize one path', [g('R1', 1, 80), g('R3', 1, 80), g('R2', 1, 60), g('R5', 2, 60), g('R4', 5, 50), g('R6', 3, 50)], 1, 3, 10, ['R5', 'R4', 'R6']],
    ['select groups with less total number', [g('R1', 1, 80), g('R2', 4, 40), g('R3', 1, 30), g('R4', 3, 30), g('R5', 3, 20), g('R6', 5, 10)], 2, 6, 5, ['R1', 'R2']],
    ['select groups with the highest score', [g('R1', 1, 60), g('R2', 1, 50), g('R3', 1, 40), g('R4', 3, 30), g('R5', 3, 20), g('R6', 3, 10)], 1, 3, 6, ['R1', 'R4', 'R5']],
    ['select groups that are chosen earlier', [g('R1', 1, 60), g('R2', 2, 50), g('R3', 3, 40), g('R4', 4, 30)], 1, 2, 5, ['R1', 'R4']],
    ['select groups with greater value', [g('R4', 1, 60), g('R3', 3, 50), g('R1', 3, 40), g('R2', 4, 30)], 1, 2, 5, ['R3', 'R1']],
    ['region maxGroups 0 finds no combination', [g('R1', 3, 0)], 1, 0, 1, undefined],
  ])('%s', (_name, groups, min, max, target, expected) => {
    expect(selectGroups(groups, min, max, target)?.map((x) => x.name)).toEqual(expected);
  });
});

describe('regionScore', () => {
  const region = byRegion(1, 2);
  it.each<[string, Candidate[], boolean, number, number]>([
    ['duplicated counts clusters that can hold every replica', [cand('a', 5), cand('b', 2)], true, 3, 1000],
    ['duplicated with no capable cluster scores 0', [cand('a', 1)], true, 3, 0],
    ['divided caps the capacity at ceil(replicas / minGroups)', [cand('a', 50), cand('b', 50)], false, 7, 7000],
    ['divided short of the target scores its capacity', [cand('a', 2), cand('b', 1)], false, 7, 3000],
  ])('%s', (_name, clusters, duplicated, replicas, expected) => {
    expect(regionScore(clusters, { region, duplicated, replicas })).toBe(expected);
  });
});

describe('selectByRegion', () => {
  const clusters = [cand('a1', 9, 'R1'), cand('b1', 8, 'R2'), cand('b2', 7, 'R2'), cand('a2', 6, 'R1'), cand('c1', 5, 'R3')];
  it.each<[string, SpreadConstraint, SpreadConstraint | undefined, string[] | string]>([
    ['one cluster per chosen region, then the rest by capacity', byRegion(2, 2), byCluster(3, 3), ['a1', 'b1', 'b2']],
    ['cluster maxGroups below the region count keeps one per region', byRegion(3, 3), byCluster(1, 2), ['a1', 'b1', 'c1']],
    ['too few regions fails', byRegion(4, 4), byCluster(1, 4), 'the number of feasible region is less than spreadConstraint.MinGroups'],
    ['region maxGroups 0 fails', byRegion(1, 0), byCluster(1, 4), 'the number of clusters is less than the cluster spreadConstraint.MinGroups'],
    ['too few clusters in any allowed combination fails', byRegion(1, 1), byCluster(3, 3), 'the number of clusters is less than the cluster spreadConstraint.MinGroups'],
    ['the smallest region combination that reaches cluster minGroups wins', byRegion(1, 3), byCluster(2, 2), ['a1', 'a2']],
  ])('%s', (_name, region, cluster, expected) => {
    const r = selectByRegion(clusters, { region, ...(cluster ? { cluster } : {}), duplicated: true, replicas: 1 });
    expect(r.ok ? r.selected.map((c) => c.cluster.name) : r.reason).toEqual(expected);
  });
});

describe('selectBySpread', () => {
  const four = [cand('a', 10, 'R1'), cand('b', 8, 'R1'), cand('c', 6, 'R2'), cand('d', 4, 'R2')];
  it.each<[string, Placement, number, string[] | string]>([
    ['no spread constraints keeps every candidate', {}, 4, ['a', 'b', 'c', 'd']],
    ['spread constraints are ignored for static weights', { replicaScheduling: staticList, spreadConstraints: [byCluster(1, 1)] }, 4, ['a', 'b', 'c', 'd']],
    ['Weighted without weightPreference is static and ignores spread', {
      replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' }, spreadConstraints: [byCluster(1, 1)],
    }, 4, ['a', 'b', 'c', 'd']],
    ['an empty weightPreference does not ignore spread', {
      replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: {} },
      spreadConstraints: [byCluster(1, 1)],
    }, 4, ['a']],
    ['duplicated ignores capacity in the cluster spread', { spreadConstraints: [byCluster(1, 2)] }, 100, ['a', 'b']],
    ['dynamic weight checks capacity in the cluster spread', { replicaScheduling: dynamic, spreadConstraints: [byCluster(1, 2)] }, 100, 'no enough resource when selecting 2 clusters'],
    ['aggregated takes the first n with capacity', { replicaScheduling: aggregated, spreadConstraints: [byCluster(1, 2)] }, 18, ['a', 'b']],
    ['a region constraint selects by region', { spreadConstraints: [byRegion(2, 2), byCluster(2, 2)] }, 1, ['a', 'c']],
    ['zone constraints alone cannot select', { spreadConstraints: [{ spreadByField: 'zone', minGroups: 1, maxGroups: 2 }] }, 1, 'just support cluster and region spread constraint'],
    ['provider constraints only filter, the cluster constraint selects', {
      spreadConstraints: [{ spreadByField: 'provider', minGroups: 1, maxGroups: 1 }, byCluster(1, 3)],
    }, 1, ['a', 'b', 'c']],
    ['the last constraint for a field wins', { spreadConstraints: [byCluster(1, 1), byCluster(1, 3)] }, 1, ['a', 'b', 'c']],
  ])('%s', (_name, placement, replicas, expected) => {
    expect(names(selectBySpread(placement, four, replicas))).toEqual(expected);
  });

  it.each<[string, Placement['replicaScheduling'], boolean]>([
    ['absent replicaScheduling (Duplicated)', undefined, false],
    ['static weight list', staticList, true],
    ['dynamic weight', dynamic, false],
    ['aggregated', aggregated, false],
  ])('shouldIgnoreSpreadConstraints: %s', (_name, replicaScheduling, expected) => {
    expect(shouldIgnoreSpreadConstraints(replicaScheduling ? { replicaScheduling } : {})).toBe(expected);
  });
});
