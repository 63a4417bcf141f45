import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { readDirectorySnapshot } from '../../src/git/directory-source.js';
import type { KubeObject } from '../../src/model/kube.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { reconcileOnce } from '../../src/reconcile/reconcile-once.js';
import type { ReconcileResult } from '../../src/model/reconcile-result.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// the member clusters of examples/kubefed-repo: three KubeFedClusters (eu-central offline) and one Karmada Cluster
const CLUSTERS = ['us-east', 'eu-west', 'eu-central', 'edge'];
let fleet: Fleet;
let example: Snapshot;

async function cycle(snapshot: Snapshot): Promise<ReconcileResult> {
  const kubeconfig = fleet.kubeconfig();
  return reconcileOnce(snapshot, (c, signal) => createKubeClient({ kubeconfig, context: c.context, cluster: c.name, signal, requestTimeoutMs: 3000 }), {
    dryRun: false, allowMassPrune: false, clusterTimeoutMs: 15_000, concurrency: 4,
  });
}

/** edited is the example with one file's text changed. */
function edited(path: string, edit: (text: string) => string): Snapshot {
  const files = new Map(example.files);
  files.set(path, edit(files.get(path) ?? ''));
  return { revision: null, files };
}

function find(cluster: string, group: string, plural: string, name: string): KubeObject | undefined {
  const api = fleet.cluster(cluster).api;
  const type = api.resolve(group, 'v1', plural);
  if (!type) throw new Error(`no ${plural} in ${cluster}`);
  try {
    return api.get(type, plural === 'namespaces' ? undefined : 'shop', name);
  } catch {
    return undefined;
  }
}
const replicas = (cluster: string, name: string) => (find(cluster, 'apps', 'deployments', name)?.spec as { replicas?: number } | undefined)?.replicas;
const writes = () => fleet.clusters.reduce((n, c) => n + c.counters.snapshot().writes, 0);
const actions = (r: ReconcileResult, cluster: string) => Object.fromEntries(r.clusters.find((c) => c.cluster === cluster)?.entries.map((e) => [e.key, e.action]) ?? []);

beforeAll(async () => {
  example = await readDirectorySnapshot('examples/kubefed-repo');
  fleet = await startWorkloadFleet(CLUSTERS);
});

afterAll(async () => {
  await fleet?.stop();
});

describe('reconciling examples/kubefed-repo into simulated clusters', () => {
  it('creates what KubeFed and Federation v1 place: RSP and v1 replicas, overrides, the FederatedNamespace', async () => {
    const r = await cycle(example);
    expect(r.outcome).toBe('applied');
    expect(r.clusters.map((c) => [c.cluster, c.error ?? 'ok'])).toEqual([['edge', 'ok'], ['eu-central', 'ok'], ['eu-west', 'ok'], ['us-east', 'ok']]);
    expect([replicas('us-east', 'web'), replicas('eu-west', 'web')]).toEqual([6, 3]);
    expect([replicas('us-east', 'worker'), replicas('eu-west', 'worker')]).toEqual([4, 2]);
    expect(find('us-east', 'apps', 'deployments', 'web')?.metadata.labels).toMatchObject({ 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' });
    const config = find('eu-west', '', 'configmaps', 'web-config');
    expect(config?.data).toEqual({ REGION: 'eu', LOG_LEVEL: 'info' });
    expect(config?.metadata.annotations).toMatchObject({ 'shop.example.com/owner': 'team-eu' });
    expect(find('eu-west', '', 'configmaps', 'legacy-settings')).toBeDefined();
    expect(find('us-east', '', 'configmaps', 'legacy-settings')).toBeUndefined();
  });

  it('the edge cluster gets only the Namespace, and the offline cluster nothing of the shop', () => {
    expect(find('edge', '', 'namespaces', 'shop')).toBeDefined();
    expect(find('edge', 'apps', 'deployments', 'web')).toBeUndefined();
    expect(find('edge', 'apps', 'deployments', 'worker')).toBeUndefined();
    expect(find('eu-central', '', 'namespaces', 'shop')).toBeUndefined();
  });

  it('a second run makes no writes', async () => {
    for (const c of fleet.clusters) c.counters.reset();
    const r = await cycle(example);
    expect(r.outcome).toBe('applied');
    expect(writes()).toBe(0);
  });

  it('a new totalReplicas in the RSP configures only the Deployment it schedules', async () => {
    const r = await cycle(edited('shop/web.yaml', (t) => t.replace('totalReplicas: 9', 'totalReplicas: 12')));
    const changed = r.clusters.flatMap((c) => c.entries.filter((e) => e.action !== 'unchanged').map((e) => `${c.cluster}:${e.key}:${e.action}`));
    expect(changed.sort()).toEqual(['eu-west:apps/v1/Deployment/shop/web:configured', 'us-east:apps/v1/Deployment/shop/web:configured']);
    expect([replicas('us-east', 'web'), replicas('eu-west', 'web')]).toEqual([8, 4]);
  });

  it('invalid overrides (a path twice) change nothing anywhere: the ConfigMap is kept, not pruned, as KubeFed leaves it', async () => {
    const r = await cycle(edited('shop/web.yaml', (t) => t.replace('        - path: /data/REGION   # no op means replace\n          value: eu\n', '        - path: /data/REGION\n          value: eu\n        - path: /data/REGION\n          value: again\n')));
    expect(r.outcome).toBe('applied');
    expect(r.diagnostics.map((d) => d.message)).toContain('FederatedConfigMap/shop/web-config is propagated nowhere: ApplyOverridesFailed: path "/data/REGION" appears more than once for cluster "eu-west"');
    expect(actions(r, 'eu-west')['v1/ConfigMap/shop/web-config']).toBeUndefined();
    expect(find('eu-west', '', 'configmaps', 'web-config')?.data).toEqual({ REGION: 'eu', LOG_LEVEL: 'info' });
  });

  it('a FederatedConfigMap removed from the repository is pruned where it was', async () => {
    const r = await cycle(edited('shop/web.yaml', (t) => t.slice(0, t.indexOf('apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap'))));
    expect(actions(r, 'us-east')['v1/ConfigMap/shop/web-config']).toBe('pruned');
    expect(find('us-east', '', 'configmaps', 'web-config')).toBeUndefined();
  });
});
