import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';

// @kubernetes/client-node 1.4.0 against a simulated cluster: TLS verified with the fleet CA, bearer token.
let fleet: Fleet;
let client: k8s.KubernetesObjectApi;
let kc: k8s.KubeConfig;

const cm = (data: Record<string, string>): k8s.KubernetesObject & { data: Record<string, string> } => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data,
});

const deployment = (replicas: number): k8s.V1Deployment => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'api' } },
    template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'busybox:1.36' }] } },
  },
});

const SSA = k8s.PatchStrategy.ServerSideApply;
const API_REF = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' } };

/** statusOf extracts the Kubernetes Status carried by a client-node error (the body is raw text or parsed). */
function statusOf(err: unknown): { code?: number; reason?: string; message?: string } {
  const body = (err as { body?: unknown }).body;
  return typeof body === 'string' ? (JSON.parse(body) as object) : (body as object);
}

beforeAll(async () => {
  fleet = await startFleet([{ name: 'member1' }, { name: 'member2' }]);
  kc = new k8s.KubeConfig();
  kc.loadFromString(fleet.kubeconfig());
  kc.setCurrentContext('member2');
  client = k8s.KubernetesObjectApi.makeApiClient(kc);
});

afterAll(async () => {
  await fleet?.stop();
});

describe('@kubernetes/client-node against the simulator', () => {
  it('creates with server-side apply and reads it back with defaults', async () => {
    const created = await client.patch(deployment(2), undefined, undefined, 'gitfed', true, SSA);
    expect(created.metadata?.uid).toBeTruthy();
    const read = await client.read<k8s.V1Deployment>(API_REF);
    expect(read.spec?.revisionHistoryLimit).toBe(10);
    expect(read.spec?.template.spec?.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
    expect(read.metadata?.managedFields?.[0]).toMatchObject({ manager: 'gitfed', operation: 'Apply' });
  });

  it('dry-run apply changes nothing and a second manager conflicts unless forced', async () => {
    const before = await client.read<k8s.V1Deployment>(API_REF);
    const dry = await client.patch(deployment(7), undefined, 'All', 'gitfed', true, SSA);
    expect(dry.spec?.replicas).toBe(7);
    const after = await client.read<k8s.V1Deployment>(API_REF);
    expect(after.spec?.replicas).toBe(2);
    expect(after.metadata?.resourceVersion).toBe(before.metadata?.resourceVersion);
    const other = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' }, spec: { replicas: 9 } };
    const err = await client.patch(other, undefined, undefined, 'hpa-like', false, SSA).catch((e: unknown) => e);
    expect(statusOf(err)).toMatchObject({ code: 409, reason: 'Conflict' });
    const forced = await client.patch(other, undefined, undefined, 'hpa-like', true, SSA);
    expect((forced as k8s.V1Deployment).spec?.replicas).toBe(9);
  });

  it('lists with a label selector and records a merge patch as Update', async () => {
    await client.patch({ ...cm({ a: '1' }), metadata: { name: 'settings', namespace: 'default', labels: { tier: 'x' } } }, undefined, undefined, 'gitfed', true, SSA);
    const listed = await client.list('v1', 'ConfigMap', 'default', undefined, undefined, undefined, undefined, 'tier=x');
    expect(listed.items.map((i) => i.metadata?.name)).toEqual(['settings']);
    const patched = await client.patch(cm({ b: '2' }), undefined, undefined, 'editor', undefined, k8s.PatchStrategy.MergePatch);
    expect((patched as { data?: Record<string, string> }).data).toEqual({ a: '1', b: '2' });
    expect(patched.metadata?.managedFields?.find((m) => m.manager === 'editor')?.operation).toBe('Update');
  });

  it('watches ADDED, MODIFIED and DELETED', async () => {
    const seen: string[] = [];
    let deleted: () => void = () => undefined;
    const gone = new Promise<void>((resolve) => (deleted = resolve));
    const watch = new k8s.Watch(kc);
    const ctrl = await watch.watch('/api/v1/namespaces/default/configmaps', { allowWatchBookmarks: true }, (phase, obj: k8s.V1ConfigMap) => {
      if (obj.metadata?.name !== 'watched') return;
      seen.push(phase);
      if (phase === 'DELETED') deleted();
    }, () => undefined);
    try {
      await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched', namespace: 'default' }, data: { x: '1' } });
      await client.patch({ ...cm({ x: '2' }), metadata: { name: 'watched', namespace: 'default' } }, undefined, undefined, 'gitfed', true, SSA);
      await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched', namespace: 'default' } });
      // the DELETED event itself ends the wait
      await gone;
      expect(seen).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    } finally {
      ctrl.abort();
    }
  });

  it('deletes and then reads a 404 Status', async () => {
    await client.delete(deployment(2), undefined, undefined, undefined, undefined, 'Background');
    const err = await client.read(API_REF).catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(404);
    expect(statusOf(err)).toMatchObject({ reason: 'NotFound', message: 'deployments.apps "api" not found' });
  });

  it('gets the real Status for a missing namespace', async () => {
    const err = await client.create({ ...cm({}), metadata: { name: 'x', namespace: 'nope' } }).catch((e: unknown) => e);
    expect(statusOf(err)).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' });
  });

  it('is refused with a wrong token', async () => {
    const bad = new k8s.KubeConfig();
    bad.loadFromString(fleet.kubeconfig({ tokens: { member2: 'wrong' } }));
    bad.setCurrentContext('member2');
    const api = bad.makeApiClient(k8s.CoreV1Api);
    const err = await api.listNamespace().catch((e: unknown) => e);
    expect((err as { code?: number }).code).toBe(401);
  });
});
