import { describe, expect, it } from 'vitest';
import { capacityMatters } from '../../../src/render/capacity-use.js';
import type { Placement, PropagationPolicy } from '../../../src/model/policy.js';

const policy = (placement: Placement): PropagationPolicy => ({ placement } as unknown as PropagationPolicy);

describe('which policies read cluster capacity (and make the running reconciler watch Nodes and Pods)', () => {
  it.each<[string, Placement, boolean]>([
    ['Duplicated', { replicaScheduling: { replicaSchedulingType: 'Duplicated' } } as Placement, false],
    ['no replicaScheduling (Duplicated)', {} as Placement, false],
    ['Divided by static weights', { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { staticWeightList: [] } } } as unknown as Placement, false],
    ['Divided without a preference (static)', { replicaScheduling: { replicaSchedulingType: 'Divided' } } as Placement, false],
    ['Divided by dynamic weights', { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } } } as unknown as Placement, true],
    ['Divided, Aggregated', { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' } } as Placement, true],
    ['spread constraints (candidates sorted by available replicas)', { spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 2, minGroups: 1 }] } as unknown as Placement, true],
    ['empty spread constraints', { spreadConstraints: [] } as unknown as Placement, false],
  ])('%s', (_name, placement, matters) => {
    expect(capacityMatters({ propagationPolicies: [policy(placement)] })).toBe(matters);
  });

  it('one policy that reads capacity is enough; none is none', () => {
    const dup = policy({});
    const agg = policy({ replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' } } as Placement);
    expect(capacityMatters({ propagationPolicies: [dup, agg] })).toBe(true);
    expect(capacityMatters({ propagationPolicies: [] })).toBe(false);
  });
});
