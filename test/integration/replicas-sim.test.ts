import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaseRunnerOf } from '../../src/cli/commands/reconcile-leases.js';
import { createKubeClient } from '../../src/kube/kube-client.js';
import { createLeaseClient } from '../../src/kube/lease-client.js';
import { createFleetReconciler, type FleetReconciler, type WatchConnect } from '../../src/reconcile/fleet-reconciler.js';
import type { LeaseRunner } from '../../src/reconcile/leases/lease-runner.js';
import { pushMembers } from '../../src/reconcile/pull-clusters.js';
import { createMetrics } from '../../src/server/metrics.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';
import { manualClock, type ManualClock } from '../helpers/manual-clock.js';

// Several replicas of the running reconciler, wired as `gitfed reconcile --shard` wires them (leaseRunnerOf,
// the write gate, owns, the ownership trigger), over 30 simulated members and a simulated management cluster
// holding the Leases. Time is a manual clock: each step fires the lease ticks due, then waits for every
// replica's passes. Who wrote a member is read from the member's own counters, per User-Agent.

const MEMBERS = Array.from({ length: 30 }, (_, i) => `sim-${String(i).padStart(2, '0')}`);
let fleet: Fleet;
let dir: string;

interface Replica {
  id: string;
  reconciler: FleetReconciler;
  leases: LeaseRunner;
  dead: boolean;
  /** the first lease tick */
  started: Promise<void>;
}

