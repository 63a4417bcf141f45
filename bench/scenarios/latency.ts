import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { editReplicas, replicasOf } from '../../src/cli/demo-world.js';
import { createRepo, startGitServer, type GitServer } from '../../test/helpers/git-server.js';
import { startForgeServer, type ForgeServer } from '../../test/helpers/forge-server.js';
import { startLoop, type LoopProcess } from '../../test/helpers/loop-process.js';
import { sendPush } from '../../test/helpers/webhooks.js';
import { startBenchFleet, type BenchFleet } from '../bench-fleet.js';
import { fmtMs, ratio } from '../format.js';
import { appManifest, appName, generateRepo } from '../generate-repo.js';
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

const SECRET = 'bench-webhook-secret';
const TOKEN = 'bench-forge-token';
const NAMESPACES = Array.from({ length: 10 }, (_, i) => `team-${i}`);
/** KARMADA_SLO_MS is Karmada's published bar: P99 under 2 s from a submitted change to the object in the member cluster */
const KARMADA_SLO_MS = 2000;
/** DRIFT_INTERVAL is the polling period of the drift phase: gitfed finds drift at its next cycle */
const DRIFT_INTERVAL = '2s';

/** percentile is the nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`latency: ${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(5);
  }
}

interface World { git: GitServer; bf: BenchFleet; push(files: Record<string, string>): string; marker: { namespace: string; name: string; file: string; index: number }; cacheDir: string }

async function startWorld(ctx: BenchContext, size: LatencySize): Promise<World> {
  const dir = join(ctx.workDir, `latency-${size.clusters}`);
  const git = await startGitServer();
  const repo = createRepo(git, 'fleet');
  const files = Object.fromEntries(generateRepo({ templates: size.templates, clusters: size.clusters, placement: 'duplicated' }).files);
  const index = size.templates;
  const marker = { namespace: `team-${index % 10}`, name: appName(index), file: 'apps/latency-marker.yaml', index };
  repo.commit({ ...files, [marker.file]: appManifest(index, 1) }, 'generated repository');
  mkdirSync(dir, { recursive: true });
  const bf = await startBenchFleet(repo.dir, dir, NAMESPACES).catch(async (err: unknown) => {
    await git.stop();
    throw err;
  });
  return { git, bf, push: (f) => repo.commit(f), marker, cacheDir: join(dir, 'cache') };
}

function loopArgs(w: World, ...extra: string[]): string[] {
  return ['--repo', w.git.urlOf('fleet'), '--kubeconfig', w.bf.kubeconfig, '--cache-dir', w.cacheDir, '--listen', '127.0.0.1:0', ...extra];
}

async function started(loop: LoopProcess): Promise<string> {
  const url = `http://127.0.0.1:${await loop.port()}`;
  await loop.waitFor((r) => r.msg === 'cycle finished', 600_000);
  return url;
}

/** commitLatencies: each commit changes the marker's replicas; the clock runs from before the push to the last cluster holding it. */
async function commitLatencies(ctx: BenchContext, w: World, size: LatencySize): Promise<{ samples: number[]; cycles: number[] }> {
  const loop = startLoop(loopArgs(w, '--interval', '0'), { GITFED_WEBHOOK_SECRET: SECRET });
  try {
    const url = await started(loop);
    const samples: number[] = [];
    for (let i = 0; i < size.commits; i++) {
      const replicas = 2 + i;
      const t0 = performance.now();
      const after = w.push({ [w.marker.file]: appManifest(w.marker.index, replicas) });
      const answer = await sendPush({ forge: 'github', url, secret: SECRET, ref: 'refs/heads/main', after });
      if (answer.status !== 202) throw new Error(`latency: webhook answered ${answer.status} ${answer.text}`);
      await until(() => w.bf.names.every((c) => replicasOf(w.bf.fleet, c, w.marker.namespace, w.marker.name) === replicas), 60_000, `commit ${i + 1} on every cluster`);
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
async function driftLatencies(ctx: BenchContext, w: World, size: LatencySize): Promise<number[]> {
  const forge: ForgeServer = await startForgeServer();
  const sha = w.push({});
  forge.seed({ tokens: [{ value: TOKEN, forge: 'github', login: 'gitfed', userId: 1, write: true }], repos: [{ forge: 'github', path: 'acme/fleet', id: 1, branches: { main: sha }, commits: [sha] }] });
  const loop = startLoop(loopArgs(w, '--interval', DRIFT_INTERVAL, '--status', 'github', '--github-api-url', forge.url, '--github-repo', 'acme/fleet'), { GITFED_WEBHOOK_SECRET: SECRET, GITHUB_TOKEN: TOKEN });
  try {
    await started(loop);
    const samples: number[] = [];
    for (let i = 0; i < size.drifts; i++) {
      const cluster = w.bf.names[i % w.bf.names.length] as string;
      const context = `gitfed/${cluster}`;
      const before = forge.history('github', 'acme/fleet', sha, context).length;
      const t0 = performance.now();
      editReplicas(w.bf.fleet, cluster, w.marker.namespace, w.marker.name, 99);
      await until(() => forge.history('github', 'acme/fleet', sha, context).slice(before).some((s) => s.state === 'failure'), 60_000, `drift status of ${cluster}`);
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
    const w = await startWorld(ctx, size);
    try {
      const commits = await commitLatencies(ctx, w, size);
      const drift = await driftLatencies(ctx, w, size);
      commitRows.push([...row(size.clusters, commits.samples), fmtMs(percentile(commits.cycles, 50))]);
      driftRows.push(row(size.clusters, drift));
      ratios.push({ label: `commit -> every cluster, ${size.clusters} clusters: Karmada's 2 s bar / gitfed P99`, value: ratio(KARMADA_SLO_MS, percentile(commits.samples, 99)) });
      raw.push({ ...size, objectsPerCluster: (size.templates + 1) * 2, commitMs: commits.samples, cycleMs: commits.cycles, driftMs: drift, driftInterval: DRIFT_INTERVAL });
    } finally {
      await w.bf.stop();
      await w.git.stop();
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
