import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { clusterFailed, countActions } from '../model/change-set.js';
import type { ReconcileResult } from '../model/reconcile-result.js';

/** CycleOutcome is how a cycle ended, as the metrics count it. */
export type CycleOutcome = ReconcileResult['outcome'] | 'error';

/** Metrics are the reconciler's Prometheus series, on a registry of their own. */
export interface Metrics {
  readonly registry: Registry;
  /** recordCycle counts a cycle and, when it got that far, each cluster's objects, drift and failure */
  recordCycle(outcome: CycleOutcome, seconds: number, result?: ReconcileResult): void;
  recordWebhook(forge: string, status: number): void;
}

const APPLIED = ['created', 'configured', 'unchanged'] as const;

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

  return {
    registry,
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
