import { describe, expect, it } from 'vitest';
import type { ClusterChangeSet } from '../../../src/model/change-set.js';
import { createMetrics, type Metrics } from '../../../src/server/metrics.js';

/** Sample is one line of the Prometheus text: a series name, its labels and its value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(metrics: Metrics): Promise<Sample[]> {
  const text = await metrics.registry.metrics();
  return text.split('\n').filter((l) => l.startsWith('gitfed_')).map(parseLine);
}

function parseLine(line: string): Sample {
  const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
  if (!m) throw new Error(`not a sample: ${line}`);
  const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
  return { name: m[1]!, labels, value: Number(m[3]) };
}

/** value is the one sample of a series with exactly these labels, or undefined when there is none */
function value(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  const found = samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

describe('per-cluster metrics', () => {
  it('recordRequest counts requests by cluster, verb and outcome', async () => {
    const m = createMetrics();
    m.recordRequest({ cluster: 'a', verb: 'apply', seconds: 0.02, ok: true });
    m.recordRequest({ cluster: 'a', verb: 'apply', seconds: 0.03, ok: true });
    m.recordRequest({ cluster: 'a', verb: 'apply', seconds: 10, ok: false });
    m.recordRequest({ cluster: 'a', verb: 'dry-run', seconds: 0.01, ok: true });
    m.recordRequest({ cluster: 'b', verb: 'watch', seconds: 0.1, ok: true });
    const s = await scrape(m);
    const total = (cluster: string, verb: string, outcome: string): number | undefined => value(s, 'gitfed_cluster_requests_total', { cluster, verb, outcome });
    expect(total('a', 'apply', 'ok')).toBe(2);
    expect(total('a', 'apply', 'error')).toBe(1);
    expect(total('a', 'dry-run', 'ok')).toBe(1);
    expect(total('b', 'watch', 'ok')).toBe(1);
    expect(total('b', 'apply', 'ok')).toBeUndefined();
  });

  it('recordRequest observes durations by cluster and verb, failed requests included', async () => {
    const m = createMetrics();
    m.recordRequest({ cluster: 'a', verb: 'get', seconds: 0.004, ok: true });
    m.recordRequest({ cluster: 'a', verb: 'get', seconds: 0.3, ok: false });
    const s = await scrape(m);
    const name = 'gitfed_cluster_request_duration_seconds';
    expect(value(s, `${name}_count`, { cluster: 'a', verb: 'get' })).toBe(2);
    expect(value(s, `${name}_sum`, { cluster: 'a', verb: 'get' })).toBeCloseTo(0.304);
    expect(value(s, `${name}_bucket`, { cluster: 'a', verb: 'get', le: '0.005' })).toBe(1);
    expect(value(s, `${name}_bucket`, { cluster: 'a', verb: 'get', le: '0.25' })).toBe(1);
    expect(value(s, `${name}_bucket`, { cluster: 'a', verb: 'get', le: '0.5' })).toBe(2);
  });

  const counters: [string, (m: Metrics) => void, string, Record<string, string>, number][] = [
    ['a watch restart is counted per cluster and kind', (m) => { m.recordWatchRestart('a', 'Deployment'); m.recordWatchRestart('a', 'Deployment'); m.recordWatchRestart('a', 'ConfigMap'); }, 'gitfed_watch_restarts_total', { cluster: 'a', kind: 'Deployment' }, 2],
    ['a relist after 410 Gone is counted per cluster and kind', (m) => { m.recordRelist('a', 'Service'); m.recordRelist('b', 'Service'); }, 'gitfed_watch_relists_total', { cluster: 'a', kind: 'Service' }, 1],
    ['a stale cache is 1', (m) => m.setCacheStale('a', 'Deployment', true), 'gitfed_cache_stale', { cluster: 'a', kind: 'Deployment' }, 1],
    ['a cache current again is 0', (m) => { m.setCacheStale('a', 'Deployment', true); m.setCacheStale('a', 'Deployment', false); }, 'gitfed_cache_stale', { cluster: 'a', kind: 'Deployment' }, 0],
    ['the queue depth is the last one set', (m) => { m.setQueueDepth('a', 5); m.setQueueDepth('a', 3); m.setQueueDepth('b', 9); }, 'gitfed_cluster_queue_depth', { cluster: 'a' }, 3],
    ['commit→applied latencies are counted per cluster', (m) => { m.observeCommitApplied('a', 1); m.observeCommitApplied('a', 2); m.observeCommitApplied('b', 1); }, 'gitfed_commit_applied_seconds_count', { cluster: 'a' }, 2],
    ['commit→applied latencies sum per cluster', (m) => { m.observeCommitApplied('a', 1.5); m.observeCommitApplied('a', 2); }, 'gitfed_commit_applied_seconds_sum', { cluster: 'a' }, 3.5],
    ['drift→status latencies are counted per cluster', (m) => { m.observeDriftStatus('b', 0.2); }, 'gitfed_drift_status_seconds_count', { cluster: 'b' }, 1],
  ];
  it.each(counters)('%s', async (_, record, name, labels, expected) => {
    const m = createMetrics();
    record(m);
    expect(value(await scrape(m), name, labels)).toBe(expected);
  });

  const latencies: [string, (m: Metrics, seconds: number) => void][] = [
    ['gitfed_commit_applied_seconds', (m, s) => m.observeCommitApplied('a', s)],
    ['gitfed_drift_status_seconds', (m, s) => m.observeDriftStatus('a', s)],
  ];
  it.each(latencies)('%s has buckets from 0.01 s to 60 s', async (name, observe) => {
    const m = createMetrics();
    for (const seconds of [0.005, 0.02, 45, 90]) observe(m, seconds);
    const s = await scrape(m);
    const bucket = (le: string): number | undefined => value(s, `${name}_bucket`, { cluster: 'a', le });
    const bounds = s.filter((x) => x.name === `${name}_bucket`).map((x) => x.labels.le);
    expect(bounds[0]).toBe('0.01');
    expect(bounds.at(-2)).toBe('60');
    expect(bucket('0.01')).toBe(1);
    expect(bucket('0.025')).toBe(2);
    expect(bucket('30')).toBe(2);
    expect(bucket('60')).toBe(3);
    expect(bucket('+Inf')).toBe(4);
  });

  it('the new series are declared with their types', async () => {
    const text = await createMetrics().registry.metrics();
    for (const [name, type] of [
      ['gitfed_cluster_requests_total', 'counter'], ['gitfed_cluster_request_duration_seconds', 'histogram'],
      ['gitfed_watch_restarts_total', 'counter'], ['gitfed_watch_relists_total', 'counter'], ['gitfed_cache_stale', 'gauge'],
      ['gitfed_cluster_queue_depth', 'gauge'], ['gitfed_commit_applied_seconds', 'histogram'], ['gitfed_drift_status_seconds', 'histogram'],
      ['gitfed_cycles_total', 'counter'], ['gitfed_cluster_objects', 'gauge'],
      ['gitfed_cluster_ready', 'gauge'], ['gitfed_cluster_ready_transitions_total', 'counter'], ['gitfed_cluster_taint', 'gauge'],
    ]) expect(text).toContain(`# TYPE ${name} ${type}`);
  });
});

describe('cluster health metrics', () => {
  it('gitfed_cluster_ready is 1 for the current status and 0 for the other two', async () => {
    const m = createMetrics();
    m.setClusterReady('a', 'Unknown', false);
    m.setClusterReady('b', 'True', false);
    const s = await scrape(m);
    const ready = (cluster: string, status: string): number | undefined => value(s, 'gitfed_cluster_ready', { cluster, status });
    expect([ready('a', 'True'), ready('a', 'False'), ready('a', 'Unknown')]).toEqual([0, 0, 1]);
    expect([ready('b', 'True'), ready('b', 'False'), ready('b', 'Unknown')]).toEqual([1, 0, 0]);
  });

  it('gitfed_cluster_ready_transitions_total counts only the changes it is told of', async () => {
    const m = createMetrics();
    m.setClusterReady('a', 'True', false);
    m.setClusterReady('a', 'False', true);
    m.setClusterReady('a', 'False', false);
    m.setClusterReady('a', 'True', true);
    const s = await scrape(m);
    expect(value(s, 'gitfed_cluster_ready_transitions_total', { cluster: 'a' })).toBe(2);
    expect(value(s, 'gitfed_cluster_ready', { cluster: 'a', status: 'True' })).toBe(1);
  });

  it('gitfed_cluster_taint holds the cluster\'s current taints only: a taint that went away leaves no series', async () => {
    const m = createMetrics();
    m.setClusterTaints('a', [{ key: 'cluster.karmada.io/unreachable', effect: 'NoSchedule' }, { key: 'cluster.karmada.io/unreachable', effect: 'NoExecute' }]);
    m.setClusterTaints('b', [{ key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' }]);
    m.setClusterTaints('a', [{ key: 'cluster.karmada.io/unreachable', effect: 'NoSchedule' }]);
    const s = await scrape(m);
    const taints = (cluster: string): string[] => s.filter((x) => x.name === 'gitfed_cluster_taint' && x.labels.cluster === cluster).map((x) => `${x.labels.key}:${x.labels.effect}=${x.value}`);
    expect(taints('a')).toEqual(['cluster.karmada.io/unreachable:NoSchedule=1']);
    expect(taints('b')).toEqual(['cluster.karmada.io/not-ready:NoSchedule=1']);
    m.setClusterTaints('b', []);
    expect((await scrape(m)).filter((x) => x.name === 'gitfed_cluster_taint' && x.labels.cluster === 'b')).toEqual([]);
  });

  it('forgetCluster removes its health series', async () => {
    const m = createMetrics();
    m.setClusterReady('gone', 'False', true);
    m.setClusterTaints('gone', [{ key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule' }]);
    m.forgetCluster('gone');
    expect((await scrape(m)).filter((x) => x.labels.cluster === 'gone')).toEqual([]);
  });
});

describe('forgetCluster', () => {
  const changeSet = (cluster: string): ClusterChangeSet => ({ cluster, revision: 'abc', dryRun: false, entries: [{ key: 'v1/ConfigMap/d/x', subject: 'ConfigMap/d/x', action: 'failed' }] });

  function recordEverything(m: Metrics, cluster: string): void {
    m.recordRequest({ cluster, verb: 'list', seconds: 0.1, ok: true });
    m.recordRequest({ cluster, verb: 'apply', seconds: 0.1, ok: false });
    m.recordWatchRestart(cluster, 'Deployment');
    m.recordRelist(cluster, 'ConfigMap');
    m.setCacheStale(cluster, 'Deployment', true);
    m.setCacheStale(cluster, 'ConfigMap', false);
    m.setQueueDepth(cluster, 4);
    m.observeCommitApplied(cluster, 1);
    m.observeDriftStatus(cluster, 1);
  }

  it('removes every series labelled with the cluster, the per-cycle ones too, and leaves the others', async () => {
    const m = createMetrics();
    recordEverything(m, 'gone');
    recordEverything(m, 'kept');
    m.recordCycle('applied', 1, { revision: 'abc', outcome: 'applied', diagnostics: [], clusters: [changeSet('gone'), changeSet('kept')] });
    const before = await scrape(m);
    const kept = before.filter((s) => s.labels.cluster === 'kept');
    expect(before.filter((s) => s.labels.cluster === 'gone')).toHaveLength(kept.length);
    expect(new Set(kept.map((s) => s.name.replace(/_(bucket|sum|count)$/, ''))).size).toBe(11);

    m.forgetCluster('gone');
    const after = await scrape(m);
    expect(after.filter((s) => s.labels.cluster === 'gone')).toEqual([]);
    expect(after.filter((s) => s.labels.cluster === 'kept')).toEqual(kept);
    expect(value(after, 'gitfed_cycles_total', { outcome: 'applied' })).toBe(1);
  });

  it('a cluster that comes back starts from zero', async () => {
    const m = createMetrics();
    recordEverything(m, 'a');
    m.forgetCluster('a');
    m.recordWatchRestart('a', 'Deployment');
    const s = await scrape(m);
    expect(value(s, 'gitfed_watch_restarts_total', { cluster: 'a', kind: 'Deployment' })).toBe(1);
    expect(value(s, 'gitfed_cluster_requests_total', { cluster: 'a', verb: 'list', outcome: 'ok' })).toBeUndefined();
  });

  it('forgetting a cluster never seen changes nothing', async () => {
    const m = createMetrics();
    recordEverything(m, 'a');
    const before = await scrape(m);
    m.forgetCluster('never');
    expect(await scrape(m)).toEqual(before);
  });
});
