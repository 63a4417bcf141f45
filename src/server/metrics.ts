import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestRecord } from '../kube/counted-client.js';
import { clusterFailed, countActions } from '../model/change-set.js';
import type { ReconcileResult } from '../model/reconcile-result.js';

/** CycleOutcome is how a cycle ended, as the metrics count it. */
export type CycleOutcome = ReconcileResult['outcome'] | 'error';

/** ClusterMetrics are the series the watching reconciler keeps per member cluster: requests, watches, queue, latencies. */
export interface ClusterMetrics {
  /** recordRequest counts one request to a member cluster by verb and outcome, and observes its duration */
  recordRequest(r: RequestRecord): void;
  /** recordWatchRestart counts a watch of a kind that ended and was opened again */
  recordWatchRestart(cluster: string, kind: string): void;
  /** recordRelist counts a list of a kind made because its watch's resourceVersion expired (410 Gone) */
  recordRelist(cluster: string, kind: string): void;
  /** setCacheStale says whether a kind's cache on a cluster is stale (it answers nothing while it is) */
  setCacheStale(cluster: string, kind: string, stale: boolean): void;
  /** setQueueDepth is how much work waits in a cluster's queue */
  setQueueDepth(cluster: string, depth: number): void;
  /** observeCommitApplied is the time from the reconciler seeing a new commit to the cluster holding it */
  observeCommitApplied(cluster: string, seconds: number): void;
  /** observeDriftStatus is the time from a watch event showing drift to the commit status that reports it */
  observeDriftStatus(cluster: string, seconds: number): void;
  /** setClusterReady sets the Ready condition's status (1 for it, 0 for the others); transition counts a change of status */
  setClusterReady(cluster: string, status: 'True' | 'False' | 'Unknown', transition: boolean): void;
  /** setClusterTaints replaces the cluster's derived taints (one series per key and effect, value 1) */
  setClusterTaints(cluster: string, taints: readonly { key: string; effect: string }[]): void;
  /** forgetCluster removes every series labelled with the cluster (it left the repository), the per-cycle ones too */
  forgetCluster(cluster: string): void;
}

/** Metrics are the reconciler's Prometheus series, on a registry of their own. */
export interface Metrics extends ClusterMetrics {
  readonly registry: Registry;
  /** recordCycle counts a cycle and, when it got that far, each cluster's objects, drift and failure */
  recordCycle(outcome: CycleOutcome, seconds: number, result?: ReconcileResult): void;
  recordWebhook(forge: string, status: number): void;
}

const APPLIED = ['created', 'configured', 'unchanged'] as const;
/** a request takes milliseconds; one HTTP request gives up at 10 s by default, 30 s covers a list of many pages */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** commit→applied and drift→status run from 10 ms (a cached no-op) to a minute (a large apply, a slow forge) */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** createMetrics registers gitfed's series (and Node's process metrics) on a new registry. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const cycles = new Counter({ name: 'gitfed_cycles_total', help: 'Reconcile cycles by outcome', labelNames: ['outcome'], registers });
  const duration = new Histogram({ name: 'gitfed_cycle_duration_seconds', help: 'Duration of reconcile cycles', buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300], registers });
  const objects = new Gauge({ name: 'gitfed_cluster_objects', help: 'Objects gitfed applied to a member cluster in the last cycle', labelNames: ['cluster'], registers });
  const drifted = new Gauge({ name: 'gitfed_cluster_drifted_objects', help: 'Objects found drifted on a member cluster in the last cycle', labelNames: ['cluster'], registers });
  const failures = new Counter({ name: 'gitfed_cluster_failures_total', help: 'Cycles in which a member cluster or one of its objects failed', labelNames: ['cluster'], registers });
  const revision = new Gauge({ name: 'gitfed_last_applied_revision', help: 'The revision of the last cycle that applied (value 1, revision as a label)', labelNames: ['revision'], registers });
  const appliedAt = new Gauge({ name: 'gitfed_last_applied_timestamp_seconds', help: 'When the last cycle that applied finished', registers });
  const webhooks = new Counter({ name: 'gitfed_webhook_deliveries_total', help: 'Webhook deliveries by forge and HTTP status', labelNames: ['forge', 'status'], registers });

  const perCycle = [objects, drifted, failures];

  return {
    registry,
    ...clusterMetrics(registers, (cluster) => perCycle.forEach((m) => m.remove({ cluster }))),
    recordCycle(outcome, seconds, result) {
      cycles.inc({ outcome });
      duration.observe(seconds);
      if (!result || result.outcome !== 'applied') return;
      for (const cs of result.clusters) {
        const counts = countActions(cs);
        objects.set({ cluster: cs.cluster }, APPLIED.reduce((n, a) => n + (counts[a] ?? 0), 0));
        drifted.set({ cluster: cs.cluster }, cs.drift?.objects.length ?? 0);
        if (clusterFailed(cs)) failures.inc({ cluster: cs.cluster });
      }
      revision.reset();
      revision.set({ revision: result.revision ?? 'directory' }, 1);
      appliedAt.setToCurrentTime();
    },
    recordWebhook(forge, status) {
      webhooks.inc({ forge, status: String(status) });
    },
  };
}

type Labels = Record<string, string>;

/** Removable is a labelled series' remove, whatever its kind. */
interface Removable {
  remove(labels: Labels): void;
}

