import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../src/kube/cluster-client.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { readInventory } from '../../src/apply/inventory-store.js';
import { reconcileCluster } from '../../src/reconcile/reconcile-cluster.js';
import { detectDrift } from '../../src/drift/detect.js';
import type { ClusterDrift, DriftMode } from '../../src/model/drift.js';
import type { KubeObject } from '../../src/model/kube.js';
import { driftOnce } from '../../src/reconcile/drift-once.js';
import { reconcileOnce } from '../../src/reconcile/reconcile-once.js';
import type { ReconcileResult } from '../../src/model/reconcile-result.js';
import type { Fleet, SimCluster } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { snapshotOf } from '../helpers/builders.js';

// Drift through the client-node adapter against simulated clusters that default objects, keep managedFields
// and run workload controllers: `direct` is driven with reconcileCluster, `member1` with whole reconcile cycles.
let fleet: Fleet;
let direct: SimCluster;
let client: ClusterClient;

const LABELS = { 'app.kubernetes.io/managed-by': 'gitfed' };
const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: LABELS } };
const deployment = (name: string, replicas?: number): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', labels: LABELS },
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    selector: { matchLabels: { app: name } },
    // no strategy, no imagePullPolicy, no port protocol: the server defaults them
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `${name}:1.0`, ports: [{ containerPort: 8080 }] }] } },
  },
});
const service: KubeObject = {
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', labels: LABELS },
  // clusterIP, type, sessionAffinity, protocol and targetPort come from the server
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
};
const hpa: KubeObject = {
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'shop', labels: LABELS },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 1, maxReplicas: 10 },
};
const planned = [ns, deployment('web', 2), deployment('api'), service, hpa];

function rtOf(sim: SimCluster, group: string, plural: string) {
  const rt = sim.api.resolve(group, group === '' ? 'v1' : 'v1', plural);
  if (!rt) throw new Error(`${plural} not served`);
  return rt;
}

/** edit changes an object with a merge patch as another field manager (what `kubectl edit` sends). */
function edit(sim: SimCluster, group: string, plural: string, name: string, body: unknown, manager: string, subresource?: 'scale'): void {
  sim.api.patch(rtOf(sim, group, plural), 'shop', name, 'application/merge-patch+json', JSON.stringify(body), { manager, dryRun: false, ...(subresource ? { subresource } : {}) });
}

function liveReplicas(sim: SimCluster, name: string): number {
  return (sim.api.get(rtOf(sim, 'apps', 'deployments'), 'shop', name).spec as { replicas: number }).replicas;
}

async function detect(objects: readonly KubeObject[], defaultMode: DriftMode = 'correct'): Promise<ClusterDrift> {
  const inventory = await readInventory(client);
  return detectDrift(client, objects, { inventory: inventory?.keys ?? null, defaultMode });
}

beforeAll(async () => {
  fleet = await startWorkloadFleet(['direct', 'member1']);
  direct = fleet.cluster('direct');
  client = createKubeClient({ kubeconfig: fleet.kubeconfig(), context: 'direct' });
});

afterAll(async () => {
  await fleet?.stop();
});

