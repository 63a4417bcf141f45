import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeaseClient, type LeaseClient, type LeaseRecord } from '../../src/kube/lease-client.js';
import { GitfedError } from '../../src/model/errors.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';

const record = (holder: string, transitions = 0): LeaseRecord => ({
  holderIdentity: holder, leaseDurationSeconds: 15, leaseTransitions: transitions,
  acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:00.000000Z', annotations: { 'gitfed.io/holds': 'a,b' },
});

describe('lease client over a simulated management cluster', () => {
  let fleet: Fleet;
  let leases: LeaseClient;
  beforeAll(async () => {
    fleet = await startFleet([{ name: 'mgmt' }]);
    leases = createLeaseClient({ kubeconfig: fleet.kubeconfig(), context: 'mgmt', namespace: 'default', userAgent: 'gitfed/test' });
  });
  afterAll(() => fleet.stop());

  it('creates, reads back and lists a Lease with its record and annotations', async () => {
    expect(await leases.get('one')).toBeNull();
    const created = await leases.create('one', record('a'));
    expect(created).toMatchObject({ name: 'one', holderIdentity: 'a', leaseDurationSeconds: 15, annotations: { 'gitfed.io/holds': 'a,b' } });
    expect(await leases.get('one')).toEqual(created);
    expect((await leases.list()).map((l) => l.name)).toContain('one');
  });

  it('an update from a stale read is a LeaseConflict and leaves the winner in place', async () => {
    const read = await leases.create('race', record('a'));
    await leases.update('race', read.resourceVersion, record('b', 1));
    const lost = await leases.update('race', read.resourceVersion, record('c', 1)).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(GitfedError);
    expect((lost as GitfedError).code).toBe('LeaseConflict');
    expect((await leases.get('race'))?.holderIdentity).toBe('b');
  });

  it('a second create of the same Lease is a LeaseConflict', async () => {
    await leases.create('twice', record('a'));
    await expect(leases.create('twice', record('b'))).rejects.toMatchObject({ code: 'LeaseConflict' });
  });
});
