import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberProbe } from '../../src/kube/health-probe.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { ProbeResult } from '../../src/model/cluster-health.js';
import type { KubeObject } from '../../src/model/kube.js';
import { createFleetReconciler, type FleetReconciler } from '../../src/reconcile/fleet-reconciler.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { manualClock } from '../helpers/manual-clock.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';

// Issue 17's done-means on simulated members: 3 clusters, a Divided Weighted Deployment of 6 replicas
// (purgeMode Gracefully, the CRD spelling of Graciously). The sim STOPS m3 (its listener closes: real probes are refused, not faked); with a manual
// clock, within tolerationSeconds + 30 s m1 and m2 run all 6 and READY is 6/6 again, while m3 is never touched;
// m3 comes back, flaps once inside the hold-down (which starts it again), stays Ready past it, and its replicas
// move back; a re-division in Git moves them the same way. Every Deployment status change on
// the sims is recorded: the available replicas summed over the fleet never drop below 6. The stopped cluster's
// pods keep running (only its API server is down), so its copy counts while it is stopped.

const T0 = Date.parse('2026-12-04T10:00:00Z');
const NAMES = ['m1', 'm2', 'm3'];
const TOLERATION_S = 60;
const HOLD_DOWN_S = 120;
const files: Record<string, string> = {
  'clusters.yaml': NAMES.map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n'),
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'ns-policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ns}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]\n',
  'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}\n  failover: {cluster: {purgeMode: Gracefully}}\n',
  'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 6\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n',
  'gitfed.yaml': `failover: {defaultTolerationSeconds: ${TOLERATION_S}, holdDownSeconds: ${HOLD_DOWN_S}}\n`,
};

let fleet: Fleet;
let dir: string;
let reconciler: FleetReconciler | undefined;
const unsubscribe: (() => void)[] = [];

