import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { KubeObject } from '../../src/model/kube.js';
import { createFleetReconciler, type FleetReconciler } from '../../src/reconcile/fleet-reconciler.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { manualClock } from '../helpers/manual-clock.js';
import { manualSchedule, startWorkloadFleet } from '../helpers/sim-fleet.js';

// Application failover (`spec.failover.application`) on simulated members: all three are Ready, but m3's
// controller never reports a rollout, so the Deployment there stays unhealthy. After tolerationSeconds (a manual
// clock) m3 is evicted for this template only: its replicas go to m1 and m2, and m3's copy is removed only once
// theirs are available (purgeMode Gracefully). A change of the template in Git gives m3 another try.

const T0 = Date.parse('2026-12-04T10:00:00Z');
const NAMES = ['m1', 'm2', 'm3'];
const TOLERATION_S = 60;
const web = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 6\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: ${image}}]}\n`;
const files: Record<string, string> = {
  'clusters.yaml': NAMES.map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n'),
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'ns-policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ns}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]\n',
  'policy.yaml': `apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}\n  failover:\n    application: {decisionConditions: {tolerationSeconds: ${TOLERATION_S}}, purgeMode: Gracefully, gracePeriodSeconds: 600}\n`,
  'web.yaml': web('nginx:1.27'),
};

const m3 = manualSchedule();
let fleet: Fleet;
let dir: string;
let reconciler: FleetReconciler | undefined;
const unsubscribe: (() => void)[] = [];

beforeAll(async () => {
  fleet = await startWorkloadFleet(NAMES, { controllers: { m3: { schedule: m3.schedule } } });
  dir = mkdtempSync(join(tmpdir(), 'gitfed-app-failover-'));
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
  const rt = api.resolve('apps', 'v1', 'deployments')!;
  return api.list(rt, 'shop', {}).items.find((o) => o.metadata.name === 'web') as KubeObject | undefined;
};
const num = (o: KubeObject | undefined, path: 'spec' | 'status', field: string): number => ((o?.[path] as Record<string, number> | undefined)?.[field] ?? 0);
const replicas = () => NAMES.map((n) => (deployment(n) ? num(deployment(n), 'spec', 'replicas') : null));
const available = (names: string[]) => names.reduce((sum, n) => sum + num(deployment(n), 'status', 'availableReplicas'), 0);

describe('application failover on simulated members', () => {
  it('a copy unhealthy on a Ready member for tolerationSeconds moves to the others; the old copy goes only once they are available', async () => {
    const clock = manualClock(T0);
    // m1 and m2's available replicas after every Deployment change: failover must never lower them
    const sums: number[] = [];
    for (const name of ['m1', 'm2']) {
      unsubscribe.push(fleet.cluster(name).api.onChange((e) => {
        if ((e as { object?: KubeObject }).object?.kind === 'Deployment') sums.push(available(['m1', 'm2']));
      }));
    }
    const kubeconfig = fleet.kubeconfig();
    reconciler = createFleetReconciler({
      source: { repo: dir }, reporters: [],
      connect: (c, signal) => createKubeClient({ kubeconfig, context: c.context ?? c.name, cluster: c.name, ...(signal ? { signal } : {}), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } }),
    }, {
      dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: 3, sleeper: () => new Promise<void>(() => undefined),
      health: { now: clock.now, timer: clock.timer },
    });
    const settle = async () => {
      for (let i = 0; i < 5; i++) {
        await reconciler!.idle();
        await new Promise((r) => setImmediate(r));
      }
    };
    reconciler.trigger('start');
    await settle();
    expect(replicas()).toEqual([2, 2, 2]);
    expect(available(['m1', 'm2'])).toBe(4);
    expect(num(deployment('m3'), 'status', 'availableReplicas'), 'm3 never reports its rollout').toBe(0);

    // within the toleration nothing moves
    await clock.advance((TOLERATION_S - 1) * 1000, settle);
    expect(replicas()).toEqual([2, 2, 2]);

    // the toleration runs out: m1 and m2 take m3's replicas, and m3's copy goes once theirs are available
    await clock.advance(1000, settle);
    for (let i = 0; i < 20 && replicas()[2] !== null; i++) await settle();
    expect(replicas()).toEqual([3, 3, null]);
    expect(available(['m1', 'm2'])).toBe(6);
    expect(Math.min(...sums.slice(sums.indexOf(4))), `m1 and m2 never lose a replica while moving: ${sums.join(' ')}`).toBeGreaterThanOrEqual(4);

    // later renders keep m3 out: an interval with nothing new does not bring it back
    reconciler.trigger('interval');
    await settle();
    expect(replicas()).toEqual([3, 3, null]);

    // a change of the template in Git is a fix to try: m3 is a candidate again, and this time its rollout goes
    // through (the test lets m3's controller report), so m1 and m2 lower once m3's copy is available
    writeFileSync(join(dir, 'web.yaml'), web('nginx:1.28'));
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'new image'], { cwd: dir });
    reconciler.trigger('webhook');
    for (let i = 0; i < 30 && replicas().join() !== '2,2,2'; i++) {
      m3.release();
      await settle();
    }
    expect(replicas()).toEqual([2, 2, 2]);
  });
});