/** SeriesBook remembers each cluster's label sets, since prom-client removes a series only by all of its labels. */
function seriesBook(): { note(metric: Removable, labels: Labels & { cluster: string }): void; forget(cluster: string): void } {
  const byCluster = new Map<string, Map<Removable, Map<string, Labels>>>();
  return {
    note(metric, labels) {
      const metrics = byCluster.get(labels.cluster) ?? new Map<Removable, Map<string, Labels>>();
      byCluster.set(labels.cluster, metrics);
      const sets = metrics.get(metric) ?? new Map<string, Labels>();
      metrics.set(metric, sets);
      // every request notes its labels: a plain join, since each metric's call site names its labels in one order
      let key = '';
      for (const k in labels) key += `${k}=${String(labels[k])}\u0000`;
      sets.set(key, labels);
    },
    forget(cluster) {
      for (const [metric, sets] of byCluster.get(cluster) ?? []) for (const labels of sets.values()) metric.remove(labels);
      byCluster.delete(cluster);
    },
  };
}

/** clusterMetrics registers the per-cluster series; forgetting a cluster also calls forgetMore (the per-cycle series). */
function clusterMetrics(registers: Registry[], forgetMore: (cluster: string) => void): ClusterMetrics {
  const requests = new Counter({ name: 'gitfed_cluster_requests_total', help: 'Requests to a member cluster by verb and outcome (ok or error)', labelNames: ['cluster', 'verb', 'outcome'], registers });
  const requestSeconds = new Histogram({ name: 'gitfed_cluster_request_duration_seconds', help: 'Duration of requests to a member cluster (a watch: until it opened)', labelNames: ['cluster', 'verb'], buckets: REQUEST_BUCKETS, registers });
  const restarts = new Counter({ name: 'gitfed_watch_restarts_total', help: 'Watches of a kind that ended and were opened again', labelNames: ['cluster', 'kind'], registers });
  const relists = new Counter({ name: 'gitfed_watch_relists_total', help: 'Lists of a kind made again because the watch version expired (410 Gone)', labelNames: ['cluster', 'kind'], registers });
  const stale = new Gauge({ name: 'gitfed_cache_stale', help: 'Whether the cache of a kind on a member cluster is stale (1) or current (0)', labelNames: ['cluster', 'kind'], registers });
  const depth = new Gauge({ name: 'gitfed_cluster_queue_depth', help: 'Work waiting in a member cluster\'s queue', labelNames: ['cluster'], registers });
  const commitApplied = new Histogram({ name: 'gitfed_commit_applied_seconds', help: 'From the reconciler seeing a new commit to a member cluster holding it', labelNames: ['cluster'], buckets: LATENCY_BUCKETS, registers });
  const driftStatus = new Histogram({ name: 'gitfed_drift_status_seconds', help: 'From a watch event showing drift to the commit status reporting it', labelNames: ['cluster'], buckets: LATENCY_BUCKETS, registers });
  const ready = new Gauge({ name: 'gitfed_cluster_ready', help: 'The member\'s Ready condition: 1 for its status (True, False, Unknown), 0 for the others', labelNames: ['cluster', 'status'], registers });
  const transitions = new Counter({ name: 'gitfed_cluster_ready_transitions_total', help: 'Changes of a member\'s Ready status', labelNames: ['cluster'], registers });
  const taint = new Gauge({ name: 'gitfed_cluster_taint', help: 'Taints gitfed derived for a member from its health (value 1)', labelNames: ['cluster', 'key', 'effect'], registers });
  const taintSets = new Map<string, { key: string; effect: string }[]>();
  const book = seriesBook();
  const noted = <L extends Labels & { cluster: string }>(metric: Removable, labels: L): L => (book.note(metric, labels), labels);

  return {
    recordRequest({ cluster, verb, seconds, ok }) {
      requests.inc(noted(requests, { cluster, verb, outcome: ok ? 'ok' : 'error' }));
      requestSeconds.observe(noted(requestSeconds, { cluster, verb }), seconds);
    },
    recordWatchRestart: (cluster, kind) => restarts.inc(noted(restarts, { cluster, kind })),
    recordRelist: (cluster, kind) => relists.inc(noted(relists, { cluster, kind })),
    setCacheStale: (cluster, kind, isStale) => stale.set(noted(stale, { cluster, kind }), isStale ? 1 : 0),
    setQueueDepth: (cluster, n) => depth.set(noted(depth, { cluster }), n),
    observeCommitApplied: (cluster, seconds) => commitApplied.observe(noted(commitApplied, { cluster }), seconds),
    observeDriftStatus: (cluster, seconds) => driftStatus.observe(noted(driftStatus, { cluster }), seconds),
    setClusterReady(cluster, status, transition) {
      for (const s of ['True', 'False', 'Unknown']) ready.set(noted(ready, { cluster, status: s }), s === status ? 1 : 0);
      if (transition) transitions.inc(noted(transitions, { cluster }));
    },
    setClusterTaints(cluster, taints) {
      for (const t of taintSets.get(cluster) ?? []) taint.remove({ cluster, key: t.key, effect: t.effect });
      taintSets.set(cluster, taints.map((t) => ({ key: t.key, effect: t.effect })));
      for (const t of taints) taint.set(noted(taint, { cluster, key: t.key, effect: t.effect }), 1);
    },
    forgetCluster(cluster) {
      taintSets.delete(cluster);
      book.forget(cluster);
      forgetMore(cluster);
    },
  };
}
