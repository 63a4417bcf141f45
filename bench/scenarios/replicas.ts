import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLoop, type LoopProcess } from '../../test/helpers/loop-process.js';
import { appManifest } from '../generate-repo.js';
import { listening, loopArgs, notify, percentile, startLoopWorld, until, WEBHOOK_SECRET, whenReplicas, type LoopWorld } from '../loop-world.js';
import { idle } from '../watch-phases.js';
import type { BenchContext, Cell, Scenario, ScenarioResult } from '../scenario.js';

// Several replicas of `gitfed reconcile --shard` (child processes) over one simulated fleet, coordinated through
// Leases in one more simulated cluster: commit -> applied on every member, with 1, 2 and 4 replicas.

interface ReplicasSize { clusters: number; templates: number; counts: number[]; commits: number; timeouts: { start: number; commit: number } }

function sizes(ctx: BenchContext): ReplicasSize {
  if (ctx.quick) return { clusters: 6, templates: 3, counts: [1, 2], commits: 2, timeouts: { start: 120_000, commit: 60_000 } };
  const clusters = Number(process.env.BENCH_REPLICAS_FLEET ?? '500');
  return { clusters, templates: 9, counts: [1, 2, 4], commits: 20, timeouts: { start: 1_800_000, commit: 180_000 } };
}

interface Run { replicas: number; ms: number[]; missed: number; owned: number[]; settleMs: number }

/** owned is what a replica's last `leases: ownership changed` record says it owns (0 before any). */
function owned(loop: LoopProcess): number {
  const last = [...loop.records].reverse().find((r) => r.msg === 'leases: ownership changed');
  return typeof last?.['owned'] === 'number' ? last['owned'] : 0;
}

async function runWith(ctx: BenchContext, w: LoopWorld, leaseKubeconfig: string, n: number, size: ReplicasSize, marker: { replicas: number }): Promise<Run> {
  const namespace = `gitfed-bench-${n}`;
  const mgmt = w.bf.fleet.cluster('lease-mgmt').api;
  mgmt.create(mgmt.resolve('', 'v1', 'namespaces')!, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { manager: 'bench-setup', dryRun: false });
  const t0 = performance.now();
  const loops = Array.from({ length: n }, (_, i) => startLoop(loopArgs(w,
    '--interval', '0', '--shutdown-timeout', '5s', '--shard', '--lease-kubeconfig', leaseKubeconfig, '--lease-context', 'lease-mgmt',
    '--lease-namespace', namespace, '--cache-dir', join(w.cacheDir, `${n}-${i}`),
  ), { GITFED_WEBHOOK_SECRET: WEBHOOK_SECRET }));
  try {
    const urls = await Promise.all(loops.map((l) => listening(l, size.timeouts.start)));
    await until(() => loops.reduce((s, l) => s + owned(l), 0) === size.clusters, size.timeouts.start, `${n} replicas owning ${size.clusters} clusters`);
    for (const u of urls) await idle(u, size.timeouts.start);
    const settleMs = performance.now() - t0;
    ctx.log(`${n} replicas: every member owned and synced after ${Math.round(settleMs)} ms (${loops.map(owned).join(', ')})`);
    const ms: number[] = [];
    let missed = 0;
    for (let i = 0; i < size.commits; i++) {
      marker.replicas += 1;
      const start = performance.now();
      const after = await w.push({ [w.marker.file]: appManifest(w.marker.index, marker.replicas) });
      // every replica renders every commit: each gets the webhook, as behind a Service each would get the polls
      await Promise.all(urls.map((u) => notify(u, after)));
      if (!(await whenReplicas(w, w.bf.names, marker.replicas, size.timeouts.commit))) {
        missed = 1;
        break;
      }
      ms.push(performance.now() - start);
      ctx.log(`${n} replicas: commit ${i + 1}/${size.commits}: ${Math.round(ms.at(-1) as number)} ms`);
    }
    return { replicas: n, ms, missed, owned: loops.map(owned), settleMs };
  } finally {
    await Promise.all(loops.map((l) => l.stop()));
  }
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const size = sizes(ctx);
  const w = await startLoopWorld(ctx, { clusters: size.clusters, templates: size.templates }, 'replicas');
  const runs: Run[] = [];
  try {
    await w.bf.fleet.add({ name: 'lease-mgmt' });
    const leaseKubeconfig = join(ctx.workDir, 'lease.kubeconfig');
    writeFileSync(leaseKubeconfig, w.bf.fleet.kubeconfig(), { mode: 0o600 });
    const marker = { replicas: 1 };
    for (const n of size.counts) runs.push(await runWith(ctx, w, leaseKubeconfig, n, size, marker));
  } finally {
    await w.stop();
  }
  const rows: Cell[][] = runs.map((r) => [
    r.replicas, Math.round(percentile(r.ms, 50)), Math.round(percentile(r.ms, 90)), Math.round(percentile(r.ms, 99)),
    `${r.ms.length}${r.missed ? ' (then one missed)' : ''}`, `${Math.min(...r.owned)}-${Math.max(...r.owned)}`, Math.round(r.settleMs),
  ]);
  return {
    tables: [{ title: `commit -> applied on all ${size.clusters} members (${(size.templates + 1) * 2} objects each), by replicas`, columns: ['replicas', 'p50 ms', 'p90 ms', 'p99 ms', 'commits', 'members per replica', 'start to synced ms'], rows }],
    ratios: [],
    notes: [`the members and the management cluster are simulated in the benchmark's process; each replica is a child process; load ${(await import('node:os')).loadavg()[0]?.toFixed(2)} at the end`],
    raw: { size, runs },
  };
}

/** replicasScenario measures commit -> applied with several sharded replicas (issue 20). */
export const replicasScenario: Scenario = {
  name: 'replicas',
  summary: 'gitfed reconcile --shard: commit -> applied at 500 clusters with 1, 2 and 4 replicas coordinated by Leases',
  run,
};
