/** The lease flags of `gitfed reconcile`: several replicas, or one that makes a second copy wait (issue 20). */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { createLeaseClient, type LeaseClient } from '../../kube/lease-client.js';
import { createLeaseRunner, type LeaseRunner, type Timer } from '../../reconcile/leases/lease-runner.js';
import type { LeaseTiming } from '../../reconcile/leases/timing.js';
import type { TriggerReason } from '../../reconcile/loop.js';
import type { Registry } from 'prom-client';
import { createLeaseMetrics } from '../../server/lease-metrics.js';

/** LeaseFlags are `--shard`, `--lease-kubeconfig`, `--lease-context`, `--lease-namespace` and `--no-lease`. */
export interface LeaseFlags {
  shard?: boolean;
  leaseKubeconfig?: string;
  leaseContext?: string;
  leaseNamespace?: string;
  /** false with --no-lease */
  lease?: boolean;
}

/** LeaseSeams are what tests put in place of the real: the Leases, who this replica is, the clock and timer. */
export interface LeaseSeams {
  client?: LeaseClient;
  identity?: string;
  now?: () => number;
  timer?: Timer;
  timing?: LeaseTiming;
}

/** DEFAULT_LEASE_NAMESPACE is where the Leases live unless --lease-namespace says otherwise. */
export const DEFAULT_LEASE_NAMESPACE = 'gitfed-system';

/**
 * leasesWanted: with --shard or a --lease-* flag, or inside a pod (the Deployment of deploy/), unless --no-lease.
 * Outside a pod and without the flags there is no management cluster to hold a Lease in: one process, as before.
 */
export function leasesWanted(f: LeaseFlags, env: NodeJS.ProcessEnv, seams?: LeaseSeams): boolean {
  if (f.lease === false) return false;
  return Boolean(seams?.client || f.shard || f.leaseKubeconfig || f.leaseNamespace || env.KUBERNETES_SERVICE_HOST);
}

/** replicaIdentity is the host name (a pod's name) and the process id: unique among the replicas. */
export function replicaIdentity(): string {
  return `${hostname()}-${process.pid}`;
}

interface Wiring {
  log: Logger;
  registry: Registry;
  trigger: (reason: TriggerReason) => void;
}

/** leaseRunnerOf builds the replica's leases; the reconciler's ownership changes are logged, counted and re-rendered. */
export function leaseRunnerOf(f: LeaseFlags, seams: LeaseSeams, w: Wiring): LeaseRunner {
  const identity = seams.identity ?? replicaIdentity();
  const namespace = f.leaseNamespace ?? DEFAULT_LEASE_NAMESPACE;
  const client = seams.client ?? createLeaseClient({
    ...(f.leaseKubeconfig ? { kubeconfigFile: f.leaseKubeconfig } : {}), ...(f.leaseContext ? { context: f.leaseContext } : {}), namespace, userAgent: `gitfed/${identity}`,
  });
  const metrics = createLeaseMetrics(w.registry);
  metrics.owned(identity, []);
  w.log.info({ replica: identity, shard: Boolean(f.shard), namespace }, 'leases: waiting for clusters');
  return createLeaseRunner({
    client, identity, shard: Boolean(f.shard),
    ...(seams.now ? { now: seams.now } : {}), ...(seams.timer ? { timer: seams.timer } : {}), ...(seams.timing ? { timing: seams.timing } : {}),
    onChange: (change, owned) => {
      metrics.owned(identity, owned);
      metrics.leading(identity, change.leading);
      if (change.gained.length) metrics.handover('gained', change.gained.length);
      if (change.lost.length) metrics.handover('lost', change.lost.length);
      w.log.info({ replica: identity, leading: change.leading, gained: change.gained, lost: change.lost, owned: owned.length }, 'leases: ownership changed');
      w.trigger('ownership');
    },
    onWake: () => w.trigger('webhook'),
  });
}
