import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeStatuses } from '../../src/drift/status.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { reconcileOnce } from '../../src/reconcile/reconcile-once.js';
import { startControllers } from '../../src/sim/controllers/index.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { snapshotOf } from '../helpers/builders.js';

// reconcile --once with health read back: a member whose pods never become ready (a status delay no test reaches)
// is `pending` while its Deployment rolls out, not `success`.

const FILES = {
  'clusters.yaml': 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: member1}\n',
  'app.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
---
apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: nginx, namespace: default}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: nginx}]
  placement: {clusterAffinity: {clusterNames: [member1]}}
`,
};

let fleet: Fleet;

beforeAll(async () => {
  fleet = await startFleet([{ name: 'member1' }], { onClusterStarted: (c, spec) => startControllers(c.api, { name: spec.name, statusDelayMs: 3_600_000 }) });
});

afterAll(async () => {
  await fleet?.stop();
});

describe('reconcile --once reads health back for commit statuses', () => {
  it('a Deployment still rolling out makes its cluster pending', async () => {
    const connect = (c: { name: string; context: string }, signal: AbortSignal) => createKubeClient({ kubeconfig: fleet.kubeconfig(), context: c.context, cluster: c.name, signal });
    const result = await reconcileOnce(snapshotOf(FILES, 'abc'), connect, { dryRun: false, allowMassPrune: false, clusterTimeoutMs: 20_000, concurrency: 1, health: true });
    expect(result.clusters[0]?.error).toBeUndefined();
    expect(result.clusters[0]?.unhealthy).toEqual([{ subject: 'Deployment/default/nginx', status: 'InProgress', message: expect.stringMatching(/^0\/2 /) }]);
    const status = composeStatuses(result).find((s) => s.context === 'gitfed/member1');
    expect(status?.state).toBe('pending');
    expect(status?.description).toMatch(/^1 rolling out: Deployment\/default\/nginx 0\/2 /);
  });
});