describe('detectDrift against a simulated cluster', () => {
  it('finds no drift right after an apply: defaulted Services and Deployments, controller status', async () => {
    const result = await reconcileCluster(client, { objects: planned, revision: 'r1', dryRun: false, allowMassPrune: false, drift: { defaultMode: 'correct' } });
    expect(result.error).toBeUndefined();
    expect(result.drift).toEqual({ cluster: 'direct', objects: [] });
    // the server really did default what the plan leaves out
    const svc = direct.api.get(rtOf(direct, '', 'services'), 'shop', 'web').spec as { clusterIP?: string; ports: { protocol?: string; targetPort?: number }[] };
    expect(svc.clusterIP).toBeTruthy();
    expect(svc.ports[0]).toMatchObject({ protocol: 'TCP', targetPort: 80 });
    const web = direct.api.get(rtOf(direct, 'apps', 'deployments'), 'shop', 'web').spec as { strategy?: { type: string }; template: { spec: { containers: { imagePullPolicy?: string }[] } } };
    expect(web.strategy?.type).toBe('RollingUpdate');
    expect(web.template.spec.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
    expect(await detect(planned)).toEqual({ cluster: 'direct', objects: [] });
  });

  it('replicas written by an autoscaler on a Deployment whose plan leaves them out are not drift', async () => {
    edit(direct, 'apps', 'deployments', 'api', { spec: { replicas: 4 } }, 'horizontal-pod-autoscaler', 'scale');
    expect(liveReplicas(direct, 'api')).toBe(4);
    expect(await detect(planned)).toEqual({ cluster: 'direct', objects: [] });
  });

  it('replicas changed by another manager are drift, naming the path, both values and the manager', async () => {
    edit(direct, 'apps', 'deployments', 'web', { spec: { replicas: 5 } }, 'kubectl-edit');
    expect(await detect(planned)).toEqual({ cluster: 'direct', objects: [{
      key: 'apps/v1/Deployment/shop/web', subject: 'Deployment/shop/web', type: 'modified', mode: 'correct',
      fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }],
    }] });
  });

  it('a scale through the /scale subresource names its manager too', async () => {
    edit(direct, 'apps', 'deployments', 'web', { spec: { replicas: 7 } }, 'kubectl', 'scale');
    const drift = await detect(planned);
    expect(drift.objects[0]?.fields).toEqual([{ path: 'spec.replicas', desired: 2, live: 7, manager: 'kubectl' }]);
  });

  it('an edited container image is reported by its keyed path', async () => {
    edit(direct, 'apps', 'deployments', 'api', { spec: { template: { spec: { containers: [{ name: 'api', image: 'api:hotfix', ports: [{ containerPort: 8080 }] }] } } } }, 'kubectl-edit');
    const drift = await detect(planned);
    expect(drift.objects.find((o) => o.key === 'apps/v1/Deployment/shop/api')?.fields).toEqual([
      { path: 'spec.template.spec.containers[name="api"].image', desired: 'api:1.0', live: 'api:hotfix', manager: 'kubectl-edit' },
    ]);
  });

  it('an object of the inventory that someone deleted is missing; an object never applied is not', async () => {
    direct.api.delete(rtOf(direct, '', 'services'), 'shop', 'web', { dryRun: false });
    const extra: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: 'shop' }, data: { k: 'v' } };
    const drift = await detect([...planned, extra]);
    expect(drift.objects.find((o) => o.key === 'v1/Service/shop/web')).toEqual({ key: 'v1/Service/shop/web', subject: 'Service/shop/web', type: 'missing', fields: [], mode: 'correct' });
    expect(drift.objects.some((o) => o.key === 'v1/ConfigMap/shop/new')).toBe(false);
  });

  it('report mode leaves drifted objects as they are and keeps them owned; correct mode puts them back', async () => {
    const before = direct.counters.snapshot().writes;
    const report = await reconcileCluster(client, { objects: planned, revision: 'r2', dryRun: false, allowMassPrune: false, drift: { defaultMode: 'report' } });
    expect(report.drift?.objects.map((o) => `${o.subject} ${o.type} ${o.mode}`)).toEqual([
      'Deployment/shop/api modified report', 'Deployment/shop/web modified report', 'Service/shop/web missing report',
    ]);
    expect(report.entries.filter((e) => e.action === 'held').map((e) => e.subject)).toEqual(['Deployment/shop/api', 'Deployment/shop/web', 'Service/shop/web']);
    expect(liveReplicas(direct, 'web')).toBe(7);
    // only the inventory's revision was written; the held objects stay listed
    expect(direct.counters.snapshot().writes - before).toBe(1);
    expect((await readInventory(client))?.keys).toContain('v1/Service/shop/web');

    const correct = await reconcileCluster(client, { objects: planned, revision: 'r3', dryRun: false, allowMassPrune: false, drift: { defaultMode: 'correct' } });
    expect(correct.drift?.objects).toHaveLength(3);
    expect(Object.fromEntries(correct.entries.map((e) => [e.subject, e.action]))).toMatchObject({
      'Deployment/shop/web': 'configured', 'Deployment/shop/api': 'configured', 'Service/shop/web': 'created',
    });
    expect(liveReplicas(direct, 'web')).toBe(2);
    // the autoscaler's replicas are not gitfed's to restore
    expect(liveReplicas(direct, 'api')).toBe(4);
    expect(await detect(planned)).toEqual({ cluster: 'direct', objects: [] });
  });
});

// Whole cycles from a repository: gitfed.yaml sets the default mode, annotations override it per object.
const repo = (mode: DriftMode): Record<string, string> => ({
  'gitfed.yaml': `drift:\n  mode: ${mode}\n`,
  'clusters.yaml': 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: member1}\n',
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1.0}]}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
data: {password: c2VjcmV0}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: tuning, namespace: shop, annotations: {gitfed.io/drift: ignore}}
data: {level: low}
`,
  'policy.yaml': `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}, {apiVersion: v1, kind: Secret}, {apiVersion: v1, kind: ConfigMap}]
  placement: {clusterAffinity: {clusterNames: [member1]}}
