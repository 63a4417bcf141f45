import { describe, expect, it } from 'vitest';
import { collect, configMap, deployment, fixture, rvOf, statusOf, W, widgetCrd } from './fixture.js';

describe('cluster state: deletion and finalizers', () => {
  it('an immediate delete answers a Success Status naming the resource', () => {
    const { api, cm } = fixture();
    const a = api.create(cm, 'default', configMap('a'), W());
    expect(api.delete(cm, 'default', 'a', { dryRun: false })).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'a', group: '', kind: 'configmaps', uid: a.metadata['uid'] },
    });
    expect(statusOf(() => api.get(cm, 'default', 'a'))['code']).toBe(404);
  });

  it('a delete with finalizers only marks the object, bumps generation and sends MODIFIED', () => {
    const { api, deploy } = fixture();
    const body = deployment('web');
    (body['metadata'] as Record<string, unknown>)['finalizers'] = ['example.com/hold'];
    const d = api.create(deploy, 'default', body, W());
    const w = collect(api, deploy, 'default', { resourceVersion: rvOf(d) });
    const r = api.delete(deploy, 'default', 'web', { dryRun: false, propagationPolicy: 'Background' });
    expect(r).toMatchObject({ metadata: { deletionTimestamp: '2025-05-01T10:00:00Z', deletionGracePeriodSeconds: 0, generation: 2 } });
    expect(w.events.map((e) => e.type)).toEqual(['MODIFIED']);
  });

  it('removing the last finalizer deletes the object (DELETED)', () => {
    const { api, cm } = fixture();
    const a = api.create(cm, 'default', { ...configMap('a'), metadata: { name: 'a', finalizers: ['example.com/hold'] } }, W());
    api.delete(cm, 'default', 'a', { dryRun: false });
    const w = collect(api, cm, 'default', { resourceVersion: rvOf(a) });
    api.patch(cm, 'default', 'a', 'application/merge-patch+json', '{"metadata":{"finalizers":null}}', W());
    expect(w.events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(statusOf(() => api.get(cm, 'default', 'a'))['code']).toBe(404);
  });

  it('no new finalizer can be added once deletion started (422)', () => {
    const { api, cm } = fixture();
    api.create(cm, 'default', { ...configMap('a'), metadata: { name: 'a', finalizers: ['x.io/a'] } }, W());
    api.delete(cm, 'default', 'a', { dryRun: false });
    const st = statusOf(() => api.patch(cm, 'default', 'a', 'application/merge-patch+json', '{"metadata":{"finalizers":["x.io/a","x.io/b"]}}', W()));
    expect(st).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(String(st['message'])).toContain('no new finalizers can be added if the object is being deleted');
  });

  it.each([
    ['a Job without policy defaults to Orphan', 'batch', 'jobs', undefined, 'orphan'],
    ['Foreground adds foregroundDeletion', 'apps', 'deployments', 'Foreground', 'foregroundDeletion'],
    ['Orphan adds orphan', 'apps', 'deployments', 'Orphan', 'orphan'],
  ])('propagation: %s, and the garbage collector then lets the object go', async (_rule, group, plural, policy, finalizer) => {
    const { api, rt } = fixture();
    const type = rt(group, 'v1', plural);
    const body = plural === 'jobs'
      ? { metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }
      : { ...deployment('j') };
    api.create(type, 'default', body, W());
    const r = api.delete(type, 'default', 'j', { dryRun: false, ...(policy ? { propagationPolicy: policy } : {}) });
    expect((r as { metadata: { finalizers: string[] } }).metadata.finalizers).toEqual([finalizer]);
    await api.idle!();
    expect(statusOf(() => api.get(type, 'default', 'j'))['code']).toBe(404);
  });

  it('Background deletion removes dependents through ownerReferences', async () => {
    const { api, deploy, rt } = fixture();
    const d = api.create(deploy, 'default', deployment('web'), W());
    const rs = rt('apps', 'v1', 'replicasets');
    const owned = { ...deployment('web-1'), kind: 'ReplicaSet', metadata: { name: 'web-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata['uid'], controller: true }] } };
    api.create(rs, 'default', owned, W());
    api.delete(deploy, 'default', 'web', { dryRun: false, propagationPolicy: 'Background' });
    await api.idle!();
    expect(api.list(rs, 'default', {}).items).toEqual([]);
  });

  it.each([
    ['uid', { uid: 'other' }, 'Precondition failed: UID in precondition: other'],
    ['resourceVersion', { resourceVersion: '1' }, 'the ResourceVersion in the precondition (1) does not match'],
  ])('a delete precondition on %s that fails is 409', (_k, preconditions, message) => {
    const { api, cm } = fixture();
    api.create(cm, 'default', configMap('a'), W());
    const st = statusOf(() => api.delete(cm, 'default', 'a', { dryRun: false, preconditions }));
    expect(st).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(String(st['message'])).toContain(message);
  });
});

describe('cluster state: namespace lifecycle', () => {
  it('deleting a namespace makes it Terminating, cascades to its objects, then removes it', async () => {
    const { api, ns, cm, deploy } = fixture();
    api.create(ns, undefined, { metadata: { name: 'team' } }, W());
    api.create(cm, 'team', configMap('a'), W());
    api.create(deploy, 'team', deployment('web'), W());
    const r = api.delete(ns, undefined, 'team', { dryRun: false });
    expect(r).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });
    await api.idle!();
    expect(api.list(cm, 'team', {}).items).toEqual([]);
    expect(api.list(deploy, 'team', {}).items).toEqual([]);
    expect(statusOf(() => api.get(ns, undefined, 'team'))).toMatchObject({ code: 404, message: 'namespaces "team" not found' });
  });

  it('create in a terminating namespace is 403 with NamespaceTerminating', () => {
    const { api, ns, cm } = fixture();
    api.create(ns, undefined, { metadata: { name: 'team' } }, W());
    api.delete(ns, undefined, 'team', { dryRun: false });
    expect(statusOf(() => api.create(cm, 'team', configMap('a'), W()))).toMatchObject({
      code: 403, reason: 'Forbidden',
      message: 'configmaps "a" is forbidden: unable to create new content in namespace team because it is being terminated',
      details: { causes: [{ reason: 'NamespaceTerminating', message: 'namespace team is being terminated', field: 'metadata.namespace' }] },
    });
  });

  it('a second delete of a terminating namespace is 409', () => {
    const { api, ns } = fixture();
    api.create(ns, undefined, { metadata: { name: 'team' } }, W());
    api.delete(ns, undefined, 'team', { dryRun: false });
    expect(String(statusOf(() => api.delete(ns, undefined, 'team', { dryRun: false }))['message'])).toBe(
      'Operation cannot be fulfilled on namespaces "team": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    );
  });

  it('an object with a finalizer keeps its namespace Terminating until the finalizer goes', async () => {
    const { api, ns, cm } = fixture();
    api.create(ns, undefined, { metadata: { name: 'team' } }, W());
    api.create(cm, 'team', { ...configMap('a'), metadata: { name: 'a', finalizers: ['x.io/hold'] } }, W());
    api.delete(ns, undefined, 'team', { dryRun: false });
    await api.idle!();
    expect(api.get(ns, undefined, 'team').status).toEqual({ phase: 'Terminating' });
    api.patch(cm, 'team', 'a', 'application/merge-patch+json', '{"metadata":{"finalizers":null}}', W());
    await api.idle!();
    expect(statusOf(() => api.get(ns, undefined, 'team'))['code']).toBe(404);
  });
});

