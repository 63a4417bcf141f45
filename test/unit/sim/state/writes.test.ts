import { describe, expect, it } from 'vitest';
import { collect, configMap, deployment, fixture, rvOf, statusOf, W } from './fixture.js';

describe('cluster state: creation', () => {
  it('starts with the four system namespaces, Active and with the kubernetes finalizer', () => {
    const { api, ns } = fixture();
    const list = api.list(ns, undefined, {});
    expect(list.items.map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(list.items[0]).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  });

  it('a create sets uid, creationTimestamp, resourceVersion and generation 1 for kinds with generation', () => {
    const { api, deploy, cm } = fixture();
    const d = api.create(deploy, 'default', deployment('web'), W());
    expect(d.metadata).toMatchObject({ namespace: 'default', generation: 1, creationTimestamp: '2025-05-01T10:00:00Z' });
    expect(d.metadata['uid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(rvOf(d))).toBeGreaterThan(0);
    expect(api.create(cm, 'default', configMap('c'), W()).metadata['generation']).toBeUndefined();
  });

  it('generateName is honoured', () => {
    const { api, cm } = fixture();
    const o = api.create(cm, 'default', { metadata: { generateName: 'cfg-' }, data: {} }, W());
    expect(o.metadata.name).toMatch(/^cfg-[a-z0-9]{5}$/);
  });

  it.each([
    ['missing metadata.name', 'configmaps', {}, 422, 'Invalid', 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required'],
    ['an invalid DNS subdomain', 'configmaps', { metadata: { name: 'Bad_Name' } }, 422, 'Invalid', 'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain'],
    ['an invalid Service name (DNS-1035)', 'services', { metadata: { name: '1svc' } }, 422, 'Invalid', 'Service "1svc" is invalid: metadata.name: Invalid value: "1svc": a DNS-1035 label'],
    ['a kind mismatch', 'configmaps', { kind: 'Secret', metadata: { name: 'x' } }, 400, 'BadRequest', 'the object provided is unrecognized (must be of type ConfigMap)'],
    ['an apiVersion mismatch', 'configmaps', { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }, 400, 'BadRequest', 'the API version in the data (apps/v1) does not match the expected API version (v1)'],
    ['a namespace mismatch', 'configmaps', { metadata: { name: 'x', namespace: 'other' } }, 400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'],
  ])('a create with %s is rejected', (_rule, plural, body, code, reason, message) => {
    const { api, rt } = fixture();
    const st = statusOf(() => api.create(rt('', 'v1', plural), 'default', body, W()));
    expect(st).toMatchObject({ kind: 'Status', status: 'Failure', code, reason });
    expect(String(st['message'])).toContain(message);
  });

  it('422 Invalid carries causes with reason and field', () => {
    const { api, cm } = fixture();
    const st = statusOf(() => api.create(cm, 'default', { metadata: { name: 'UP' } }, W()));
    expect(st['details']).toMatchObject({ name: 'UP', group: '', kind: 'ConfigMap', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] });
  });

  it('a create in a missing namespace is 404 namespaces "x" not found', () => {
    const { api, cm } = fixture();
    expect(statusOf(() => api.create(cm, 'nope', configMap('c'), W()))).toMatchObject({
      code: 404, reason: 'NotFound', message: 'namespaces "nope" not found', details: { name: 'nope', kind: 'namespaces' },
    });
  });

  it('a second create of the same name is 409 AlreadyExists', () => {
    const { api, deploy } = fixture();
    api.create(deploy, 'default', deployment('web'), W());
    expect(statusOf(() => api.create(deploy, 'default', deployment('web'), W()))).toMatchObject({
      code: 409, reason: 'AlreadyExists', message: 'deployments.apps "web" already exists', details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
  });

  it('a get of a missing object is 404 with the resource in details.kind', () => {
    const { api, deploy } = fixture();
    expect(statusOf(() => api.get(deploy, 'default', 'gone'))).toMatchObject({ code: 404, message: 'deployments.apps "gone" not found', details: { kind: 'deployments', group: 'apps' } });
  });
});

describe('cluster state: resourceVersion and generation', () => {
  it('one counter per cluster: every real change gets a higher resourceVersion', () => {
    const { api, cm, deploy } = fixture();
    const a = api.create(cm, 'default', configMap('a'), W());
    const b = api.create(deploy, 'default', deployment('b'), W());
    expect(Number(rvOf(b))).toBe(Number(rvOf(a)) + 1);
  });

  it.each([
    ['merge patch', 'application/merge-patch+json', '{"data":{"a":"1"}}'],
    ['json patch', 'application/json-patch+json', '[{"op":"replace","path":"/data/a","value":"1"}]'],
  ])('a no-op %s keeps the resourceVersion and emits no event', (_n, ct, body) => {
    const { api, cm } = fixture();
    const created = api.create(cm, 'default', configMap('a'), W());
    const w = collect(api, cm, 'default', { resourceVersion: rvOf(created) });
    const r = api.patch(cm, 'default', 'a', ct, body, W({ manager: 'kubectl-patch' }));
    expect(rvOf(r.object)).toBe(rvOf(created));
    expect(w.events).toEqual([]);
  });

  it('a no-op apply keeps the resourceVersion and emits no event', () => {
    const { api, deploy } = fixture();
    const body = JSON.stringify(deployment('web'));
    const first = api.patch(deploy, 'default', 'web', 'application/apply-patch+yaml', body, W({ manager: 'kubectl' }));
    expect(first.created).toBe(true);
    const w = collect(api, deploy, 'default', { resourceVersion: rvOf(first.object) });
    const again = api.patch(deploy, 'default', 'web', 'application/apply-patch+yaml', body, W({ manager: 'kubectl' }));
    expect(again.created).toBe(false);
    expect(rvOf(again.object)).toBe(rvOf(first.object));
    expect(w.events).toEqual([]);
  });

  it.each([
    ['a label change', 1, { metadata: { labels: { app: 'web', extra: 'x' } } }],
    ['a status-only body on the main resource', 1, { status: { replicas: 9 } }],
    ['a spec change', 2, { spec: { replicas: 5 } }],
    ['an annotation change on a Deployment', 2, { metadata: { annotations: { note: 'x' } } }],
  ])('generation after %s is %i (moves only on spec changes)', (_rule, generation, patch) => {
    const { api, deploy } = fixture();
    api.create(deploy, 'default', deployment('web'), W());
    const r = api.patch(deploy, 'default', 'web', 'application/merge-patch+json', JSON.stringify(patch), W());
    expect(r.object.metadata['generation']).toBe(generation);
  });

  it('a PUT with a stale resourceVersion is 409 Conflict with the optimistic-concurrency message', () => {
    const { api, cm } = fixture();
    const a = api.create(cm, 'default', configMap('a'), W());
    api.replace(cm, 'default', 'a', { ...configMap('a', { a: '2' }) }, W());
    const stale = { ...configMap('a', { a: '3' }), metadata: { name: 'a', resourceVersion: rvOf(a) } };
    expect(statusOf(() => api.replace(cm, 'default', 'a', stale, W()))).toMatchObject({
      code: 409, reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('a PUT whose body names another object is 400', () => {
    const { api, cm } = fixture();
    api.create(cm, 'default', configMap('a'), W());
    expect(statusOf(() => api.replace(cm, 'default', 'a', configMap('b'), W()))).toMatchObject({
      code: 400, message: 'the name of the object (b) does not match the name on the URL (a)',
    });
  });

  it('a PUT keeps uid and creationTimestamp whatever the body says', () => {
    const { api, cm } = fixture();
    const a = api.create(cm, 'default', configMap('a'), W());
    const r = api.replace(cm, 'default', 'a', { ...configMap('a', { a: '2' }), metadata: { name: 'a', creationTimestamp: '2000-01-01T00:00:00Z' } }, W());
    expect(r.metadata['uid']).toBe(a.metadata['uid']);
    expect(r.metadata['creationTimestamp']).toBe('2025-05-01T10:00:00Z');
  });
});

describe('cluster state: dry run', () => {
  it.each([
    ['create', (f: ReturnType<typeof fixture>) => f.api.create(f.cm, 'default', configMap('new'), W({ dryRun: true }))],
    ['replace', (f: ReturnType<typeof fixture>) => f.api.replace(f.cm, 'default', 'a', configMap('a', { a: '9' }), W({ dryRun: true }))],
    ['merge patch', (f: ReturnType<typeof fixture>) => f.api.patch(f.cm, 'default', 'a', 'application/merge-patch+json', '{"data":{"a":"9"}}', W({ dryRun: true })).object],
    ['apply', (f: ReturnType<typeof fixture>) => f.api.patch(f.cm, 'default', 'a', 'application/apply-patch+yaml', JSON.stringify(configMap('a', { a: '9' })), W({ dryRun: true, force: true })).object],
    ['delete', (f: ReturnType<typeof fixture>) => f.api.delete(f.cm, 'default', 'a', { dryRun: true })],
  ])('dryRun=All %s returns the result and stores nothing', (_op, run) => {
    const f = fixture();
    const a = f.api.create(f.cm, 'default', configMap('a'), W());
    const w = collect(f.api, f.cm, 'default', { resourceVersion: rvOf(a) });
    const result = run(f) as { metadata?: Record<string, unknown> };
    expect(result).toBeDefined();
    expect(f.api.list(f.cm, 'default', {}).items.map((o) => [o.metadata.name, o['data']])).toEqual([['a', { a: '1' }]]);
    expect(f.api.list(f.cm, 'default', {}).metadata.resourceVersion).toBe(rvOf(a));
    expect(w.events).toEqual([]);
  });

  it('a dry-run create has a uid but no resourceVersion', () => {
    const { api, cm } = fixture();
    const o = api.create(cm, 'default', configMap('x'), W({ dryRun: true }));
    expect(o.metadata['uid']).toBeTruthy();
    expect(o.metadata['resourceVersion']).toBeUndefined();
  });
});

describe('cluster state: patch routing and managers', () => {
  it.each([
    ['apply without fieldManager', 'application/apply-patch+yaml', W({ manager: '' }), 422, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'],
    ['force on a merge patch', 'application/merge-patch+json', W({ force: true }), 422, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch'],
    ['an unknown content type', 'text/plain', W(), 415, 'the body of the request was in an unknown format'],
  ])('%s is rejected', (_rule, ct, opts, code, message) => {
    const { api, cm } = fixture();
    api.create(cm, 'default', configMap('a'), W());
    const st = statusOf(() => api.patch(cm, 'default', 'a', ct, '{"data":{}}', opts));
    expect(st['code']).toBe(code);
    expect(String(st['message'])).toContain(message);
  });

  it('a merge patch of a missing object is 404 while apply creates it (created: true)', () => {
    const { api, cm } = fixture();
    expect(statusOf(() => api.patch(cm, 'default', 'a', 'application/merge-patch+json', '{}', W()))['code']).toBe(404);
    const r = api.patch(cm, 'default', 'a', 'application/apply-patch+yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n', W({ manager: 'kubectl' }));
    expect(r).toMatchObject({ created: true, object: { data: { k: 'v' }, metadata: { name: 'a', namespace: 'default' } } });
  });

  it.each([
    ['metadata.managedFields in an apply body', { ...configMap('a'), metadata: { name: 'a', managedFields: [] } }, 'metadata.managedFields must be nil'],
    ['another kind in an apply body', { ...configMap('a'), kind: 'Secret' }, 'invalid object type: /v1, Kind=Secret'],
  ])('apply with %s is 400', (_rule, body, message) => {
    const { api, cm } = fixture();
    expect(statusOf(() => api.patch(cm, 'default', 'a', 'application/apply-patch+yaml', JSON.stringify(body), W()))).toMatchObject({ code: 400, message });
  });

  it('a non-apply write is recorded as an Update of its manager', () => {
    const { api, cm } = fixture();
    const o = api.create(cm, 'default', configMap('a'), W({ manager: 'kubectl-create' }));
    expect(o.metadata['managedFields']).toMatchObject([{ manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1' }]);
  });

  it('an apply is recorded as an Apply of its manager', () => {
    const { api, deploy } = fixture();
    const r = api.patch(deploy, 'default', 'web', 'application/apply-patch+yaml', JSON.stringify(deployment('web')), W({ manager: 'gitfed' }));
    expect(r.object.metadata['managedFields']).toMatchObject([{ manager: 'gitfed', operation: 'Apply' }]);
  });
});
