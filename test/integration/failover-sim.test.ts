import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { ProbeResult } from '../../src/model/cluster-health.js';
import type { CommitStatus, StatusReporter } from '../../src/model/drift.js';
import { createFleetReconciler, type FleetReconciler } from '../../src/reconcile/fleet-reconciler.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';

// Failover in the running reconciler on simulated members, with a manual clock and timers (nothing waits on the
// wall clock): a member whose probes fail past the threshold is tainted NoExecute, its replicas move to the
// others once the toleration runs out, and the member itself is never touched: its objects and inventory stay.

let fleet: Fleet;
let dir: string;
let reconciler: FleetReconciler | undefined;

const T0 = Date.parse('2026-12-04T10:00:00Z');
const NAMES = ['m1', 'm2', 'm3'];
const files: Record<string, string> = {
  'clusters.yaml': NAMES.map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n'),
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'ns-policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ns}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]\n',
  'policy.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}\n',
  'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  replicas: 6\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n',
  // the default toleration shortened, as a repository may
  'gitfed.yaml': 'failover: {defaultTolerationSeconds: 60}\n',
};

/** a manual clock whose timers fire only when the test advances it */
function manualClock() {
  let now = T0;
  let timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => now,
    timer: (ms: number, fn: () => void) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return () => void (timers = timers.filter((x) => x !== t));
    },
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
        // let the probe's promise settle before the next timer
        await new Promise((r) => setImmediate(r));
      }
      now = end;
    },
  };
}

const replicas = (name: string) => {
  const api = fleet.cluster(name).api;
  return (api.get(api.resolve('apps', 'v1', 'deployments')!, 'shop', 'web') as unknown as { spec: { replicas: number } } | undefined)?.spec.replicas;
};
/** everything gitfed could have changed on a member: its ConfigMaps (the inventory among them) and Deployments, whole */
const held = (name: string) => {
  const api = fleet.cluster(name).api;
  return [api.resolve('', 'v1', 'configmaps')!, api.resolve('apps', 'v1', 'deployments')!].flatMap((rt) => (api.list(rt, '', {}) as unknown as { items: unknown[] }).items.map((o) => JSON.stringify(o))).sort();
};

beforeAll(async () => {
  fleet = await startFleet(NAMES.map((name) => ({ name })));
  dir = mkdtempSync(join(tmpdir(), 'gitfed-failover-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'fleet');
});

afterAll(async () => {
  await reconciler?.stop(10_000);
  await fleet?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('failover on simulated members', () => {
  it('a member down past the threshold and the toleration loses its replicas to the others and is never touched', async () => {
    const clock = manualClock();
    const down = new Set<string>();
    const posted: CommitStatus[] = [];
    const reporter: StatusReporter = { name: 'recorder', report: async (r) => void posted.push(...r.statuses) };
    const kubeconfig = fleet.kubeconfig();
    const waiters: (() => void)[] = [];
    const settled = () => new Promise<void>((resolve) => waiters.push(resolve));
    reconciler = createFleetReconciler({
      source: { repo: dir }, reporters: [reporter],
      connect: (c, signal) => createKubeClient({ kubeconfig, context: c.context, cluster: c.name, ...(signal ? { signal } : {}), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } }),
      probe: (c) => async (): Promise<ProbeResult> => (down.has(c.name) ? { kind: 'unreachable', cause: 'connection refused' } : { kind: 'healthy', path: '/readyz' }),
      hooks: { onCycleFinished: () => { for (const w of waiters.splice(0)) w(); } },
    }, {
      dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: 3, sleeper: () => new Promise<void>(() => undefined),
      health: { intervalMs: 10_000, thresholds: { failureMs: 30_000, successMs: 30_000 }, now: clock.now, timer: clock.timer },
    });
    let finished = settled();
    reconciler.trigger('start');
    await finished;
    await reconciler.idle();
    expect(NAMES.map(replicas)).toEqual([2, 2, 2]);
    const before = held('m3');
    // these members run no controllers, so their status says the rollout waits; what matters is that it stays so
    const m3Status = posted.filter((s) => s.context === 'gitfed/m3').at(-1);

    // m3 stops answering (first failed probe at +10 s); until +40 s (the 30 s threshold) nothing changes, then it
    // is Unknown: tainted NoExecute, tolerated 60 s, and left untouched from now on
    down.add('m3');
    await clock.advance(39_000);
    expect(posted.filter((s) => s.context === 'gitfed/m3').at(-1)).toEqual(m3Status);
    finished = settled();
    await clock.advance(1_000);
    await finished;
    await reconciler.idle();
    expect(NAMES.map(replicas)).toEqual([2, 2, 2]);
    expect(posted.filter((s) => s.context === 'gitfed/m3').at(-1)).toMatchObject({ state: 'error' });
    expect(posted.filter((s) => s.context === 'gitfed/m3').at(-1)?.description).toContain('not touched while tainted cluster.karmada.io/unreachable:NoExecute');

    // the toleration runs out: m1 and m2 take m3's replicas; m3 keeps its objects and inventory as they were
    finished = settled();
    await clock.advance(60_000);
    await finished;
    await reconciler.idle();
    expect(NAMES.map(replicas)).toEqual([3, 3, 2]);
    expect(held('m3')).toEqual(before);
  });
});
