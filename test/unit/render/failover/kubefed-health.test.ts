import { describe, expect, it } from 'vitest';
import type { ClusterCondition, ReadyStatus } from '../../../../src/model/cluster-health.js';
import { renderSnapshot, type HealthInput } from '../../../../src/render/index.js';
import { snapshotOf } from '../../../helpers/builders.js';
import {
  bindingOf, deploymentTemplate, docs, federated, fedNamespace, kubefedCluster, READY, replicasIn, rsp, STANDARD_FTCS,
} from '../kubefed/fixtures.js';

// KubeFed's controllers write each KubeFedCluster's Ready condition from their own probes, and skip clusters that are
// not ready (kubefed-semantics §3): a probed member's live condition stands in for the repository's status.

const NOW = Date.parse('2026-12-04T10:00:00Z');
const condition = (status: ReadyStatus): ClusterCondition => ({
  type: 'Ready', status, reason: status === 'True' ? 'ClusterReady' : 'ClusterNotReachable', message: '',
  lastProbeTime: '2026-12-04T10:00:00Z', lastTransitionTime: '2026-12-04T10:00:00Z',
});
const health = (statuses: Record<string, ReadyStatus>): HealthInput => ({ conditions: new Map(Object.entries(statuses).map(([n, s]) => [n, condition(s)])), now: NOW });

function render(h: HealthInput | undefined, c2Status?: Record<string, unknown>) {
  const clusters = docs(kubefedCluster('c1'), kubefedCluster('c2', {}, c2Status), kubefedCluster('c3'));
  const fed = federated('Deployment', 'shop', 'web', { template: deploymentTemplate(3), placement: { clusterSelector: {} } });
  const files = { 'clusters.yaml': clusters, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(fedNamespace('shop'), fed, rsp('shop', 'web', { totalReplicas: 6 })) };
  return renderSnapshot(snapshotOf(files), undefined, undefined, h).plan;
}

describe('KubeFed reads a probed member\'s live readiness', () => {
  it.each<[string, HealthInput | undefined, Record<string, unknown> | undefined, Record<string, number>, string[] | undefined]>([
    ['without probes the repository decides: no status is ready', undefined, undefined, { c1: 2, c2: 2, c3: 2 }, undefined],
    ['a member probed not ready is skipped and the RSP plans over the ready ones', health({ c1: 'True', c2: 'Unknown', c3: 'True' }), undefined, { c1: 3, c3: 3 }, ['c2']],
    ['Ready=False counts as not ready too', health({ c2: 'False' }), undefined, { c1: 3, c3: 3 }, ['c2']],
    ['a live Ready=True replaces a repository status that says not ready', health({ c2: 'True' }), { conditions: [{ type: 'Ready', status: 'False' }] }, { c1: 2, c2: 2, c3: 2 }, undefined],
    ['a member not probed yet keeps the repository\'s status', health({ c1: 'True' }), READY, { c1: 2, c2: 2, c3: 2 }, undefined],
  ])('%s', (_name, h, c2Status, replicas, notReady) => {
    const plan = render(h, c2Status);
    expect(replicasIn(plan, 'Deployment', 'web')).toEqual(replicas);
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/web')?.notReady).toEqual(notReady);
  });
});
