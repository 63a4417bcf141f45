import { describe, expect, it } from 'vitest';
import { collect, fixture, rvOf, statusOf, W } from './fixture.js';

const lease = (name: string, holder: string, rv?: string): Record<string, unknown> => ({
  apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
  metadata: { name, ...(rv ? { resourceVersion: rv } : {}) },
  spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: '2025-05-01T10:00:00.000000Z', leaseTransitions: 0 },
});

describe('cluster state: coordination.k8s.io/v1 Leases', () => {
  it('serves Leases as a namespaced built-in kind', () => {
    const { rt } = fixture();
    expect(rt('coordination.k8s.io', 'v1', 'leases')).toMatchObject({ kind: 'Lease', namespaced: true, listKind: 'LeaseList' });
  });

  it('an update naming the live resourceVersion wins; one naming a stale version gets 409 Conflict', () => {
    const { api, rt } = fixture();
    const leases = rt('coordination.k8s.io', 'v1', 'leases');
    const created = api.create(leases, 'default', lease('gitfed-reconciler', 'a'), W());
    const rv = rvOf(created);
    const first = api.replace(leases, 'default', 'gitfed-reconciler', lease('gitfed-reconciler', 'b', rv), W());
    expect(first['spec']).toMatchObject({ holderIdentity: 'b' });
    // the second replica read the same version: its write must lose, as two candidates racing for the API server's lease
    const st = statusOf(() => api.replace(leases, 'default', 'gitfed-reconciler', lease('gitfed-reconciler', 'c', rv), W()));
    expect(st).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(api.get(leases, 'default', 'gitfed-reconciler')['spec']).toMatchObject({ holderIdentity: 'b' });
  });

  it('a second create of the same Lease is AlreadyExists (409), and list and watch see the writes', () => {
    const { api, rt } = fixture();
    const leases = rt('coordination.k8s.io', 'v1', 'leases');
    const w = collect(api, leases, 'default', { resourceVersion: '1' });
    const created = api.create(leases, 'default', lease('x', 'a'), W());
    expect(statusOf(() => api.create(leases, 'default', lease('x', 'b'), W()))).toMatchObject({ code: 409, reason: 'AlreadyExists' });
    api.replace(leases, 'default', 'x', lease('x', 'b', rvOf(created)), W());
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
    expect(api.list(leases, 'default', {}).items.map((i) => i.metadata.name)).toEqual(['x']);
    w.stop();
  });
});
