import { performance } from 'node:perf_hooks';
import { editReplicas } from '../../src/cli/demo-world.js';
import { startForgeServer, type ForgeServer } from '../../test/helpers/forge-server.js';
import { startLoop } from '../../test/helpers/loop-process.js';
import { fmtMs, ratio } from '../format.js';
import {
  holdReplicas, loopArgs, percentile, pushReplicas, startLoopWorld, started, until, WEBHOOK_SECRET, type LoopWorld,
} from '../loop-world.js';
import type { BenchContext, Cell, Ratio, Scenario, ScenarioResult, Table } from '../scenario.js';

interface LatencySize {
  clusters: number;
  /** templates besides the marker Deployment whose replicas each commit changes */
  templates: number;
  commits: number;
  drifts: number;
}

function sizes(ctx: BenchContext): LatencySize[] {
  if (ctx.quick) return [{ clusters: 2, templates: 5, commits: 3, drifts: 2 }];
  const ten = { clusters: 10, templates: 5, commits: 30, drifts: 6 };
  // 30 commits at 50 clusters take about 7 minutes here: only with --exhaustive, to keep `npm run bench` under 10
  return ctx.exhaustive ? [ten, { ...ten, clusters: 50 }] : [ten];
}

const TOKEN = 'bench-forge-token';
/** KARMADA_SLO_MS is Karmada's published bar: P99 under 2 s from a submitted change to the object in the member cluster */
const KARMADA_SLO_MS = 2000;
/** DRIFT_INTERVAL is the polling period of the drift phase: gitfed finds drift at its next cycle */
const DRIFT_INTERVAL = '2s';

/** commitLatencies: each commit changes the marker's replicas; the clock runs from before the push to the last cluster holding it. */
async function commitLatencies(ctx: BenchContext, w: LoopWorld, size: LatencySize): Promise<{ samples: number[]; cycles: number[] }> {
  const loop = startLoop(loopArgs(w, '--interval', '0'), { GITFED_WEBHOOK_SECRET: WEBHOOK_SECRET });
  try {
    const url = await started(loop);
    const samples: number[] = [];
    for (let i = 0; i < size.commits; i++) {
      const replicas = 2 + i;
      const t0 = performance.now();
      await pushReplicas(w, url, replicas);
      await until(() => holdReplicas(w, w.bf.names, replicas), 60_000, `latency: commit ${i + 1} on every cluster`);
      samples.push(performance.now() - t0);
      ctx.log(`latency: ${size.clusters} clusters, commit ${i + 1}/${size.commits}: ${fmtMs(samples.at(-1) ?? null)}`);
    }
    const cycles = loop.records.filter((r) => r.msg === 'cycle finished').slice(1).map((r) => Number(r.seconds) * 1000);
    return { samples, cycles };
  } finally {
    await loop.stop();
  }
}

/** driftLatencies: a hand edit on one cluster at a time; the clock runs until the forge holds a failure status for that cluster. */
async function driftLatencies(ctx: BenchContext, w: LoopWorld, size: LatencySize): Promise<number[]> {
  const forge: ForgeServer = await startForgeServer();
  const sha = await w.push({});
  forge.seed({ tokens: [{ value: TOKEN, forge: 'github', login: 'gitfed', userId: 1, write: true }], repos: [{ forge: 'github', path: 'acme/fleet', id: 1, branches: { main: sha }, commits: [sha] }] });
  const loop = startLoop(loopArgs(w, '--interval', DRIFT_INTERVAL, '--status', 'github', '--github-api-url', forge.url, '--github-repo', 'acme/fleet'), { GITFED_WEBHOOK_SECRET: WEBHOOK_SECRET, GITHUB_TOKEN: TOKEN });
  try {
    await started(loop);
    const samples: number[] = [];
    for (let i = 0; i < size.drifts; i++) {
      const cluster = w.bf.names[i % w.bf.names.length] as string;
      const context = `gitfed/${cluster}`;
      const before = forge.history('github', 'acme/fleet', sha, context).length;
      const t0 = performance.now();
      editReplicas(w.bf.fleet, cluster, w.marker.namespace, w.marker.name, 99);
      await until(() => forge.history('github', 'acme/fleet', sha, context).slice(before).some((s) => s.state === 'failure'), 60_000, `latency: drift status of ${cluster}`);
      samples.push(performance.now() - t0);
      ctx.log(`latency: ${size.clusters} clusters, drift ${i + 1}/${size.drifts}: ${fmtMs(samples.at(-1) ?? null)}`);
    }
    return samples;
  } finally {
    await loop.stop();
    await forge.close();
  }
}

function row(clusters: number, samples: readonly number[]): Cell[] {
  return [clusters, samples.length, ...[50, 90, 99].map((p) => fmtMs(percentile(samples, p))), fmtMs(Math.max(...samples))];
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const commitRows: Cell[][] = [];
  const driftRows: Cell[][] = [];
  const ratios: Ratio[] = [];
  const raw: unknown[] = [];
  for (const size of sizes(ctx)) {
    const w = await startLoopWorld(ctx, size, `latency-${size.clusters}`);
    try {
      const commits = await commitLatencies(ctx, w, size);
      const drift = await driftLatencies(ctx, w, size);
      commitRows.push([...row(size.clusters, commits.samples), fmtMs(percentile(commits.cycles, 50))]);
      driftRows.push(row(size.clusters, drift));
      ratios.push({ label: `commit -> every cluster, ${size.clusters} clusters: Karmada's 2 s bar / gitfed P99`, value: ratio(KARMADA_SLO_MS, percentile(commits.samples, 99)) });
      raw.push({ ...size, objectsPerCluster: (size.templates + 1) * 2, commitMs: commits.samples, cycleMs: commits.cycles, driftMs: drift, driftInterval: DRIFT_INTERVAL });
    } finally {
      await w.stop();
    }
  }
  const columns = ['clusters', 'samples', 'p50', 'p90', 'p99', 'max'];
  const tables: Table[] = [
    { title: 'latency: commit pushed + webhook -> applied on every cluster', columns: [...columns, 'cycle p50'], rows: commitRows },
    { title: `latency: hand edit -> failure status posted (polling every ${DRIFT_INTERVAL})`, columns, rows: driftRows },
  ];
  const notes = [
    'Each commit changes one Deployment\'s replicas in a repository of 5 Duplicated templates and the marker (12 objects per cluster); the clock starts before `git push` and stops when every simulated cluster holds the new value.',
    'With 30 samples the P99 is the slowest sample.',
    `Drift is found at the next cycle: the hand-edit latency is about half the polling period (${DRIFT_INTERVAL}) plus one cycle; gitfed does not watch member clusters.`,
  ];
  return { tables, ratios, notes, raw };
}

/** latencyScenario measures the running reconciler: push to applied everywhere, and hand edit to drift status. */
export const latencyScenario: Scenario = {
  name: 'latency',
  summary: 'commit -> applied on every cluster via a push webhook (p50/p90/p99 over 30 commits) at 10 clusters (50 with --exhaustive); hand edit -> drift status',
  run,
};
