import { describe, expect, it } from 'vitest';
import { readCapacity, summarize } from '../../../src/apply/capacity.js';
import type { KubeObject } from '../../../src/model/kube.js';
import { estimateAvailableReplicas } from '../../../src/render/replicas/estimator.js';
import { makeCluster } from '../../helpers/builders.js';
import { FakeCluster } from './fake-cluster.js';

const node = (name: string, allocatable: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { allocatable } });

function pod(name: string, phase: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec, status: { phase } } as KubeObject;
}
const container = (resources: Record<string, Record<string, string>>): Record<string, unknown> => ({ name: 'c', image: 'x', resources });

describe('capacity', () => {
  const nodes = [node('n1', { cpu: '4', memory: '8Gi', pods: '110' }), node('n2', { cpu: '3500m', memory: '4Gi', pods: '110' })];

  it.each([
    ['no pods', [], { pods: '0' }],
    ['requests are summed, limits fill missing requests', [
      pod('a', 'Running', { containers: [container({ requests: { cpu: '250m', memory: '1Gi' } }), container({ limits: { cpu: '1', memory: '512Mi' } })] }),
    ], { cpu: '1250m', memory: String(1536 * 1024 * 1024), pods: '1' }],
    ['finished pods hold nothing', [
      pod('done', 'Succeeded', { containers: [container({ requests: { cpu: '2' } })] }),
      pod('failed', 'Failed', { containers: [container({ requests: { cpu: '2' } })] }),
      pod('pending', 'Pending', { containers: [container({ requests: { cpu: '100m' } })] }),
    ], { cpu: '100m', pods: '1' }],
    ['an init container larger than the sum wins, overhead is added', [
      pod('i', 'Running', { initContainers: [container({ requests: { cpu: '2' } })], containers: [container({ requests: { cpu: '500m' } })], overhead: { cpu: '10m' } }),
    ], { cpu: '2010m', pods: '1' }],
  ])('%s', (_name, pods, allocated) => {
    const summary = summarize(nodes, pods);
    expect(summary.allocatable).toEqual({ cpu: '7500m', memory: String(12 * 1024 ** 3), pods: '220' });
    expect(summary.allocated).toEqual(allocated);
  });

  it('reads Nodes and Pods through the client and feeds the estimator', async () => {
    const fake = new FakeCluster('member1', [...nodes, pod('a', 'Running', { containers: [container({ requests: { cpu: '1500m' } })] })]);
    const summary = await readCapacity(fake);
    // (7500m - 1500m) / 1 cpu = 6 replicas
    expect(estimateAvailableReplicas(makeCluster('member1', { resourceSummary: summary }), { resourceRequest: { cpu: 1000 }, hasNodeClaim: false })).toBe(6);
  });
});
