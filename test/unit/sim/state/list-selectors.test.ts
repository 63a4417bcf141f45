import { describe, expect, it } from 'vitest';
import { configMap, fixture, statusOf, W } from './fixture.js';

function seeded(): ReturnType<typeof fixture> {
  const f = fixture();
  f.api.create(f.cm, 'default', configMap('a', {}, { app: 'web', tier: 'front' }), W());
  f.api.create(f.cm, 'default', configMap('b', {}, { app: 'db' }), W());
  f.api.create(f.cm, 'default', configMap('c', {}, {}), W());
  return f;
}

describe('cluster state: label selectors', () => {
  it.each([
    ['app=web', ['a']],
    ['app==web', ['a']],
    ['app!=web', ['b', 'c']],
    ['app in (web,db)', ['a', 'b']],
    ['app notin (web)', ['b', 'c']],
    ['app', ['a', 'b']],
    ['!app', ['c']],
    ['app=web,tier=front', ['a']],
    ['app, !tier', ['b']],
    ['', ['a', 'b', 'c']],
  ])('labelSelector %j selects %j', (labelSelector, expected) => {
    const { api, cm } = seeded();
    expect(api.list(cm, 'default', { labelSelector }).items.map((o) => o.metadata.name)).toEqual(expected);
  });

  it.each([['app in web'], ['a b'], ['app=(x']])('a malformed labelSelector %j is 400', (labelSelector) => {
    const { api, cm } = seeded();
    expect(statusOf(() => api.list(cm, 'default', { labelSelector }))).toMatchObject({ code: 400, reason: 'BadRequest' });
  });
});

describe('cluster state: field selectors', () => {
  it.each([
    ['metadata.name=a', ['a']],
    ['metadata.name!=a', ['b', 'c']],
    ['metadata.namespace=default', ['a', 'b', 'c']],
    ['metadata.namespace==other', []],
  ])('fieldSelector %j selects %j', (fieldSelector, expected) => {
    const { api, cm } = seeded();
    expect(api.list(cm, undefined, { fieldSelector }).items.map((o) => o.metadata.name)).toEqual(expected);
  });

  it('an unsupported field is 400 as the real server says it', () => {
    const { api, cm } = seeded();
    expect(statusOf(() => api.list(cm, 'default', { fieldSelector: 'data.a=1' }))).toMatchObject({ code: 400, message: 'field label not supported: data.a' });
  });

  it('kind-specific fields are supported where the real server has them (pods status.phase)', () => {
    const { api, rt } = fixture();
    const pods = rt('', 'v1', 'pods');
    api.create(pods, 'default', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } }, W());
    expect(api.list(pods, 'default', { fieldSelector: 'status.phase=Pending' }).items).toHaveLength(1);
  });
});

describe('cluster state: list', () => {
  it('a list carries listKind, apiVersion and the current resourceVersion', () => {
    const { api, cm } = seeded();
    const list = api.list(cm, 'default', {});
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '7' } });
  });

  it('limit and continue page through a list at a fixed resourceVersion', () => {
    const { api, cm } = seeded();
    const first = api.list(cm, 'default', { limit: 2 });
    expect(first.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    expect(first.metadata.continue).toBeTruthy();
    api.create(cm, 'default', configMap('d'), W());
    const second = api.list(cm, 'default', { limit: 2, continue: first.metadata.continue! });
    expect(second.items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.continue).toBeUndefined();
  });

  it('a garbled continue token is 400', () => {
    const { api, cm } = seeded();
    expect(statusOf(() => api.list(cm, 'default', { continue: 'garbage' }))['code']).toBe(400);
  });

  it('resourceVersionMatch=Exact lists the state at that resourceVersion', () => {
    const { api, cm } = seeded();
    api.delete(cm, 'default', 'a', { dryRun: false });
    api.patch(cm, 'default', 'b', 'application/merge-patch+json', '{"data":{"x":"changed"}}', W());
    const old = api.list(cm, 'default', { resourceVersion: '6', resourceVersionMatch: 'Exact' });
    expect(old.items.map((o) => [o.metadata.name, o['data']])).toEqual([['a', {}], ['b', {}]]);
    expect(old.metadata.resourceVersion).toBe('6');
  });

  it('a cluster-scoped list ignores the namespace argument', () => {
    const { api, ns } = fixture();
    expect(api.list(ns, 'default', {}).items).toHaveLength(4);
  });
});
