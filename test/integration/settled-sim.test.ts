import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsDigest } from '../../src/apply/digest.js';
import { readInventory } from '../../src/apply/inventory-store.js';
import type { ClusterClient, LiveCache } from '../../src/kube/cluster-client.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { refKey, refOf, type ObjectRef } from '../../src/kube/object-ref.js';
import type { DriftMode } from '../../src/model/drift.js';
import { GitfedError } from '../../src/model/errors.js';
import type { KubeObject } from '../../src/model/kube.js';
import { reconcileCluster, type ReconcileClusterOptions } from '../../src/reconcile/reconcile-cluster.js';
import type { Fleet, SimCluster } from '../../src/sim/fleet.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// "Only what changed is sent": objects settled since gitfed's last apply get no request, against simulated clusters
// that keep managedFields and run workload controllers (status written on /status as the real ones do).
// Each scenario has its own cluster, so that the request counters count only its own cycles.
let fleet: Fleet;
const SCENARIOS = ['fields', 'cache', 'plain', 'change', 'edit', 'gone', 'failed', 'dry', 'cut', 'shared', 'bulk'] as const;

const LABELS = { 'app.kubernetes.io/managed-by': 'gitfed' };
const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: LABELS } };
const web = (replicas = 2): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: LABELS },
  spec: {
    replicas, selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1.0', ports: [{ containerPort: 8080 }] }] } },
  },
});
const settings = (level = 'low'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop', labels: LABELS }, data: { level } });
const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', labels: LABELS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } };
const plan = (over: { replicas?: number; level?: string } = {}): KubeObject[] => [ns, web(over.replicas), settings(over.level), svc];
const INVENTORY: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'gitfed-system', name: 'gitfed-inventory' };

const sim = (name: string): SimCluster => fleet.cluster(name);
const clientOf = (name: string): ClusterClient => createKubeClient({ kubeconfig: fleet.kubeconfig(), context: name });
const run = (client: ClusterClient, objects: KubeObject[], revision: string, extra: Partial<ReconcileClusterOptions> = {}, mode: DriftMode = 'correct') =>
  reconcileCluster(client, { objects, revision, dryRun: false, allowMassPrune: false, drift: { defaultMode: mode }, ...extra });
const actions = (entries: { subject: string; action: string }[]) => Object.fromEntries(entries.map((e) => [e.subject, e.action]));
const digestKeys = async (client: ClusterClient) => Object.keys((await readInventory(client))?.digests ?? {});

function rtOf(s: SimCluster, group: string, plural: string) {
  const rt = s.api.resolve(group, 'v1', plural);
  if (!rt) throw new Error(`${plural} not served`);
  return rt;
}

/** write changes an object in place as another writer: a merge patch (what `kubectl edit` sends) or a forced apply. */
function write(s: SimCluster, group: string, plural: string, name: string, body: unknown, manager: string, how: { subresource?: 'status'; apply?: boolean } = {}): void {
  const type = how.apply ? 'application/apply-patch+yaml' : 'application/merge-patch+json';
  s.api.patch(rtOf(s, group, plural), 'shop', name, type, JSON.stringify(body), { manager, dryRun: false, ...(how.apply ? { force: true } : {}), ...(how.subresource ? { subresource: how.subresource } : {}) });
}

/** mapCache is a watch cache that holds what the cluster held when it was filled, as a LiveCache. */
async function mapCache(client: ClusterClient, objects: readonly KubeObject[]): Promise<LiveCache & { asked: number }> {
  const held = new Map<string, KubeObject>();
  for (const ref of [INVENTORY, ...objects.map(refOf)]) {
    const obj = await client.get(ref);
    if (obj) held.set(refKey(ref), obj);
  }
  const cache = { asked: 0, peek: (key: string) => (cache.asked++, held.get(key)) };
  return cache;
}

/** failing is the client with the real applies that `when` picks failing as the server's 500 would. */
function failing(client: ClusterClient, when: (obj: KubeObject) => boolean): ClusterClient {
  return {
    cluster: client.cluster,
    get: (ref) => client.get(ref),
    apply: async (obj, o) => {
      if (!o.dryRun && when(obj)) throw new GitfedError('ClusterApiError', `${client.cluster}: ${obj.kind}/${obj.metadata.name}`, 'apply failed (500 InternalError)');
      return client.apply(obj, o);
    },
    delete: (ref) => client.delete(ref),
    list: (apiVersion, kind, o) => client.list(apiVersion, kind, o),
  };
}

