import { describe, expect, it } from 'vitest';
import type { ReplicaSchedulingStrategy } from '../../../../src/model/policy.js';
import type { TargetCluster } from '../../../../src/model/plan.js';
import { assignReplicas, type Candidate } from '../../../../src/render/replicas/assign.js';
import { strategyOf } from '../../../../src/render/replicas/strategies.js';
import { makeCluster } from '../../../helpers/builders.js';

/** cands builds candidates from `name:available[:tier]` specs, in the given order. */
function cands(...specs: string[]): Candidate[] {
  return specs.map((s) => {
    const [name = '', available = '0', tier = '0'] = s.split(':');
    return { cluster: makeCluster(name, { labels: { name } }), availableReplicas: Number(available), tier: Number(tier) };
  });
}

function targets(spec: string): TargetCluster[] {
  return spec.split(' ').map((s) => {
    const [name = '', replicas] = s.split('=');
    return replicas === undefined ? { name } : { name, replicas: Number(replicas) };
  });
}

const duplicated: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Duplicated' };
const aggregated: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' };
const dynamic: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } };
const weighted: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' };
const statics = (...rules: [string[], number][]): ReplicaSchedulingStrategy => ({
  ...weighted,
  weightPreference: { staticWeightList: rules.map(([clusterNames, weight]) => ({ targetCluster: { clusterNames }, weight })) },
});

describe('strategyOf', () => {
  it.each<[string, ReplicaSchedulingStrategy | undefined, string]>([
    ['no replicaScheduling is Duplicated', undefined, 'Duplicated'],
    ['Duplicated stays Duplicated', duplicated, 'Duplicated'],
    ['Divided + Aggregated is Aggregated', aggregated, 'Aggregated'],
    ['Divided + Weighted with dynamicWeight is DynamicWeight', dynamic, 'DynamicWeight'],
    ['dynamicWeight wins over a static list', { ...dynamic, weightPreference: { dynamicWeight: 'AvailableReplicas', staticWeightList: [{ targetCluster: {}, weight: 2 }] } }, 'DynamicWeight'],
    ['Divided + Weighted without weightPreference is StaticWeight', weighted, 'StaticWeight'],
    ['an empty weightPreference is StaticWeight', { ...weighted, weightPreference: {} }, 'StaticWeight'],
    ['an empty dynamicWeight is StaticWeight', { ...weighted, weightPreference: { dynamicWeight: '' } }, 'StaticWeight'],
  ])('%s', (_name, s, want) => {
    expect(strategyOf(s)).toBe(want);
  });
});