describe('cluster state: CustomResourceDefinitions', () => {
  it('a created CRD is Established and NamesAccepted at once and its versions are served', () => {
    const { api, crd } = fixture();
    api.create(crd, undefined, widgetCrd(), W());
    const got = api.get(crd, undefined, 'widgets.example.com');
    expect(got.status).toMatchObject({
      conditions: [{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: 'True' }],
      acceptedNames: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList', shortNames: ['wd'] },
    });
    expect(api.resolve('example.com', 'v1', 'widgets')).toMatchObject({ kind: 'Widget', namespaced: true, subresources: ['status', 'scale'] });
    expect(api.resolve('example.com', 'v1beta1', 'widgets')).toMatchObject({ kind: 'Widget', subresources: [] });
  });

  it('custom objects share storage across served versions and get generation on non-metadata changes', () => {
    const { api, crd } = fixture();
    api.create(crd, undefined, widgetCrd(), W());
    const v1 = api.resolve('example.com', 'v1', 'widgets')!;
    const beta = api.resolve('example.com', 'v1beta1', 'widgets')!;
    api.create(v1, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } }, W());
    expect(api.get(beta, 'default', 'w')).toMatchObject({ apiVersion: 'example.com/v1beta1', metadata: { generation: 1 } });
    const r = api.patch(v1, 'default', 'w', 'application/merge-patch+json', '{"spec":{"size":2}}', W());
    expect(r.object.metadata['generation']).toBe(2);
  });

  it('a strategic merge patch of a custom object is 415', () => {
    const { api, crd } = fixture();
    api.create(crd, undefined, widgetCrd(), W());
    const v1 = api.resolve('example.com', 'v1', 'widgets')!;
    api.create(v1, 'default', { metadata: { name: 'w' }, spec: {} }, W());
    expect(statusOf(() => api.patch(v1, 'default', 'w', 'application/strategic-merge-patch+json', '{}', W()))['code']).toBe(415);
  });

  it('a CRD whose name is not plural.group is 422', () => {
    const { api, crd } = fixture();
    const body = widgetCrd();
    (body['metadata'] as Record<string, unknown>)['name'] = 'wrong.example.com';
    expect(statusOf(() => api.create(crd, undefined, body, W()))).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('deleting a CRD deletes its objects and stops serving its kinds', async () => {
    const { api, crd } = fixture();
    api.create(crd, undefined, widgetCrd(), W());
    const v1 = api.resolve('example.com', 'v1', 'widgets')!;
    api.create(v1, 'default', { metadata: { name: 'w' }, spec: {} }, W());
    const w = collect(api, v1, 'default', { resourceVersion: api.list(v1, 'default', {}).metadata.resourceVersion });
    api.delete(crd, undefined, 'widgets.example.com', { dryRun: false });
    await api.idle!();
    expect(w.events.map((e) => e.type)).toEqual(['DELETED']);
    expect(api.resolve('example.com', 'v1', 'widgets')).toBeUndefined();
    expect(statusOf(() => api.get(crd, undefined, 'widgets.example.com'))['code']).toBe(404);
    expect(api.resources().some((r) => r.group === 'example.com')).toBe(false);
  });
});
