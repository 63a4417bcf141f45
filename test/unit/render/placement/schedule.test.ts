import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../../../src/model/cluster.js';
import type { KubeObject } from '../../../../src/model/kube.js';
import type { Placement, ReplicaSchedulingStrategy } from '../../../../src/model/policy.js';
import { schedule, type ScheduleResult } from '../../../../src/render/placement/schedule.js';
import { capacity, makeCluster, makeDeployment } from '../../../helpers/builders.js';

const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: 'b' } };
const deploy = (replicas: number): KubeObject => makeDeployment('web', { replicas });
const pods = (name: string, n: number, over: Partial<Cluster> = {}): Cluster => makeCluster(name, { resourceSummary: capacity({ pods: n }), ...over });

const aggregated: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' };
const dynamic: ReplicaSchedulingStrategy = {
  replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' },
};
const equalStatic: ReplicaSchedulingStrategy = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' };
const AFFINITY = 'cluster(s) did not match the placement cluster affinity constraint';

type Expected = { targets: [string, number | undefined][]; affinityName?: string } | string;

function summary(r: ScheduleResult): Expected {
  if (!r.ok) return r.reason;
  const targets = r.targets.map((t): [string, number | undefined] => [t.name, t.replicas]);
  return r.affinityName === undefined ? { targets } : { targets, affinityName: r.affinityName };
}

describe('schedule', () => {
  it.each<[string, KubeObject, Placement, Cluster[], Expected]>([
    ['no placement sends a Duplicated workload everywhere, sorted by name',
      deploy(3), {}, [pods('b', 10), pods('a', 10)], { targets: [['a', 3], ['b', 3]] }],
    ['a non-workload goes to every feasible cluster without a replica number',
      configMap, { clusterAffinity: { clusterNames: ['a', 'c'] } }, [makeCluster('a'), makeCluster('b'), makeCluster('c')],
      { targets: [['a', undefined], ['c', undefined]] }],
    ['deleting clusters are skipped but counted in the FitError total',
      configMap, {}, [makeCluster('a', { deleting: true })], '0/1 clusters are available: no cluster exists.'],
    ['no cluster at all is a FitError', configMap, {}, [], '0/0 clusters are available: no cluster exists.'],
    ['nothing fitting reports a sorted histogram of filter reasons',
      configMap, { clusterAffinity: { exclude: ['c'] } },
      [makeCluster('a', { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), makeCluster('b', { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] }), makeCluster('c')],
      `0/3 clusters are available: 1 ${AFFINITY}, 1 cluster(s) had untolerated taint {k=v:NoExecute}, 1 cluster(s) had untolerated taint {k=v:NoSchedule}.`],
    ['PreferNoSchedule taints do not filter',
      configMap, {}, [makeCluster('a', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] })], { targets: [['a', undefined]] }],
    ['empty toleration key with Exists tolerates everything',
      configMap, { clusterTolerations: [{ operator: 'Exists' }] }, [makeCluster('a', { taints: [{ key: 'x', effect: 'NoExecute' }] })], { targets: [['a', undefined]] }],
    ['a cluster without the API resource is filtered',
      deploy(1), {}, [pods('a', 5, { apiEnablements: [{ groupVersion: 'v1', resources: [{ name: 'configmaps', kind: 'ConfigMap' }] }] }), pods('b', 5)],
      { targets: [['b', 1]] }],
    ['maxGroups unset fails the cluster spread',
      configMap, { spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: 0 }] }, [makeCluster('a')],
      'failed to assign replicas: no clusters available to schedule'],
    ['maxGroups unset fails the cluster spread for divided workloads',
      deploy(2), { replicaScheduling: dynamic, spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: 0 }] }, [pods('a', 5)],
      'failed to select clusters: no enough resource when selecting 0 clusters'],
    ['spread constraints are ignored for static weights',
      deploy(4), { replicaScheduling: equalStatic, spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: 1 }] },
      [pods('a', 1), pods('b', 1)], { targets: [['a', 2], ['b', 2]] }],
    ['a cluster spread keeps the most available clusters for Duplicated',
      deploy(2), { spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: 2 }] },
      [pods('a', 1), pods('b', 9), pods('c', 5)], { targets: [['b', 2], ['c', 2]] }],
    ['zone constraints alone cannot select clusters',
      configMap, { spreadConstraints: [{ spreadByField: 'zone', minGroups: 1, maxGroups: 2 }] }, [makeCluster('a', { zones: ['z'] })],
      'failed to select clusters: just support cluster and region spread constraint'],
    ['a region spread filters clusters without a region',
      configMap, { spreadConstraints: [{ spreadByField: 'region', minGroups: 1, maxGroups: 1 }, { spreadByField: 'cluster', minGroups: 1, maxGroups: 1 }] },
      [makeCluster('a'), makeCluster('b', { region: 'eu' })], { targets: [['b', undefined]] }],
  ])('%s', (_name, object, placement, clusters, expected) => {
    expect(summary(schedule({ object, placement, clusters }))).toEqual(expected);
  });
});