describe('assignReplicas', () => {
  it.each<[string, Candidate[], number, ReplicaSchedulingStrategy | undefined, string]>([
    // Duplicated
    ['duplicated gives every cluster the template replicas', cands('b:0', 'a:0'), 3, duplicated, 'a=3 b=3'],
    ['no replicaScheduling duplicates', cands('m1:0', 'm2:0'), 2, undefined, 'm1=2 m2=2'],
    // StaticWeight (Karmada assignment_test.go / division_algorithm_test.go rows, Webster results)
    ['static weight 1:2 splits 9 as 3:6', cands('A:0', 'B:0'), 9, statics([['A'], 1], [['B'], 2]), 'A=3 B=6'],
    ['static weight 1:3 splits 9 as 2:7', cands('A:0', 'B:0'), 9, statics([['A'], 1], [['B'], 3]), 'A=2 B=7'],
    ['static weight 1:1:1 splits 12 as 4:4:4', cands('member1:0', 'member2:0', 'member3:0'), 12, statics([['member1'], 1], [['member2'], 1], [['member3'], 1]), 'member1=4 member2=4 member3=4'],
    ['static weight 1:2:3 splits 12 as 2:4:6', cands('member1:0', 'member2:0', 'member3:0'), 12, statics([['member1'], 1], [['member2'], 2], [['member3'], 3]), 'member1=2 member2=4 member3=6'],
    ['static weight takes the max over matching rules, not the sum', cands('A:0', 'B:0'), 8, statics([['A', 'B'], 1], [['A'], 3]), 'A=6 B=2'],
    ['clusters matched by no static rule are dropped', cands('A:0', 'B:0', 'C:0'), 6, statics([['A'], 1], [['B'], 2]), 'A=2 B=4'],
    ['when no cluster matches any static rule every cluster weighs 1', cands('A:0', 'B:0'), 4, statics([['Z'], 5]), 'A=2 B=2'],
    ['no weightPreference weighs every cluster 1', cands('c:0', 'a:0', 'b:0'), 7, weighted, 'a=3 b=2 c=2'],
    ['replicas below cluster count go to the first clusters in name order', cands('m3:0', 'm1:0', 'm2:0'), 2, weighted, 'm1=1 m2=1'],
    ['static weight ignores capacity entirely', cands('A:0', 'B:1'), 10, weighted, 'A=5 B=5'],
    // DynamicWeight (division_algorithm_test.go Test_divideReplicasByResource rows)
    ['dynamic weight 6:8:10 splits 12 as 3:4:5', cands('member3:10', 'member2:8', 'member1:6'), 12, dynamic, 'member1=3 member2=4 member3=5'],
    ['dynamic weight 8:8:10 splits 12 as 4:4:4', cands('member3:10', 'member1:8', 'member2:8'), 12, dynamic, 'member1=4 member2=4 member3=4'],
    ['dynamic weight 18:12:6 splits 12 as 6:4:2', cands('member1:18', 'member2:12', 'member3:6'), 12, dynamic, 'member1=6 member2=4 member3=2'],
    ['dynamic weight 20:12:6 splits 12 as 6:4:2 under Webster', cands('member1:20', 'member2:12', 'member3:6'), 12, dynamic, 'member1=6 member2=4 member3=2'],
    ['dynamic weight never gives a zero-capacity cluster a replica', cands('a:5', 'b:0'), 5, dynamic, 'a=5'],
    // Aggregated
    ['aggregated splits 12 over capacities 10 and 8 as 7/5', cands('m3:10', 'm2:8', 'm1:6'), 12, aggregated, 'm2=5 m3=7'],
    ['aggregated uses a single cluster that holds everything', cands('member1:12', 'member3:10', 'member2:8'), 12, aggregated, 'member1=12'],
    ['aggregated 12 over 6:6:6 uses the first two by name', cands('member1:6', 'member2:6', 'member3:6'), 12, aggregated, 'member1=6 member2=6'],
    ['aggregated 12 over 12:6:6 takes the largest only', cands('member2:12', 'member1:6', 'member3:6'), 12, aggregated, 'member2=12'],
    ['aggregated re-sorts by capacity within the candidates', cands('a:2', 'b:9'), 5, aggregated, 'b=5'],
  ])('%s', (_name, candidates, replicas, strategy, want) => {
    expect(assignReplicas({ candidates, replicas, workload: true, strategy })).toEqual({ ok: true, targets: targets(want) });
  });

  it.each<[string, Candidate[], number, ReplicaSchedulingStrategy, string]>([
    ['dynamic weight with a shortfall is unschedulable', cands('member1:3', 'member2:3', 'member3:3'), 12, dynamic, 'insufficient capacity: 12 replicas requested, 9 available'],
    ['aggregated with a shortfall is unschedulable', cands('member1:3', 'member2:3', 'member3:3'), 12, aggregated, 'insufficient capacity: 12 replicas requested, 9 available'],
    ['overflow tiers that still fall short are unschedulable', cands('a:2:0', 'b:3:1'), 6, dynamic, 'insufficient capacity: 6 replicas requested, 5 available'],
  ])('%s', (_name, candidates, replicas, strategy, reason) => {
    expect(assignReplicas({ candidates, replicas, workload: true, strategy })).toEqual({ ok: false, reason });
  });

  it('no candidates is a failure', () => {
    expect(assignReplicas({ candidates: [], replicas: 3, workload: true, strategy: undefined }).ok).toBe(false);
    expect(assignReplicas({ candidates: [], replicas: 0, workload: false, strategy: undefined }).ok).toBe(false);
  });

  it.each<[string, ReplicaSchedulingStrategy | undefined]>([
    ['Duplicated', duplicated],
    ['Divided static', weighted],
    ['Divided dynamic', dynamic],
    ['Divided aggregated', aggregated],
  ])('a non-workload under %s goes to every candidate without a replica number', (_name, strategy) => {
    const result = assignReplicas({ candidates: cands('b:0', 'a:0:1'), replicas: 0, workload: false, strategy });
    expect(result).toEqual({ ok: true, targets: targets('a b') });
  });

  it.each<[string, ReplicaSchedulingStrategy | undefined]>([
    ['Duplicated', duplicated],
    ['static weight', weighted],
    ['dynamic weight', dynamic],
    ['aggregated', aggregated],
  ])('a workload with 0 replicas under %s is placed nowhere', (_name, strategy) => {
    expect(assignReplicas({ candidates: cands('a:4', 'b:4'), replicas: 0, workload: true, strategy })).toEqual({ ok: true, targets: [] });
  });

  describe('overflow tiers', () => {
    it.each<[string, Candidate[], number, ReplicaSchedulingStrategy, string]>([
      ['dynamic fills tier 0 before spilling into tier 1', cands('p:5:0', 'o1:10:1', 'o2:10:1'), 12, dynamic, 'o1=4 o2=3 p=5'],
      ['aggregated fills tier 0 then aggregates the rest in tier 1', cands('p:5:0', 'o1:10:1', 'o2:10:1'), 12, aggregated, 'o1=7 p=5'],
      ['overflow is untouched when tier 0 suffices', cands('p1:6:0', 'p2:6:0', 'o:100:1'), 6, dynamic, 'p1=3 p2=3'],
      ['tiers are used in order, later tiers only for the remainder', cands('p:1:0', 'x:1:1', 'y:10:2'), 5, dynamic, 'p=1 x=1 y=3'],
      ['static weight ignores tiers', cands('p:1:0', 'o:1:1'), 4, weighted, 'o=2 p=2'],
      ['duplicated ignores tiers', cands('p:1:0', 'o:1:1'), 4, duplicated, 'o=4 p=4'],
    ])('%s', (_name, candidates, replicas, strategy, want) => {
      expect(assignReplicas({ candidates, replicas, workload: true, strategy })).toEqual({ ok: true, targets: targets(want) });
    });
  });

  it('never mutates its candidates', () => {
    const candidates = cands('a:2', 'b:9');
    const before = JSON.stringify(candidates);
    assignReplicas({ candidates, replicas: 5, workload: true, strategy: aggregated });
    expect(JSON.stringify(candidates)).toBe(before);
  });
});
