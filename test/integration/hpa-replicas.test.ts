import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { reconcileOnce } from '../../src/reconcile/reconcile-once.js';
import type { ReconcileResult } from '../../src/model/reconcile-result.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { snapshotOf } from '../helpers/builders.js';

let fleet: Fleet;

const files = {
  'clusters.yaml': 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\n',
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  // no replicas: an autoscaler in the member cluster owns them
  'api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: api, image: api:1}]}\n',
  'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n',
};

const cycle = (): Promise<ReconcileResult> => {
  const kubeconfig = fleet.kubeconfig();
  return reconcileOnce(snapshotOf(files, 'rev'), (c, signal) => createKubeClient({ kubeconfig, context: c.context, cluster: c.name, signal }), {
    dryRun: false, allowMassPrune: false, clusterTimeoutMs: 10_000, concurrency: 1,
  });
};

const api = () => fleet.cluster('m1')!.api;
const rt = () => api().resolve('apps', 'v1', 'deployments')!;
const replicas = () => (api().get(rt(), 'shop', 'api').spec as { replicas: number }).replicas;

beforeAll(async () => {
  fleet = await startFleet([{ name: 'm1' }]);
});

afterAll(async () => {
  await fleet?.stop();
});

describe('a template that leaves replicas out lets an autoscaler own them', () => {
  it('gitfed neither reports the autoscaler as drift nor puts the replicas back', async () => {
    await cycle();
    expect(replicas()).toBe(1);
    api().patch(rt(), 'shop', 'api', 'application/merge-patch+json', JSON.stringify({ spec: { replicas: 4 } }), { manager: 'horizontal-pod-autoscaler', dryRun: false, subresource: 'scale' });
    const r = await cycle();
    expect(r.clusters[0]?.drift?.objects).toEqual([]);
    expect(r.clusters[0]?.entries.find((e) => e.key === 'apps/v1/Deployment/shop/api')?.action).toBe('unchanged');
    expect(replicas()).toBe(4);
  });
});