beforeAll(async () => {
  fleet = await startWorkloadFleet([...SCENARIOS]);
});

afterAll(async () => {
  await fleet?.stop();
});

describe('fieldsDigest on the simulator: a writer of gitfed\'s fields changes it, other writers do not', () => {
  // one Deployment per row, fresh from gitfed's apply
  let row = 0;
  it.each([
    ['a `kubectl edit` of a field gitfed set (Update takes it)', (n: string) => write(sim('fields'), 'apps', 'deployments', n, { spec: { replicas: 5 } }, 'kubectl-edit'), true],
    ['a forced apply of a field gitfed set by another manager', (n: string) => write(sim('fields'), 'apps', 'deployments', n, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: n }, spec: { replicas: 4 } }, 'helm', { apply: true }), true],
    ['an edit that removes a label gitfed set', (n: string) => write(sim('fields'), 'apps', 'deployments', n, { metadata: { labels: { 'app.kubernetes.io/managed-by': null } } }, 'kubectl-edit'), true],
    ['a status update', (n: string) => write(sim('fields'), 'apps', 'deployments', n, { status: { observedGeneration: 9 } }, 'kube-controller-manager', { subresource: 'status' }), false],
    ['another manager\'s annotation', (n: string) => write(sim('fields'), 'apps', 'deployments', n, { metadata: { annotations: { note: 'hi' } } }, 'kubectl-annotate'), false],
    ['an edit that writes the value gitfed set (no change gives no ownership)', (n: string) => write(sim('fields'), 'apps', 'deployments', n, { spec: { replicas: 2 } }, 'kubectl-edit'), false],
  ] as const)('%s', async (name, change, changes) => {
    const client = clientOf('fields');
    await run(client, [ns], 'r0');
    const obj = { ...web(2), metadata: { ...web(2).metadata, name: `w${++row}` } };
    const applied = await client.apply(obj, { dryRun: false, force: true });
    const before = fieldsDigest(applied);
    expect(before).toBeDefined();
    expect(fieldsDigest((await client.get(refOf(obj))) as KubeObject)).toBe(before);
    change(obj.metadata.name);
    const after = fieldsDigest((await client.get(refOf(obj))) as KubeObject);
    expect(after === before).toBe(!changes);
  });
});

