/**
 * Leader election on one Lease, with client-go's algorithm (tools/leaderelection tryAcquireOrRenew): read the
 * Lease; another holder's Lease counts as valid until leaseDuration after this process last saw it change (its
 * own clock, never the holder's timestamps, so clocks need not agree); take it over or renew it with an update
 * that names the resourceVersion read, so that of two candidates only one wins. A holder that could not renew
 * for renewDeadline (shorter than leaseDuration) stops leading before anyone else may start.
 */
import type { LeaseClient, LeaseRecord, StoredLease } from '../../kube/lease-client.js';
import { microTime, type LeaseTiming } from './timing.js';

/** Elector competes for one Lease; tick is one attempt (the caller runs it every retry period). */
export interface Elector {
  /** tick tries to acquire or renew; annotate gives the annotations a holder writes (the Lease as read, null when new) */
  tick(annotate?: (current: StoredLease | null) => Record<string, string>): Promise<boolean>;
  /** leading: the last acquire or renew succeeded no longer than renewDeadline ago */
  leading(): boolean;
  /** observed is the Lease as last read or written (whoever holds it) */
  observed(): StoredLease | null;
  /** release gives the Lease up at once (holder cleared, as client-go's ReleaseOnCancel), when held */
  release(): Promise<void>;
}

/** ElectorOptions: the Lease, who competes, and the clock (ms). */
export interface ElectorOptions {
  client: LeaseClient;
  name: string;
  identity: string;
  timing: LeaseTiming;
  now: () => number;
}

/** createElector competes for opts.name as opts.identity. */
export function createElector(opts: ElectorOptions): Elector {
  const { client, name, identity, timing, now } = opts;
  let observed: StoredLease | null = null;
  let observedAt = 0;
  let renewedAt: number | undefined;
  const see = (lease: StoredLease | null): void => {
    if (lease?.resourceVersion !== observed?.resourceVersion) observedAt = now();
    observed = lease;
  };
  const leading = (): boolean => renewedAt !== undefined && now() - renewedAt <= timing.renewDeadlineMs;
  const record = (prev: StoredLease | null, annotations: Record<string, string>): LeaseRecord => {
    const t = microTime(now());
    const mine = prev?.holderIdentity === identity;
    return {
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(timing.leaseDurationMs / 1000),
      acquireTime: mine && prev?.acquireTime ? prev.acquireTime : t,
      renewTime: t,
      leaseTransitions: prev ? (mine ? prev.leaseTransitions : prev.leaseTransitions + 1) : 0,
      annotations,
    };
  };
  return {
    async tick(annotate) {
      const at = now();
      try {
        const current = await client.get(name);
        see(current);
        const held = current !== null && current.holderIdentity !== '' && current.holderIdentity !== identity;
        if (held && observedAt + timing.leaseDurationMs > now()) {
          renewedAt = undefined;
          return false;
        }
        const next = record(current, annotate ? annotate(current) : { ...(current?.annotations ?? {}) });
        see(current ? await client.update(name, current.resourceVersion, next) : await client.create(name, next));
        renewedAt = at;
        return true;
      } catch {
        // a conflict (another candidate won the race) or an unreachable management cluster: try again next period
        return leading();
      }
    },
    leading,
    observed: () => observed,
    async release() {
      const held = observed;
      if (!held || held.holderIdentity !== identity || !leading()) return;
      renewedAt = undefined;
      const t = microTime(now());
      await client.update(name, held.resourceVersion, { ...held, holderIdentity: '', leaseDurationSeconds: 1, renewTime: t, acquireTime: t }).then(see, () => undefined);
    },
  };
}
