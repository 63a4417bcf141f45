/** The ports and settings of the running reconciler (fleet-reconciler.ts), and what it offers. */
import type { WatchingClient } from '../kube/cluster-client.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';
import type { ClusterChangeSet } from '../model/change-set.js';
import type { Cluster } from '../model/cluster.js';
import type { ClusterCondition } from '../model/cluster-health.js';
import type { DerivedTaint } from '../model/cluster-taints.js';
import type { KubeObject } from '../model/kube.js';
import type { Plan } from '../model/plan.js';
import type { StatusReporter } from '../model/drift.js';
import type { GitfedError } from '../model/errors.js';
import type { PulledCluster, ReconcileResult } from '../model/reconcile-result.js';
import type { ObserverOptions } from '../observe/cluster-observer.js';
import type { ProbeFn } from '../observe/cluster-prober.js';
import type { ClusterMetrics } from '../server/metrics.js';
import type { Sleeper } from '../kube/retry.js';
import type { PassOptions } from './cluster-pass.js';
import type { HealthOptions } from './fleet-health.js';
import type { TriggerReason } from './loop.js';
import type { SourceOptions } from './source.js';
import type { PullReports } from './pull-clusters.js';

/** WatchConnect opens a client of one member cluster; without a signal it is the long-lived one the watches use. */
export type WatchConnect = (cluster: Cluster, signal?: AbortSignal) => WatchingClient;

/** FleetHooks tell the command's logs what happens; every hook is optional. */
export interface FleetHooks {
  onCycleStarted?(reasons: TriggerReason[]): void;
  /** the commit was read and rendered and its share handed to every cluster's queue */
  onRendered?(e: { revision: string | null; clusters: number; objects: number; seconds: number; pulled?: PulledCluster[] }): void;
  /** a wave ended: every cluster ran the rendered commit (or a later one), or the commit does not render */
  onCycleFinished?(result: ReconcileResult, seconds: number): void;
  /** reading or rendering the commit failed; a UsageError is fatal */
  onCycleFailed?(err: GitfedError, seconds: number): void;
  /** statuses a reporter could not post (it logged why; the next change tries again) */
  onUnposted?(errors: GitfedError[]): void;
  onClusterDone?(e: { cluster: string; revision: string | null; trigger: string; seconds: number; result: ClusterChangeSet }): void;
  /** a cluster's digests could not be written back on stop: its next start checks every object once */
  onFlushFailed?(err: GitfedError): void;
  /** observers (the dashboard): the plan a commit rendered to, before its passes start */
  onPlanned?(e: { revision: string | null; plan: Plan; clusters: readonly Cluster[]; interpreter?: Interpreter }): void;
  /** observers: a probe read a member's Ready condition (every probe, changed or not) */
  onHealth?(cluster: string, condition: ClusterCondition): void;
  /** observers: the taints a render derived for a member from its health */
  onTaints?(cluster: string, taints: readonly DerivedTaint[]): void;
  /** observers: a watched object of a member changed (key as the inventory writes it) */
  onLive?(cluster: string, key: string): void;
}

/** FleetDeps are the adapters: the repository, the clusters, the status reporters, and where counters go. */
export interface FleetDeps {
  source: SourceOptions;
  connect: WatchConnect;
  reporters: readonly StatusReporter[];
  targetUrl?: string;
  metrics?: ClusterMetrics;
  hooks?: FleetHooks;
  /** probes a member's health; without it the reconciler renders without health (no taints, no failover) */
  probe?: (cluster: Cluster) => ProbeFn;
  /** reads the pull members' reports from Git before each render; without it pull members are skipped, unreported */
  reports?: PullReports;
}

/** FleetOptions tune the reconciler. */
export interface FleetOptions extends PassOptions {
  /** one pass's budget on one cluster */
  clusterTimeoutMs: number;
  /** clusters reconciled at once */
  concurrency: number;
  /** a signal that aborts after ms (tests pass a fake clock's) */
  timeout?: (ms: number) => AbortSignal;
  /** the clock of latencies, in ms (default performance.now) */
  clock?: () => number;
  /**
   * a pass still running after this long gives its place among `concurrency` to the next cluster, and that
   * cluster's next passes start outside the pool until one ends quickly (default 2 s): a cluster that is slow or
   * unreachable waits on the network, not on the CPU the pool protects
   */
  slowPassMs?: number;
  /** how that wait is timed (default a timer); tests pass one they drive */
  sleeper?: Sleeper;
  observer?: ObserverOptions;
  health?: HealthOptions;
  /** a pull member's report older than this makes it Unknown (default 60 s) */
  reportMaxAgeMs?: number;
  /**
   * several replicas: whether this one reconciles the cluster now (default: every cluster). Only its own
   * clusters get passes and statuses; the caller triggers `ownership` when the answer changes.
   */
  owns?: (cluster: string) => boolean;
}

/** FleetReconciler is the running reconciler. */
export interface FleetReconciler {
  /** trigger asks for the commit to be read and rendered again (coalesced while a render runs) */
  trigger(reason: TriggerReason): void;
  /** idle resolves once no render runs and no cluster has work */
  idle(): Promise<void>;
  /** rendered resolves once the commits asked for are rendered and handed to the clusters (their passes may still run) */
  rendered(): Promise<void>;
  /** peek is a member's live copy of an object from the watch caches, undefined when absent or the cache is stale */
  peek(cluster: string, key: string): KubeObject | undefined;
  /** stop refuses new work and waits for running passes up to graceMs; true when they finished */
  stop(graceMs: number): Promise<boolean>;
}

/** chainHooks calls each set of hooks in turn (the command's logs, then observers such as the dashboard). */
export function chainHooks(...all: FleetHooks[]): FleetHooks {
  const names = new Set(all.flatMap((h) => Object.keys(h) as (keyof FleetHooks)[]));
  const out: Record<string, (...args: unknown[]) => void> = {};
  for (const name of names) {
    out[name] = (...args) => {
      for (const h of all) (h[name] as ((...a: unknown[]) => void) | undefined)?.(...args);
    };
  }
  return out as FleetHooks;
}