describe('schedule with clusterAffinities', () => {
  const clusters = [pods('small', 1), pods('big', 10), pods('other', 10)];
  it.each<[string, KubeObject, Placement, Expected]>([
    ['the first term that fits is used alone',
      deploy(2), { clusterAffinities: [{ affinityName: 'one', clusterNames: ['big'] }, { affinityName: 'two', clusterNames: ['other'] }] },
      { targets: [['big', 2]], affinityName: 'one' }],
    ['second clusterAffinities term is used when the first has no capacity',
      deploy(3), { replicaScheduling: aggregated, clusterAffinities: [{ affinityName: 'one', clusterNames: ['small'] }, { affinityName: 'two', clusterNames: ['big'] }] },
      { targets: [['big', 3]], affinityName: 'two' }],
    ['second term is used when the first matches no cluster',
      configMap, { clusterAffinities: [{ affinityName: 'one', clusterNames: ['nowhere'] }, { affinityName: 'two', clusterNames: ['other'] }] },
      { targets: [['other', undefined]], affinityName: 'two' }],
    ['terms are never combined even when the first lacks capacity',
      deploy(12), { replicaScheduling: dynamic, clusterAffinities: [{ affinityName: 'one', clusterNames: ['small', 'big'] }, { affinityName: 'two', clusterNames: ['big', 'other'] }] },
      { targets: [['big', 6], ['other', 6]], affinityName: 'two' }],
    ['when every term fails the first term error is reported',
      configMap, { clusterAffinities: [{ affinityName: 'one', clusterNames: ['x'] }, { affinityName: 'two', clusterNames: ['y'] }] },
      `0/3 clusters are available: 3 ${AFFINITY}.`],
    ['an empty clusterAffinities list places nothing',
      configMap, { clusterAffinities: [] }, 'clusterAffinities has no term to schedule with'],
    ['overflow affinities take what the primary clusters cannot hold',
      deploy(5), { replicaScheduling: aggregated, clusterAffinities: [{ affinityName: 'idc', clusterNames: ['small'], overflowAffinities: [{ clusterNames: ['big'] }] }] },
      { targets: [['big', 4], ['small', 1]], affinityName: 'idc' }],
    ['non-workloads ignore overflow affinities',
      configMap, { clusterAffinities: [{ affinityName: 'idc', clusterNames: ['small'], overflowAffinities: [{ clusterNames: ['big'] }] }] },
      { targets: [['small', undefined]], affinityName: 'idc' }],
  ])('%s', (_name, object, placement, expected) => {
    expect(summary(schedule({ object, placement, clusters }))).toEqual(expected);
  });

  it('does not mutate its inputs', () => {
    const placement: Placement = { replicaScheduling: aggregated, clusterAffinities: [{ affinityName: 'one', clusterNames: ['big', 'small'] }] };
    const input = { object: deploy(3), placement, clusters: [pods('small', 1), pods('big', 10)] };
    const before = JSON.stringify(input);
    schedule(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
