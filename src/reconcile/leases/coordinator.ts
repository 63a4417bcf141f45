/**
 * One replica's part in running several reconcilers over one fleet. Every replica holds its own Lease
 * (`gitfed-replica-<identity>`, membership: live replicas are the ones whose Lease was seen to change within
 * leaseDuration) and competes for the fleet's Lease (`gitfed-reconciler`). The holder of the fleet's Lease is the
 * coordinator: on each renew it writes the assignment of clusters into that Lease (consistent hashing over the
 * sharded replicas, or every cluster to itself when it runs without --shard, so that a second plain copy waits).
 *
 * A replica may write a cluster only once (1) its own Lease says it holds the cluster and (2) the assignment,
 * read after that write, gives the cluster to it; it stops at once when the assignment no longer does, or when
 * it could not renew its Lease for the renew deadline. With the coordinator's rule (handover.ts) no cluster
 * ever has two writers.
 */
import type { LeaseClient, StoredLease } from '../../kube/lease-client.js';
import { assignClusters } from './assign.js';
import { createElector } from './elector.js';
import { ASSIGNMENT_ANNOTATION, decodeAssignment, decodeHolds, encodeAssignment, HOLDS_ANNOTATION, nextAssignment, type Membership } from './handover.js';
import { DEFAULT_TIMING, leaseName, type LeaseTiming } from './timing.js';

/** FLEET_LEASE is the fleet's Lease, held by the coordinator. */
export const FLEET_LEASE = 'gitfed-reconciler';
/** MEMBER_PREFIX starts the name of each replica's own Lease. */
export const MEMBER_PREFIX = 'gitfed-replica-';
const SHARD_ANNOTATION = 'gitfed.io/shard';
/** WAKE_ANNOTATION counts the push webhooks a replica received: the others fetch too when it moves. */
const WAKE_ANNOTATION = 'gitfed.io/woken';

/** OwnershipChange is what one tick changed: clusters this replica gained and lost, and whether it coordinates. */
export interface OwnershipChange {
  gained: string[];
  lost: string[];
  leading: boolean;
}

/** CoordinatorOptions: the Leases, who this replica is, whether it shares the fleet, the clock, what it knows. */
export interface CoordinatorOptions {
  client: LeaseClient;
  identity: string;
  /** true: one of several sharded replicas (--shard); false: the whole fleet or nothing */
  shard: boolean;
  now: () => number;
  timing?: LeaseTiming;
  /** the member clusters of the last render (the coordinator assigns them) */
  clusters: () => readonly string[];
  /** a write to the cluster is running now: it stays held until it ends */
  busy: (cluster: string) => boolean;
  onChange?: (change: OwnershipChange) => void;
  /** another replica received a push webhook (a Service delivers each to one pod): fetch the repository too */
  onWake?: () => void;
}

/** Coordinator is one replica's view: tick every retry period; owns answers the write gate. */
export interface Coordinator {
  readonly identity: string;
  tick(): Promise<void>;
  owns(cluster: string): boolean;
  /** owned lists the clusters this replica may write now */
  owned(): string[];
  leading(): boolean;
  /** assignment is the coordinator's last word on who writes each cluster (cluster -> replica identity), as read */
  assignment(): ReadonlyMap<string, string>;
  /** wake tells the other replicas, at the next renewal, that a push webhook arrived here */
  wake(): void;
  /** release gives up both Leases (after the reconciler stopped): the others take over without waiting for expiry */
  release(): Promise<void>;
}