beforeAll(async () => {
  fleet = await startWorkloadFleet(NAMES);
  dir = mkdtempSync(join(tmpdir(), 'gitfed-graceful-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'fleet');
});

afterAll(async () => {
  for (const u of unsubscribe) u();
  await reconciler?.stop(10_000);
  await fleet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const deployment = (name: string): KubeObject | undefined => {
  const api = fleet.cluster(name).api;
  return api.get(api.resolve('apps', 'v1', 'deployments')!, 'shop', 'web') as KubeObject | undefined;
};
const num = (o: KubeObject | undefined, path: 'spec' | 'status', field: string): number => ((o?.[path] as Record<string, number> | undefined)?.[field] ?? 0);
const replicas = () => NAMES.map((n) => num(deployment(n), 'spec', 'replicas'));
const ready = (names: string[]) => names.reduce((sum, n) => sum + num(deployment(n), 'status', 'readyReplicas'), 0);
/** everything gitfed could have changed on a member: its ConfigMaps (the inventory among them) and Deployments, whole */
const held = (name: string) => {
  const api = fleet.cluster(name).api;
  return [api.resolve('', 'v1', 'configmaps')!, api.resolve('apps', 'v1', 'deployments')!].flatMap((rt) => (api.list(rt, '', {}) as unknown as { items: unknown[] }).items.map((o) => JSON.stringify(o))).sort();
};

describe('graceful failover on simulated members (issue 17 done-means)', () => {
  it('a stopped member loses its replicas within toleration + 30 s, gets them back after the hold-down, never below 6 available', async () => {
    const clock = manualClock(T0);
    // every Deployment status change on every sim, with the fleet's available sum after it
    const available = new Map<string, number>();
    const sums: number[] = [];
    for (const name of NAMES) {
      unsubscribe.push(fleet.cluster(name).api.onChange((e) => {
        const o = (e as { object?: KubeObject }).object;
        if (o?.kind !== 'Deployment') return;
        available.set(name, (e as { type?: string }).type === 'DELETED' ? 0 : num(o, 'status', 'availableReplicas'));
        sums.push([...available.values()].reduce((a, b) => a + b, 0));
      }));
    }
    // the observers' reconnect backoff waits until the test wakes it (after m3 is back), never on the wall clock
    const wakers: (() => void)[] = [];
    const wake = () => { for (const w of wakers.splice(0)) w(); };
    const kubeconfig = fleet.kubeconfig();
    reconciler = createFleetReconciler({
      source: { repo: dir }, reporters: [],
      connect: (c, signal) => createKubeClient({ kubeconfig, context: c.context ?? c.name, cluster: c.name, ...(signal ? { signal } : {}), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } }),
      probe: (c) => {
        const probe = memberProbe({ kubeconfig, context: c.context ?? c.name });
        return (signal): Promise<ProbeResult> => clock.track(probe.health(signal));
      },
    }, {
      dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: 3, sleeper: () => new Promise<void>(() => undefined),
      observer: { sleeper: (_ms, signal) => new Promise<void>((resolve) => { wakers.push(resolve); signal?.addEventListener('abort', () => resolve()); }) },
      health: { intervalMs: 5_000, thresholds: { failureMs: 20_000, successMs: 20_000 }, now: clock.now, timer: clock.timer },
    });
    const settle = async () => {
      await reconciler!.idle();
      await new Promise((r) => setImmediate(r));
      await reconciler!.idle();
    };
    reconciler.trigger('start');
    await settle();
    await clock.advance(0, settle);
    for (let i = 0; i < 20 && ready(NAMES) < 6; i++) await new Promise((r) => setImmediate(r));
    expect(replicas()).toEqual([2, 2, 2]);
    expect(ready(NAMES)).toBe(6);

    // the sim stops m3: its listener closes, the probes are refused
    const before = held('m3');
    await fleet.cluster('m3').faults.down();
    const stoppedAt = clock.now();
    let movedAt: number | undefined;
    for (let t = 0; t <= (TOLERATION_S + 30) * 1000 && movedAt === undefined; t += 1000) {
      await clock.advance(1000, settle);
      if (replicas()[0] === 3 && replicas()[1] === 3 && ready(['m1', 'm2']) === 6) movedAt = clock.now();
    }
    expect(movedAt, 'm1 and m2 run all 6 replicas').toBeDefined();
    expect(movedAt! - stoppedAt).toBeLessThanOrEqual((TOLERATION_S + 30) * 1000);
    expect(ready(['m1', 'm2'])).toBe(6);
    expect(held('m3'), 'the stopped member is not touched').toEqual(before);

    // m3 comes back: Ready after the success threshold, then held down; its replicas stay on m1 and m2 meanwhile
    await clock.advance(60_000, settle);
    expect(held('m3')).toEqual(before);
    await fleet.cluster('m3').faults.up();
    wake();
    await clock.advance(60_000, settle);
    // a flap inside the hold-down, shorter than the failure threshold (Ready never leaves True): it starts again
    await fleet.cluster('m3').faults.down();
    await clock.advance(6_000, settle);
    const flapAt = clock.now();
    await fleet.cluster('m3').faults.up();
    wake();
    await clock.advance(HOLD_DOWN_S * 1000 - 10_000, settle);
    expect(replicas(), 'held down: nothing moves back yet').toEqual([3, 3, 2]);
    expect(held('m3')).toEqual(before);

    // past the hold-down the replicas move back; the lowering on m1 and m2 waits for m3's copy to be available
    await clock.advance(10_000, settle);
    for (let i = 0; i < 50 && replicas().join() !== '2,2,2'; i++) await clock.advance(1000, settle);
    expect(replicas()).toEqual([2, 2, 2]);
    expect(clock.now() - flapAt).toBeLessThanOrEqual((HOLD_DOWN_S + 10) * 1000);
    for (let i = 0; i < 20 && ready(NAMES) < 6; i++) await new Promise((r) => setImmediate(r));
    expect(ready(NAMES)).toBe(6);
    expect(sums.length).toBeGreaterThan(0);
    expect(Math.min(...sums.slice(sums.findIndex((s) => s >= 6))), `available over the fleet: ${sums.join(' ')}`).toBeGreaterThanOrEqual(6);

    // a re-division in Git moves replicas the same way: m3's raise goes first, m1 and m2 lower once it is available
    const moveFrom = sums.length;
    const weighted = files['policy.yaml']!.replace('replicaDivisionPreference: Weighted}', 'replicaDivisionPreference: Weighted, weightPreference: {staticWeightList: [{targetCluster: {clusterNames: [m1]}, weight: 1}, {targetCluster: {clusterNames: [m2]}, weight: 1}, {targetCluster: {clusterNames: [m3]}, weight: 4}]}}');
    writeFileSync(join(dir, 'policy.yaml'), weighted);
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'weights'], { cwd: dir });
    reconciler.trigger('webhook');
    await settle();
    for (let i = 0; i < 50 && (replicas().join() !== '1,1,4' || ready(NAMES) < 6); i++) {
      await new Promise((r) => setImmediate(r));
      await settle();
    }
    expect(replicas()).toEqual([1, 1, 4]);
    expect(ready(NAMES)).toBe(6);
    expect(Math.min(...sums.slice(moveFrom)), `available over the fleet: ${sums.slice(moveFrom).join(' ')}`).toBeGreaterThanOrEqual(6);
  });
});
