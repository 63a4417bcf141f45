import { describe, expect, it } from 'vitest';
import { collect, deployment, fixture, rvOf, statusOf, W, widgetCrd } from './fixture.js';

describe('cluster state: status subresource', () => {
  it('a spec write ignores status', () => {
    const { api, deploy } = fixture();
    api.create(deploy, 'default', { ...deployment('web'), status: { replicas: 7 } }, W());
    const r = api.replace(deploy, 'default', 'web', { ...deployment('web', 3), status: { replicas: 9 } }, W());
    expect(r['status']).toBeUndefined();
    expect((r['spec'] as { replicas: number }).replicas).toBe(3);
  });

  it('a status write ignores spec and does not bump generation', () => {
    const { api, deploy } = fixture();
    api.create(deploy, 'default', deployment('web', 2), W());
    const r = api.replace(deploy, 'default', 'web', { ...deployment('web', 9), status: { replicas: 2, readyReplicas: 2 } }, W({ subresource: 'status', manager: 'kube-controller-manager' }));
    expect(r).toMatchObject({ spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2 }, metadata: { generation: 1 } });
  });

  it('a status write on a custom resource with a status subresource works the same way', () => {
    const { api, crd } = fixture();
    api.create(crd, undefined, widgetCrd(), W());
    const v1 = api.resolve('example.com', 'v1', 'widgets')!;
    api.create(v1, 'default', { metadata: { name: 'w' }, spec: { replicas: 1 }, status: { phase: 'x' } }, W());
    expect(api.get(v1, 'default', 'w')['status']).toBeUndefined();
    const r = api.patch(v1, 'default', 'w', 'application/merge-patch+json', '{"status":{"phase":"Ready"},"spec":{"replicas":5}}', W({ subresource: 'status' }));
    expect(r.object).toMatchObject({ spec: { replicas: 1 }, status: { phase: 'Ready' }, metadata: { generation: 1 } });
  });
});

describe('cluster state: scale subresource', () => {
  it('GET scale returns an autoscaling/v1 Scale', () => {
    const { api, deploy } = fixture();
    api.create(deploy, 'default', deployment('web', 3), W());
    expect(api.getScale!(deploy, 'default', 'web')).toMatchObject({
      apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 3 }, status: { replicas: 0, selector: 'app=web' },
    });
  });

  it('a merge patch on scale (kubectl scale) changes spec.replicas and bumps generation', () => {
    const { api, deploy } = fixture();
    const d = api.create(deploy, 'default', deployment('web', 2), W());
    const w = collect(api, deploy, 'default', { resourceVersion: rvOf(d) });
    const r = api.patch(deploy, 'default', 'web', 'application/merge-patch+json', '{"spec":{"replicas":5}}', W({ subresource: 'scale', manager: 'kubectl' }));
    expect(r.object).toMatchObject({ kind: 'Scale', spec: { replicas: 5 } });
    expect(api.get(deploy, 'default', 'web')).toMatchObject({ spec: { replicas: 5 }, metadata: { generation: 2 } });
    expect(w.events.map((e) => e.type)).toEqual(['MODIFIED']);
  });

  it('a PUT of a Scale with a stale resourceVersion is 409', () => {
    const { api, deploy } = fixture();
    api.create(deploy, 'default', deployment('web', 2), W());
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', resourceVersion: '1' }, spec: { replicas: 4 } };
    expect(statusOf(() => api.replace(deploy, 'default', 'web', scale, W({ subresource: 'scale' })))['code']).toBe(409);
  });

  it('a negative replica count on scale is 422', () => {
    const { api, deploy } = fixture();
    api.create(deploy, 'default', deployment('web', 2), W());
    expect(statusOf(() => api.replace(deploy, 'default', 'web', { spec: { replicas: -1 } }, W({ subresource: 'scale' })))).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('a custom resource scales through its CRD paths', () => {
    const { api, crd } = fixture();
    api.create(crd, undefined, widgetCrd(), W());
    const v1 = api.resolve('example.com', 'v1', 'widgets')!;
    api.create(v1, 'default', { metadata: { name: 'w' }, spec: { replicas: 1 } }, W());
    api.patch(v1, 'default', 'w', 'application/merge-patch+json', '{"spec":{"replicas":4}}', W({ subresource: 'scale' }));
    expect(api.get(v1, 'default', 'w')['spec']).toEqual({ replicas: 4 });
  });
});
