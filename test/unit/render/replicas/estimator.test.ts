import { describe, expect, it } from 'vitest';
import type { ResourceSummary } from '../../../../src/model/cluster.js';
import { estimateAvailableReplicas } from '../../../../src/render/replicas/estimator.js';
import type { ReplicaRequirements } from '../../../../src/render/replicas/requirements.js';
import { capacity, makeCluster } from '../../../helpers/builders.js';

const req = (resourceRequest: Record<string, number>): ReplicaRequirements => ({ resourceRequest, hasNodeClaim: false });

describe('estimateAvailableReplicas (general estimator)', () => {
  // rows ported from Karmada pkg/estimator/client/general_test.go, plus the §4.4 edge rules
  it.each<[string, ResourceSummary | undefined, ReplicaRequirements | undefined, number]>([
    ['a missing resourceSummary gives 0', undefined, req({ cpu: 1000 }), 0],
    ['no allowed pods gives 0', { allocatable: { pods: '10' }, allocated: { pods: '10' } }, undefined, 0],
    ['nil requirements give the allowed pods', { allocatable: { pods: '10' } }, undefined, 10],
    ['basic resource estimation: min over pods, cpu and memory', capacity({ pods: '100', cpu: '4', memory: '8Gi' }, { pods: '20', cpu: '1', memory: '2Gi' }), req({ cpu: 500, memory: 1073741824 }), 6],
    ['allowed pods subtract allocated and allocating', { allocatable: { pods: '100' }, allocated: { pods: '40' }, allocating: { pods: '10' } }, undefined, 50],
    ['over-allocation gives 0', { allocatable: { pods: '100' }, allocated: { pods: '90' }, allocating: { pods: '20' } }, undefined, 0],
    ['missing pods in allocatable gives 0', { allocatable: { cpu: '8' } }, req({ cpu: 100 }), 0],
    ['a requested resource missing from allocatable gives 0', capacity({ pods: '100', cpu: '8' }), req({ cpu: 100, 'nvidia.com/gpu': 1 }), 0],
    ['a resource used up gives 0', capacity({ pods: '100', cpu: '2', memory: '4Gi' }, { memory: '4Gi' }), req({ cpu: 100, memory: 1 }), 0],
    ['allocating counts against resources too', { allocatable: { pods: '100', cpu: '4' }, allocating: { cpu: '3' } }, req({ cpu: 500 }), 2],
    ['pods are the bound when resources are plentiful', capacity({ pods: '3', cpu: '64' }), req({ cpu: 100 }), 3],
    ['requirements with only a node claim give the allowed pods', capacity({ pods: '7', cpu: '1' }), { resourceRequest: {}, hasNodeClaim: true }, 7],
    ['zero requests are ignored', capacity({ pods: '5' }), req({ cpu: 0 }), 5],
    ['floor(available / request) per resource', capacity({ pods: '100', cpu: '1', memory: '1000' }), req({ cpu: 300, memory: 300 }), 3],
    ['available rounds up to a whole unit before dividing', capacity({ pods: '100', memory: '2.5' }), req({ memory: 3 }), 1],
    ['cpu available is in millicores', capacity({ pods: '100', cpu: '1' }, { cpu: '999.5m' }), req({ cpu: 1 }), 1],
    ['pods are rounded on their own', capacity({ pods: '10' }, { pods: '0.5' }), undefined, 9],
  ])('%s', (_name, summary, requirements, want) => {
    expect(estimateAvailableReplicas(makeCluster('m1', summary ? { resourceSummary: summary } : {}), requirements)).toBe(want);
  });
});