/** createCoordinator starts nothing: the caller ticks it (every retry period, or a test's manual steps). */
export function createCoordinator(opts: CoordinatorOptions): Coordinator {
  const timing = opts.timing ?? DEFAULT_TIMING;
  const { client, identity, now } = opts;
  const member = createElector({ client, name: leaseName(MEMBER_PREFIX, identity), identity, timing, now });
  const fleet = createElector({ client, name: FLEET_LEASE, identity, timing, now });
  const seen = new Map<string, { rv: string; at: number }>();
  let held = new Set<string>();
  let owned = new Set<string>();
  let assignment: ReadonlyMap<string, string> = new Map();
  let woken = 0;
  const wakes = new Map<string, string | undefined>();
  const owns = (c: string): boolean => member.leading() && owned.has(c);

  const membership = (leases: StoredLease[]): Sharded => readMembership(leases, { identity, shard: opts.shard, held, seen, now: now(), timing });

  return {
    identity,
    owns,
    owned: () => (member.leading() ? [...owned].sort() : []),
    leading: () => fleet.leading(),
    assignment: () => assignment,
    wake: () => void (woken += 1),
    async tick() {
      const before = new Set(this.owned());
      const wasLeading = fleet.leading();
      let leases: StoredLease[] | undefined;
      try {
        leases = await client.list();
      } catch {
        // the management cluster does not answer: keep what is owned until the renew deadline says otherwise
      }
      const read = leases?.find((l) => l.name === FLEET_LEASE);
      const mine = [...decodeAssignment(read?.annotations[ASSIGNMENT_ANNOTATION])].filter(([, r]) => r === identity).map(([c]) => c);
      const next = new Set([...owned, ...mine, ...[...held].filter((c) => opts.busy(c))]);
      await member.tick(() => ({ [HOLDS_ANNOTATION]: JSON.stringify([...next].sort()), [SHARD_ANNOTATION]: String(opts.shard), [WAKE_ANNOTATION]: String(woken) }));
      if (leases && wokenElsewhere(leases, identity, wakes)) opts.onWake?.();
      if (member.leading() && member.observed()?.annotations[HOLDS_ANNOTATION] === JSON.stringify([...next].sort())) held = next;
      const m = leases && membership(leases);
      await fleet.tick(leases && m ? (current) => coordinate(current, read, m) : undefined);
      const assigned = decodeAssignment(fleet.observed()?.annotations[ASSIGNMENT_ANNOTATION]);
      assignment = assigned;
      owned = member.leading() ? new Set([...held].filter((c) => assigned.get(c) === identity)) : new Set();
      const after = new Set(this.owned());
      const gained = [...after].filter((c) => !before.has(c));
      const lost = [...before].filter((c) => !after.has(c));
      if (gained.length || lost.length || wasLeading !== fleet.leading()) opts.onChange?.({ gained, lost, leading: fleet.leading() });
    },
    async release() {
      owned = new Set();
      await fleet.release().catch(() => undefined);
      await member.release().catch(() => undefined);
    },
  };

  function coordinate(current: StoredLease | null, listed: StoredLease | undefined, m: Sharded): Record<string, string> {
    return nextAnnotations(current, listed, m, { clusters: opts.clusters(), shard: opts.shard, identity });
  }
}

type Sharded = Membership & { sharded: string[] };

interface Reading {
  identity: string;
  shard: boolean;
  held: ReadonlySet<string>;
  /** per replica Lease, the resourceVersion last seen and when (this replica's clock) */
  seen: Map<string, { rv: string; at: number }>;
  now: number;
  timing: LeaseTiming;
}

/** readMembership: live replicas are those whose Lease changed within leaseDuration, as this replica saw it. */
function readMembership(leases: StoredLease[], r: Reading): Sharded {
  const live = new Set<string>([r.identity]);
  const holds = new Map<string, ReadonlySet<string>>();
  const sharded: string[] = r.shard ? [r.identity] : [];
  for (const l of leases.filter((x) => x.name.startsWith(MEMBER_PREFIX))) {
    const last = r.seen.get(l.name);
    const at = last?.rv === l.resourceVersion ? last.at : r.now;
    r.seen.set(l.name, { rv: l.resourceVersion, at });
    if (l.holderIdentity === '' || l.holderIdentity === r.identity || at + r.timing.leaseDurationMs <= r.now) continue;
    live.add(l.holderIdentity);
    holds.set(l.holderIdentity, decodeHolds(l.annotations[HOLDS_ANNOTATION]));
    if (l.annotations[SHARD_ANNOTATION] === 'true') sharded.push(l.holderIdentity);
  }
  holds.set(r.identity, r.held);
  return { live, holds, sharded };
}

/** nextAnnotations is what the coordinator writes on its renew: the next step of the assignment. */
function nextAnnotations(current: StoredLease | null, listed: StoredLease | undefined, m: Sharded, c: { clusters: readonly string[]; shard: boolean; identity: string }): Record<string, string> {
  const keep = { ...(current?.annotations ?? {}) };
  // the Lease changed since the list that read the holds: the holds may predate its assignment; wait a period
  if (current && current.resourceVersion !== listed?.resourceVersion) return keep;
  if (c.clusters.length === 0) return keep;
  const desired = c.shard ? assignClusters(c.clusters, m.sharded) : new Map(c.clusters.map((name) => [name, c.identity]));
  const committed = decodeAssignment(current?.annotations[ASSIGNMENT_ANNOTATION]);
  return { ...keep, [ASSIGNMENT_ANNOTATION]: encodeAssignment(nextAssignment(committed, desired, m)) };
}

/** wokenElsewhere: another replica's webhook count moved since the last tick (its first sighting is no webhook). */
function wokenElsewhere(leases: readonly StoredLease[], identity: string, wakes: Map<string, string | undefined>): boolean {
  let woken = false;
  for (const l of leases) {
    if (!l.name.startsWith(MEMBER_PREFIX) || l.holderIdentity === identity || l.holderIdentity === '') continue;
    const count = l.annotations[WAKE_ANNOTATION];
    if (wakes.has(l.name) && wakes.get(l.name) !== count) woken = true;
    wakes.set(l.name, count);
  }
  return woken;
}
