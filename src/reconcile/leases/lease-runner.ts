/**
 * A replica's leases while `gitfed reconcile` runs: the coordinator ticked every retry period, the write gate
 * around every member client, the clusters of the last render handed to the coordinator, and a re-render
 * whenever this replica gains or loses clusters.
 */
import type { LeaseClient } from '../../kube/lease-client.js';
import type { WatchConnect } from '../fleet-options.js';
import { createCoordinator, type Coordinator, type OwnershipChange } from './coordinator.js';
import { DEFAULT_TIMING, type LeaseTiming } from './timing.js';
import { createWriteGate } from './write-gate.js';

/** Timer runs fn once after ms and returns its cancel (a test passes a manual clock's, and awaits fn's tick). */
export type Timer = (ms: number, fn: () => Promise<void>) => () => void;

/** LeaseRunnerOptions: the Leases, this replica, and the clock and timer (defaults: the wall clock). */
export interface LeaseRunnerOptions {
  client: LeaseClient;
  identity: string;
  shard: boolean;
  timing?: LeaseTiming;
  now?: () => number;
  timer?: Timer;
  /** after every tick that changed something: log it, count it, render again */
  onChange?: (change: OwnershipChange, owned: readonly string[]) => void;
  /** another replica received a push webhook */
  onWake?: () => void;
}

/** LeaseRunner is the running replica's coordination. */
export interface LeaseRunner {
  readonly coordinator: Coordinator;
  /** connect wraps the member clients: writes only to owned clusters */
  connect(inner: WatchConnect): WatchConnect;
  /** clusters tells the coordinator the members of the last render */
  clusters(names: readonly string[]): void;
  /** start begins the ticks; resolves once the first one ended */
  start(): Promise<void>;
  /**
   * stop ends the ticks and, with release (the default), gives both Leases up: only once the reconciler stopped
   * writing. Without release the Leases expire, and the gate closes at the renew deadline.
   */
  stop(release?: boolean): Promise<void>;
}

const realTimer: Timer = (ms, fn) => {
  const t = setTimeout(() => void fn(), ms);
  t.unref();
  return () => clearTimeout(t);
};

/** createLeaseRunner builds the coordinator and gate; start begins the ticks. */
export function createLeaseRunner(opts: LeaseRunnerOptions): LeaseRunner {
  const timing = opts.timing ?? DEFAULT_TIMING;
  const timer = opts.timer ?? realTimer;
  let members: readonly string[] = [];
  let cancel: (() => void) | undefined;
  let stopped = false;
  const gate = createWriteGate((c) => coordinator.owns(c), opts.identity);
  const coordinator = createCoordinator({
    client: opts.client, identity: opts.identity, shard: opts.shard, timing, now: opts.now ?? Date.now,
    clusters: () => members, busy: (c) => gate.busy(c),
    onChange: (change) => opts.onChange?.(change, coordinator.owned()),
    ...(opts.onWake ? { onWake: opts.onWake } : {}),
  });
  let running: Promise<void> = Promise.resolve();
  const loop = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running = coordinator.tick().catch(() => undefined).then(() => {
      if (!stopped) cancel = timer(timing.retryPeriodMs, loop);
    });
    return running;
  };
  return {
    coordinator,
    connect: (inner) => (cluster, signal) => gate.wrap(inner(cluster, signal)),
    clusters: (names) => void (members = [...names]),
    start: loop,
    async stop(release = true) {
      stopped = true;
      cancel?.();
      await running;
      if (release) await coordinator.release();
    },
  };
}