describe('only what changed is sent', () => {
  it('a no-op cycle with a cache that answers sends no request of any kind and writes nothing', async () => {
    const client = clientOf('cache');
    expect((await run(client, plan(), 'r1')).error).toBeUndefined();
    const cache = await mapCache(client, plan());
    sim('cache').counters.reset();
    const again = await run(client, plan(), 'r1', { cache });
    expect(again.error).toBeUndefined();
    expect(Object.values(actions(again.entries))).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(again.drift).toEqual({ cluster: 'cache', objects: [] });
    expect(sim('cache').counters.snapshot().total).toBe(0);
    expect(cache.asked).toBe(5);
  });

  it('a first sync reads each kind with one list, not a GET per object; an object someone else made is still refused', async () => {
    const client = clientOf('bulk');
    await run(client, [ns], 'r0');
    const configs = Array.from({ length: 6 }, (_, i) => ({ ...settings(), metadata: { ...settings().metadata, name: `c${i}` } }));
    write(sim('bulk'), '', 'configmaps', 'c5', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c5', namespace: 'shop' }, data: { theirs: 'yes' } }, 'someone', { apply: true });
    sim('bulk').counters.reset();
    const first = await run(client, [ns, ...configs], 'r1');
    expect(actions(first.entries)).toMatchObject({ 'ConfigMap/shop/c0': 'created', 'ConfigMap/shop/c4': 'created', 'ConfigMap/shop/c5': 'failed' });
    const sent = sim('bulk').counters.snapshot();
    // one list of ConfigMaps; GETs only for the inventory and the namespace (fewer of a kind than a list is worth)
    expect(sent.list).toBe(1);
    expect(sent.get).toBe(2);
    // the only dry run is the drift check of c5, which exists; the absent ones are created at once
    expect(sent.dryRuns).toBe(1);
    expect(sent.patch).toBe(5 + 2);
    expect((s => s.api.get(rtOf(s, '', 'configmaps'), 'shop', 'c5') as unknown as { data: unknown })(sim('bulk')).data).toEqual({ theirs: 'yes' });
  });

  it('without a cache a no-op cycle sends one GET per object and one for the inventory, and no dry run', async () => {
    const client = clientOf('plain');
    await run(client, plan(), 'r1');
    expect(await digestKeys(client)).toHaveLength(4);
    sim('plain').counters.reset();
    const again = await run(client, plan(), 'r1');
    expect(Object.values(actions(again.entries))).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(sim('plain').counters.snapshot()).toMatchObject({ get: 5, reads: 5, writes: 0, dryRuns: 0, total: 5 });
  });

  it('a commit changing one object\'s replicas sends one apply for it and nothing else but the inventory', async () => {
    const client = clientOf('change');
    await run(client, plan(), 'r1');
    sim('change').counters.reset();
    const changed = await run(client, plan({ replicas: 3 }), 'r2');
    expect(changed.entries.filter((e) => e.action !== 'unchanged')).toEqual([
      { key: 'apps/v1/Deployment/shop/web', subject: 'Deployment/shop/web', action: 'configured', reason: 'changed spec.replicas' },
    ]);
    expect(changed.drift).toEqual({ cluster: 'change', objects: [] });
    // the apply of web (no dry run: nobody else wrote its fields), and two inventory writes: web's old digest
    // dropped before the apply, the new revision and digest after it
    expect(sim('change').counters.snapshot()).toMatchObject({ get: 5, patch: 3, writes: 3, dryRuns: 0 });
    expect(await digestKeys(client)).toHaveLength(4);
    sim('change').counters.reset();
    await run(client, plan({ replicas: 3 }), 'r2');
    expect(sim('change').counters.snapshot()).toMatchObject({ writes: 0, dryRuns: 0 });
  });

  it('a hand edit of a field gitfed set is drift though the manifest did not change: held in report mode, put back in correct mode', async () => {
    const client = clientOf('edit');
    await run(client, plan(), 'r1');
    write(sim('edit'), 'apps', 'deployments', 'web', { spec: { replicas: 5 } }, 'kubectl-edit');
    const cache = await mapCache(client, plan());
    const report = await run(client, plan(), 'r1', { cache }, 'report');
    expect(report.drift?.objects).toEqual([{
      key: 'apps/v1/Deployment/shop/web', subject: 'Deployment/shop/web', type: 'modified', mode: 'report',
      fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }],
    }]);
    expect(actions(report.entries)).toMatchObject({ 'Deployment/shop/web': 'held', 'ConfigMap/shop/settings': 'unchanged' });
    expect(await digestKeys(client)).not.toContain('apps/v1/Deployment/shop/web');
    const correct = await run(client, plan(), 'r1');
    expect(correct.drift?.objects.map((o) => o.subject)).toEqual(['Deployment/shop/web']);
    expect(actions(correct.entries)).toMatchObject({ 'Deployment/shop/web': 'configured' });
    expect(((await client.get(refOf(web()))) as KubeObject).spec).toMatchObject({ replicas: 2 });
    expect(await digestKeys(client)).toContain('apps/v1/Deployment/shop/web');
  });

  it('an object another writer edited back to gitfed\'s value records no digest: its next edit is still drift', async () => {
    const client = clientOf('shared');
    await run(client, plan(), 'r1');
    write(sim('shared'), 'apps', 'deployments', 'web', { spec: { replicas: 5 } }, 'kubectl-edit');
    write(sim('shared'), 'apps', 'deployments', 'web', { spec: { replicas: 2 } }, 'kubectl-edit');
    // the values agree, so nothing is drift and nothing is written; but kubectl-edit, not gitfed, owns spec.replicas
    const same = await run(client, plan(), 'r1');
    expect(same.drift?.objects).toEqual([]);
    expect(actions(same.entries)).toMatchObject({ 'Deployment/shop/web': 'unchanged' });
    expect(await digestKeys(client)).not.toContain('apps/v1/Deployment/shop/web');
    write(sim('shared'), 'apps', 'deployments', 'web', { spec: { replicas: 7 } }, 'kubectl-edit');
    const later = await run(client, plan(), 'r1', {}, 'report');
    expect(later.drift?.objects.map((o) => o.fields)).toEqual([[{ path: 'spec.replicas', desired: 2, live: 7, manager: 'kubectl-edit' }]]);
  });

  it('an object deleted by hand is missing: reported in report mode, created again in correct mode', async () => {
    const client = clientOf('gone');
    await run(client, plan(), 'r1');
    await client.delete(refOf(settings()));
    // a cache cannot say an object is absent: the GET does
    const cache = await mapCache(client, plan());
    const report = await run(client, plan(), 'r1', { cache }, 'report');
    expect(report.drift?.objects).toEqual([{ key: 'v1/ConfigMap/shop/settings', subject: 'ConfigMap/shop/settings', type: 'missing', fields: [], mode: 'report' }]);
    expect(actions(report.entries)).toMatchObject({ 'ConfigMap/shop/settings': 'held' });
    const correct = await run(client, plan(), 'r1');
    expect(actions(correct.entries)).toMatchObject({ 'ConfigMap/shop/settings': 'created' });
    expect(await client.get(refOf(settings()))).not.toBeNull();
    expect(await digestKeys(client)).toContain('v1/ConfigMap/shop/settings');
  });

  it('a failed apply leaves no digest, so the next run checks and applies it again', async () => {
    const client = clientOf('failed');
    await run(client, plan(), 'r1');
    const broken = failing(client, (o) => o.metadata.name === 'settings' && o.kind === 'ConfigMap');
    const failed = await run(broken, plan({ level: 'high' }), 'r2');
    expect(actions(failed.entries)).toMatchObject({ 'ConfigMap/shop/settings': 'failed' });
    expect(await digestKeys(client)).not.toContain('v1/ConfigMap/shop/settings');
    sim('failed').counters.reset();
    const retried = await run(client, plan({ level: 'high' }), 'r2');
    expect(actions(retried.entries)).toMatchObject({ 'ConfigMap/shop/settings': 'configured' });
    // without a digest it is checked in full: its dry run, then its apply
    expect(sim('failed').counters.snapshot()).toMatchObject({ dryRuns: 1 });
    expect(((await client.get(refOf(settings()))) as KubeObject).data).toEqual({ level: 'high' });
    expect(await digestKeys(client)).toContain('v1/ConfigMap/shop/settings');
  });

  it('a dry run records nothing', async () => {
    const client = clientOf('dry');
    await run(client, plan(), 'r1');
    const before = await client.get(INVENTORY);
    sim('dry').counters.reset();
    const dry = await run(client, plan({ replicas: 4 }), 'r2', { dryRun: true });
    expect(actions(dry.entries)).toMatchObject({ 'Deployment/shop/web': 'configured', 'ConfigMap/shop/settings': 'unchanged' });
    expect(sim('dry').counters.snapshot()).toMatchObject({ writes: 0, dryRuns: 1 });
    expect((await client.get(INVENTORY))?.data).toEqual(before?.data);
  });

  it('a cycle cut short after an apply leaves that object re-checked, so a return to the old manifest is applied', async () => {
    const client = clientOf('cut');
    await run(client, plan(), 'r1');
    // the inventory write after the applies fails: web was applied with 3 replicas, the cycle ends there
    let inventoryWrites = 0;
    const cut = failing(client, (o) => o.metadata.name === 'gitfed-inventory' && ++inventoryWrites === 2);
    const short = await run(cut, plan({ replicas: 3 }), 'r2');
    expect(short.error).toBeDefined();
    expect(((await client.get(refOf(web()))) as KubeObject).spec).toMatchObject({ replicas: 3 });
    // back to the manifest whose digest was recorded before: web must not pass for settled
    const back = await run(client, plan({ replicas: 2 }), 'r3');
    expect(actions(back.entries)).toMatchObject({ 'Deployment/shop/web': 'configured' });
    expect(((await client.get(refOf(web()))) as KubeObject).spec).toMatchObject({ replicas: 2 });
  });
});
