import { describe, expect, it } from 'vitest';
import { leasesWanted, replicaIdentity, type LeaseFlags } from '../../../src/cli/commands/reconcile-leases.js';
import { leaseName } from '../../../src/reconcile/leases/timing.js';

describe('when gitfed reconcile takes Leases', () => {
  it.each<[string, LeaseFlags, NodeJS.ProcessEnv, boolean]>([
    ['outside a pod without lease flags: no Lease (one process, as before)', {}, {}, false],
    ['--shard', { shard: true }, {}, true],
    ['--lease-kubeconfig', { leaseKubeconfig: '/k' }, {}, true],
    ['--lease-namespace', { leaseNamespace: 'ns' }, {}, true],
    ['in a pod: a second copy must wait, so a Lease by default', {}, { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, true],
    ['--no-lease wins over a pod', { lease: false }, { KUBERNETES_SERVICE_HOST: '10.0.0.1' }, false],
    ['--no-lease wins over --shard', { lease: false, shard: true }, {}, false],
  ])('%s', (_rule, flags, env, wanted) => {
    expect(leasesWanted(flags, env)).toBe(wanted);
  });

  it('the identity is the host name and process id, and makes a valid Lease name', () => {
    expect(replicaIdentity()).toMatch(new RegExp(`-${process.pid}$`));
    expect(leaseName('gitfed-replica-', 'Pod_Name.X-1/2')).toBe('gitfed-replica-pod-name.x-1-2');
    expect(leaseName('gitfed-replica-', 'a'.repeat(400))).toHaveLength(253);
  });
});