`,
});

describe('drift in reconcile cycles', () => {
  const kubeconfig = () => fleet.kubeconfig();
  const connect = (c: { name: string; context: string }, signal: AbortSignal) => createKubeClient({ kubeconfig: kubeconfig(), context: c.context, cluster: c.name, signal });
  const cycle = (mode: DriftMode, revision: string): Promise<ReconcileResult> =>
    reconcileOnce(snapshotOf(repo(mode), revision), connect, { dryRun: false, allowMassPrune: false, clusterTimeoutMs: 20_000, concurrency: 2 });
  const check = async (mode: DriftMode) => (await driftOnce(snapshotOf(repo(mode), 'x'), connect, { clusterTimeoutMs: 20_000, concurrency: 2 })).clusters;
  const sim = () => fleet.cluster('member1');
  const summary = (d: ClusterDrift | undefined) => d?.objects.map((o) => `${o.subject} ${o.type} ${o.mode} ${o.fields.map((f) => `${f.path}=${JSON.stringify(f.desired)}->${JSON.stringify(f.live)} (${f.manager})`).join(' ')}`.trim());

  it('a fresh fleet is in sync after the first cycle', async () => {
    const first = await cycle('report', 'c1');
    expect(first.clusters[0]?.error).toBeUndefined();
    expect(first.clusters[0]?.drift).toEqual({ cluster: 'member1', objects: [] });
    expect(await check('report')).toEqual([{ cluster: 'member1', objects: [] }]);
  });

  it('report mode: drift stays and keeps being reported, Secret values masked, ignore-mode objects untouched', async () => {
    edit(sim(), 'apps', 'deployments', 'web', { spec: { replicas: 5 } }, 'kubectl-edit');
    edit(sim(), '', 'secrets', 'creds', { data: { password: 'aGFja2Vk' } }, 'kubectl-edit');
    edit(sim(), '', 'configmaps', 'tuning', { data: { level: 'high' } }, 'kubectl-edit');
    const expected = ['Deployment/shop/web modified report spec.replicas=2->5 (kubectl-edit)', 'Secret/shop/creds modified report data.password="***"->"***" (kubectl-edit)'];
    for (const revision of ['c2', 'c3']) {
      const r = await cycle('report', revision);
      expect(summary(r.clusters[0]?.drift)).toEqual(expected);
      expect(liveReplicas(sim(), 'web')).toBe(5);
    }
    expect(summary((await check('report'))[0])).toEqual(expected);
    expect(JSON.stringify(await check('report'))).not.toContain('aGFja2Vk');
  });

  it('correct mode reports the drift, puts it back in the same cycle, and the next check is in sync', async () => {
    const r = await cycle('correct', 'c4');
    expect(summary(r.clusters[0]?.drift)).toEqual([
      'Deployment/shop/web modified correct spec.replicas=2->5 (kubectl-edit)', 'Secret/shop/creds modified correct data.password="***"->"***" (kubectl-edit)',
    ]);
    expect(liveReplicas(sim(), 'web')).toBe(2);
    // gitfed.io/drift: ignore — never reported, never put back
    expect(sim().api.get(rtOf(sim(), '', 'configmaps'), 'shop', 'tuning').data).toEqual({ level: 'high' });
    expect(r.clusters[0]?.entries.find((e) => e.subject === 'ConfigMap/shop/tuning')).toMatchObject({ action: 'held', reason: 'drifted (ignore mode): not applied' });
    expect(await check('correct')).toEqual([{ cluster: 'member1', objects: [] }]);
    const next = await cycle('correct', 'c5');
    expect(next.clusters[0]?.drift).toEqual({ cluster: 'member1', objects: [] });
  });

  it('a deleted object is reported missing and recreated in correct mode', async () => {
    sim().api.delete(rtOf(sim(), 'apps', 'deployments'), 'shop', 'web', { dryRun: false });
    expect(summary((await check('correct'))[0])).toEqual(['Deployment/shop/web missing correct']);
    const r = await cycle('correct', 'c6');
    expect(r.clusters[0]?.entries.find((e) => e.subject === 'Deployment/shop/web')?.action).toBe('created');
    expect(await check('correct')).toEqual([{ cluster: 'member1', objects: [] }]);
  });
});
