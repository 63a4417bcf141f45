import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import { createFleetReconciler } from '../../src/reconcile/fleet-reconciler.js';
import { kubeconfigConnect } from '../../src/cli/commands/reconcile.js';
import type { ReconcileResult } from '../../src/model/reconcile-result.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { runCliAsync, tempRepo } from '../helpers/cli.js';

// A Cluster with spec.syncMode: Pull belongs to its agent: every push-side command leaves it alone (its request
// counter stays 0) and says so, while the push members are reconciled as ever.

const clusters = ['m1', 'm2', 'm3'].map((name) => `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata: {name: ${name}}
spec: {syncMode: ${name === 'm3' ? 'Pull' : 'Push'}}
`).join('---\n');
const policy = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}, {apiVersion: v1, kind: ConfigMap}]
`;
const repo = tempRepo({
  'clusters.yaml': clusters, 'policy.yaml': policy,
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k: v}\n',
});
let fleet: Fleet;
let kubeconfig: string;

beforeAll(async () => {
  fleet = await startWorkloadFleet(['m1', 'm2', 'm3']);
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'gitfed-pull-skip-')), 'kubeconfig');
  // the push side holds credentials of every member here: only syncMode keeps it away from m3
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
});

const requestsTo = (name: string) => fleet.cluster(name).counters.snapshot().total;
const fleetArgs = () => ['--repo', repo, '--kubeconfig', kubeconfig];

describe('a pull member is never contacted by the push side', () => {
  it('reconcile --once applies the push members, makes 0 requests to the pull member and says so', async () => {
    const r = await runCliAsync(['reconcile', ...fleetArgs(), '--once', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as ReconcileResult;
    expect(result.clusters.map((c) => c.cluster)).toEqual(['m1', 'm2']);
    expect(result.pulled?.map((p) => [p.cluster, p.message])).toEqual([['m3', 'pull mode, reported by its agent: no report yet']]);
    const m1 = fleet.cluster('m1').api;
    expect(m1.get(m1.resolve('', 'v1', 'configmaps')!, 'shop', 'settings').data).toEqual({ k: 'v' });
    expect(requestsTo('m1')).toBeGreaterThan(0);
    expect(requestsTo('m3')).toBe(0);
    const table = await runCliAsync(['reconcile', ...fleetArgs(), '--once']);
    expect(table.stdout).toContain('m3: pull mode, reported by its agent');
    expect(requestsTo('m3')).toBe(0);
  });

  it('drift, status and clusters leave it alone too', async () => {
    const drift = await runCliAsync(['drift', ...fleetArgs()]);
    expect(drift.code, drift.stderr).toBe(0);
    expect(drift.stdout).toContain('m3: pull mode, reported by its agent');
    const status = await runCliAsync(['status', ...fleetArgs(), '--format', 'json']);
    expect(status.stdout).toContain('pull mode, reported by its agent');
    const listed = await runCliAsync(['clusters', ...fleetArgs()]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/m3\s+Unknown/);
    expect(listed.stdout).toContain('m3: ClusterStatusUnknown: no report from its agent yet');
    expect(requestsTo('m3')).toBe(0);
  });

  it('the running reconciler queues no work for it, watches nothing there and probes nothing there', async () => {
    const done: string[] = [];
    let finished: (r: ReconcileResult) => void = () => undefined;
    const cycle = new Promise<ReconcileResult>((resolve) => (finished = resolve));
    const loop = createFleetReconciler({
      source: { repo }, connect: await kubeconfigConnect(kubeconfig), reporters: [],
      probe: () => async () => ({ kind: 'healthy', path: '/readyz' }),
      hooks: { onClusterDone: (e) => done.push(e.cluster), onCycleFinished: (r) => finished(r) },
    }, { dryRun: false, allowMassPrune: false, clusterTimeoutMs: 10_000, concurrency: 4, health: { timer: () => () => undefined } });
    loop.trigger('start');
    const result = await cycle;
    await loop.stop(10_000);
    expect(result.clusters.map((c) => c.cluster).sort()).toEqual(['m1', 'm2']);
    expect(done.sort()).toEqual(['m1', 'm2']);
    expect(requestsTo('m3')).toBe(0);
  });
});