function repo(): string {
  const d = mkdtempSync(join(tmpdir(), 'gitfed-replicas-'));
  const clusters = MEMBERS.map((n) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${n}}\n`).join('---\n');
  writeFileSync(join(d, 'clusters.yaml'), clusters);
  writeFileSync(join(d, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
  writeFileSync(join(d, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k: v}\n');
  writeFileSync(join(d, 'policies.yaml'), [
    'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ns}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: shop}]\n',
    'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n',
  ].join('---\n'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: d, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'fleet');
  return d;
}

function startReplica(id: string, clock: ManualClock, shard: boolean, logs: string[], namespace = 'gitfed-system'): Replica {
  const kubeconfig = fleet.kubeconfig();
  const made: { reconciler?: FleetReconciler } = {};
  const replica = { id, dead: false } as Replica;
  const client = createLeaseClient({ kubeconfig, context: 'mgmt', namespace, userAgent: `gitfed/${id}` });
  const log = pino({ base: { name: 'gitfed' } }, { write: (line: string) => void logs.push(line) });
  const leases = leaseRunnerOf({ shard }, {
    client, identity: id, now: clock.now,
    // a dead replica's timers never fire again: it neither renews nor releases, as a killed process
    timer: (ms, fn) => clock.timer(ms, () => void (replica.dead || clock.track(fn()))),
  }, { log, registry: createMetrics().registry, trigger: (r) => made.reconciler?.trigger(r) });
  const inner: WatchConnect = (c, signal) => createKubeClient({
    kubeconfig, context: c.context, cluster: c.name, userAgent: `gitfed/${id}`, ...(signal ? { signal } : {}), retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  });
  made.reconciler = createFleetReconciler(
    { source: { repo: dir }, connect: leases.connect(inner), reporters: [], hooks: { onPlanned: (e) => leases.clusters(pushMembers(e.clusters).map((c) => c.name)) } },
    { dryRun: false, allowMassPrune: false, clusterTimeoutMs: 30_000, concurrency: 8, owns: (c) => leases.coordinator.owns(c) },
  );
  Object.assign(replica, { reconciler: made.reconciler, leases });
  made.reconciler.trigger('start');
  replica.started = leases.start();
  return replica;
}

/** writers maps each member to the replicas (User-Agents) that wrote it since the counters were reset. */
function writers(): Map<string, string[]> {
  return new Map(MEMBERS.map((m) => [m, Object.keys(fleet.cluster(m).counters.writersByAgent()).sort()]));
}

function configMap(member: string): Record<string, unknown> | undefined {
  const api = fleet.cluster(member).api;
  return api.get(api.resolve('', 'v1', 'configmaps')!, 'shop', 'settings') as Record<string, unknown>;
}

/** step moves the clock one retry period at a time; after each tick every live replica finishes its work, and no member may have two owners. */
async function steps(clock: ManualClock, replicas: Replica[], n: number): Promise<void> {
  const settle = async (): Promise<void> => {
    for (const r of replicas) if (!r.dead) await Promise.all([r.started, r.reconciler.idle()]);
    for (const m of MEMBERS) expect(replicas.filter((r) => !r.dead && r.leases.coordinator.owns(m)).length, m).toBeLessThanOrEqual(1);
  };
  for (let i = 0; i < n; i++) {
    await settle();
    await clock.advance(2_000, settle);
  }
}

describe('several replicas over Leases in a simulated management cluster', () => {
  beforeAll(async () => {
    fleet = await startFleet([{ name: 'mgmt' }, ...MEMBERS.map((name) => ({ name }))]);
    const mgmt = fleet.cluster('mgmt').api;
    for (const name of ['gitfed-system', 'plain']) mgmt.create(mgmt.resolve('', 'v1', 'namespaces')!, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { manager: 'test', dryRun: false });
    dir = repo();
  }, 60_000);
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('3 sharded replicas: each member written by exactly one; a killed replica\'s members move within leaseDuration + one cycle; a fourth takes about a quarter', async () => {
    const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'));
    const logs: string[] = [];
    const replicas = ['r0', 'r1', 'r2'].map((id) => startReplica(id, clock, true, logs));
    await steps(clock, replicas, 8);
    const first = writers();
    for (const m of MEMBERS) expect(first.get(m), m).toHaveLength(1);
    const owner = new Map(MEMBERS.map((m) => [m, (first.get(m) as string[])[0]]));
    for (const r of replicas) expect([...owner.values()].filter((u) => u === `gitfed/${r.id}`).length).toBeGreaterThan(0);
    for (const m of MEMBERS) expect(configMap(m)?.['data']).toEqual({ k: 'v' });

    // kill the replica that does not coordinate: its Lease expires 15 s after the others last saw it renewed
    const victim = replicas.find((r) => !r.leases.coordinator.leading()) as Replica;
    const theirs = MEMBERS.filter((m) => owner.get(m) === `gitfed/${victim.id}`);
    victim.dead = true;
    await victim.reconciler.stop(0);
    for (const m of MEMBERS) fleet.cluster(m).counters.reset();
    const killedAt = clock.now();
    const alive = replicas.filter((r) => !r.dead);
    let movedAt: number | undefined;
    for (let i = 0; i < 12 && movedAt === undefined; i++) {
      await steps(clock, replicas, 1);
      if (theirs.every((m) => alive.some((r) => r.leases.coordinator.owns(m)))) movedAt = clock.now();
    }
    expect(movedAt, 'the victim\'s members have new owners').toBeDefined();
    expect((movedAt as number) - killedAt).toBeLessThanOrEqual(15_000 + 2 * 2_000 + 2_000);
    // a new commit: every member is written by exactly one live replica, none by the victim
    for (const m of MEMBERS) fleet.cluster(m).counters.reset();
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k: v2}\n');
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'v2'], { cwd: dir });
    for (const r of alive) r.reconciler.trigger('webhook');
    await steps(clock, replicas, 1);
    const after = writers();
    for (const m of MEMBERS) expect(after.get(m), m).toHaveLength(1);
    for (const m of MEMBERS) expect(after.get(m)).not.toContain(`gitfed/${victim.id}`);
    for (const m of MEMBERS) expect(configMap(m)?.['data']).toEqual({ k: 'v2' });
    expect(logs.some((l) => l.includes('leases: ownership changed'))).toBe(true);

    // a replica added later takes about its share of the members
    const late = startReplica('r3', clock, true, logs);
    replicas.push(late);
    await steps(clock, replicas, 10);
    const lateOwns = MEMBERS.filter((m) => late.leases.coordinator.owns(m)).length;
    expect(lateOwns).toBeGreaterThanOrEqual(5);
    expect(lateOwns).toBeLessThanOrEqual(19);
    for (const m of MEMBERS) expect(replicas.filter((r) => !r.dead && r.leases.coordinator.owns(m)), m).toHaveLength(1);
    for (const r of replicas) if (!r.dead) await r.reconciler.stop(1_000);
    for (const r of replicas) if (!r.dead) await r.leases.stop();
  }, 120_000);

  it('two plain reconcilers (no --shard): one reconciles every member, the other waits and writes nothing; it takes over when the first stops', async () => {
    const clock = manualClock(Date.parse('2026-02-01T00:00:00Z'));
    const logs: string[] = [];
    // Leases of their own: the killed replica of the test before still holds its members in gitfed-system
    for (const m of MEMBERS) fleet.cluster(m).counters.reset();
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k: v3}\n');
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'v3'], { cwd: dir });
    const a = startReplica('plain-a', clock, false, logs, 'plain');
    await steps(clock, [a], 2);
    const b = startReplica('plain-b', clock, false, logs, 'plain');
    await steps(clock, [a, b], 6);
    const w = writers();
    for (const m of MEMBERS) expect(w.get(m), m).toEqual(['gitfed/plain-a']);
    for (const m of MEMBERS) expect(configMap(m)?.['data']).toEqual({ k: 'v3' });
    expect(b.leases.coordinator.owned()).toEqual([]);
    // the first stops cleanly: it releases its Leases and the second takes the fleet without waiting for expiry
    await a.reconciler.stop(1_000);
    await a.leases.stop();
    a.dead = true;
    await steps(clock, [a, b], 3);
    expect(b.leases.coordinator.owned()).toHaveLength(30);
    for (const m of MEMBERS) fleet.cluster(m).counters.reset();
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {k: v4}\n');
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'v4'], { cwd: dir });
    b.reconciler.trigger('webhook');
    await steps(clock, [a, b], 1);
    for (const m of MEMBERS) expect(writers().get(m), m).toEqual(['gitfed/plain-b']);
    for (const m of MEMBERS) expect(configMap(m)?.['data']).toEqual({ k: 'v4' });
    await b.reconciler.stop(1_000);
    await b.leases.stop();
  }, 120_000);
});
