import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeStatuses } from '../../src/drift/status.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { CommitStatus, StatusReporter } from '../../src/model/drift.js';
import { createFleetReconciler, type FleetReconciler } from '../../src/reconcile/fleet-reconciler.js';
import { reconcileOnce } from '../../src/reconcile/reconcile-once.js';
import type { Fleet } from '../../src/sim/fleet.js';
import { snapshotOf } from '../helpers/builders.js';
import { manualSchedule, startWorkloadFleet } from '../helpers/sim-fleet.js';

// Health in commit statuses on simulated members. m1's controller holds every status update until the test
// releases it (a rollout under way, then done: no timer, no wall clock); m2's follows at once.

const NAMES = ['m1', 'm2'];
const web = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]}
`;
const files = (replicas: number): Record<string, string> => ({
  'clusters.yaml': NAMES.map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n'),
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ns}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]\n',
  'web.yaml': web(replicas),
  'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}\n',
});

const m1 = manualSchedule();
let fleet: Fleet;
let kubeconfig: string;

beforeAll(async () => {
  fleet = await startWorkloadFleet(NAMES, { controllers: { m1: { schedule: m1.schedule } } });
  kubeconfig = fleet.kubeconfig();
});

afterAll(async () => {
  await fleet?.stop();
});

const connect = (c: { context: string; name: string }, signal?: AbortSignal) =>
  createKubeClient({ kubeconfig, context: c.context, cluster: c.name, ...(signal ? { signal } : {}), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });

describe('reconcile --once reads health after the apply, without waiting', () => {
  const once = async (replicas: number) => {
    const result = await reconcileOnce(snapshotOf(files(replicas), 'rev1'), connect, { dryRun: false, allowMassPrune: false, clusterTimeoutMs: 20_000, concurrency: 2, health: true });
    return Object.fromEntries(composeStatuses(result).map((s) => [s.context, s]));
  };

  it('a member whose rollout has not begun is pending "rolling out"; the one whose controller answered is success', async () => {
    const s = await once(4);
    expect(s['gitfed/m1']).toMatchObject({ state: 'pending', description: '1 rolling out: Deployment/shop/web 0/2 created' });
    expect(s['gitfed/m2']?.state).toBe('success');
    expect(s['gitfed']).toMatchObject({ state: 'pending', description: '1/2 clusters in sync; m1 rolling out' });
  });

  it('once the rollout is done the next run is success on every member', async () => {
    m1.release();
    const s = await once(4);
    expect([s['gitfed/m1']?.state, s['gitfed/m2']?.state, s['gitfed']?.state]).toEqual(['success', 'success', 'success']);
  });
});

describe('the running reconciler follows health through watch events', () => {
  let dir: string;
  let reconciler: FleetReconciler | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitfed-health-'));
    for (const [name, text] of Object.entries(files(6))) writeFileSync(join(dir, name), text);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'fleet');
  });

  afterAll(async () => {
    await reconciler?.stop(10_000);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a status-only event turns pending into success without a pass', async () => {
    const posted: CommitStatus[] = [];
    const waiters: { done: () => boolean; resolve: () => void }[] = [];
    const last = (context: string) => posted.filter((s) => s.context === context).at(-1);
    const reporter: StatusReporter = {
      name: 'recorder',
      report: async (r) => {
        posted.push(...r.statuses);
        for (const w of waiters.splice(0)) if (w.done()) w.resolve(); else waiters.push(w);
      },
    };
    const until = (context: string, state: string) => new Promise<void>((resolve) => {
      const done = () => last(context)?.state === state;
      if (done()) resolve(); else waiters.push({ done, resolve });
    });
    let passes = 0;
    reconciler = createFleetReconciler({
      source: { repo: dir }, reporters: [reporter], connect,
      hooks: { onClusterDone: () => void passes++ },
    }, { dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: 2, sleeper: () => new Promise<void>(() => undefined) });
    reconciler.trigger('start');
    await reconciler.idle();
    await until('gitfed/m2', 'success');
    // 6 replicas: 3 on each member, one more than the runs above left; m1's controller has not seen the change yet
    expect(last('gitfed/m1')).toMatchObject({ state: 'pending', description: '1 rolling out: Deployment/shop/web generation 2 not observed yet (observed 1)' });
    expect(last('gitfed')).toMatchObject({ state: 'pending', description: '1/2 clusters in sync; m1 rolling out' });
    expect(m1.pending()).toBeGreaterThan(0);

    const passesBefore = passes;
    const writesBefore = fleet.cluster('m1').counters.snapshot().writes;
    m1.release();
    await until('gitfed/m1', 'success');
    await until('gitfed', 'success');
    expect(last('gitfed/m1')?.description).toMatch(/^applied: /);
    // the status came from the watch event: no pass ran and nothing was written to m1
    expect(passes).toBe(passesBefore);
    expect(fleet.cluster('m1').counters.snapshot().writes).toBe(writesBefore);
  });
});
