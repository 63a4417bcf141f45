import { startForgeServer } from '../../test/helpers/forge-server.js';
import { startLoop, type LoopProcess } from '../../test/helpers/loop-process.js';
import type { SyncSize } from '../first-sync.js';
import { loopArgs, startLoopWorld, started, WEBHOOK_SECRET, type LoopWorld } from '../loop-world.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';
import { firstSync } from '../watch-first-sync.js';
import {
  cachesFresh, commitSamples, cpuSeconds, driftSamples, idle, noopPass, pooled, recordsSince, restartPass, settle, type Running, type Samples,
} from '../watch-phases.js';
import { watchReport, type CommitRun, type WatchFigures } from '../watch-report.js';

/** Part is one measurement of the scenario; BENCH_WATCH_PARTS=commit,noop runs only those (to check one part at full size). */
export type Part = 'commit' | 'drift' | 'noop' | 'isolation' | 'first-sync' | 'restart';
const PARTS: readonly Part[] = ['commit', 'drift', 'noop', 'isolation', 'first-sync', 'restart'];

/** WatchSize is one profile's sizes. */
export interface WatchSize {
  /** generated templates besides the marker; each is a Deployment and its ConfigMap */
  templates: number;
  /** fleets at which commit -> applied is measured */
  commitFleets: number[];
  /** the fleet of drift, no-op, isolation and restart */
  fleet: number;
  commits: number;
  drifts: number;
  /** samples per condition of the isolation part */
  isolationCommits: number;
  /** the isolation part's conditions take turns this many times */
  isolationRounds: number;
  /** the delay the slow cluster adds to every request */
  slowMs: number;
  firstSync: SyncSize;
  /** how many times each tool syncs the first-sync fleet (the figures are each tool's median) */
  firstSyncRounds: number;
  timeouts: { start: number; commit: number; drift: number; isolation: number };
}

/** sizes: 99 templates and the marker make 200 objects per cluster; --quick keeps the mechanics at toy sizes. */
export function sizes(ctx: BenchContext): WatchSize {
  if (ctx.quick) {
    return {
      templates: 5, commitFleets: [3], fleet: 3, commits: 2, drifts: 2, isolationCommits: 1, isolationRounds: 1, slowMs: 5000,
      firstSync: { clusters: 2, templates: 10 }, firstSyncRounds: 1, timeouts: { start: 60_000, commit: 30_000, drift: 2000, isolation: 3000 },
    };
  }
  const fleets = (process.env.BENCH_WATCH_FLEETS ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const isolationCommits = Number(process.env.BENCH_WATCH_ISOLATION_COMMITS ?? 200);
  const isolationRounds = Number(process.env.BENCH_WATCH_ISOLATION_ROUNDS ?? 20);
  // a P99 needs 100 samples: of 30, the nearest rank is the slowest sample, one stall of the machine
  const commits = Number(process.env.BENCH_WATCH_COMMITS ?? 100);
  return {
    templates: 99, commitFleets: fleets.length > 0 ? fleets : [50, 200], fleet: 50, commits, drifts: commits, isolationCommits, isolationRounds, slowMs: 5000,
    firstSync: { clusters: 10, templates: 100 }, firstSyncRounds: Number(process.env.BENCH_FIRST_SYNC_ROUNDS ?? 3), timeouts: { start: 900_000, commit: 120_000, drift: 30_000, isolation: 60_000 },
  };
}

function parts(): Set<Part> {
  const asked = (process.env.BENCH_WATCH_PARTS ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = asked.filter((p) => !PARTS.includes(p as Part));
  if (unknown.length > 0) throw new Error(`BENCH_WATCH_PARTS: unknown ${unknown.join(', ')} (known: ${PARTS.join(', ')})`);
  return new Set(asked.length > 0 ? (asked as Part[]) : PARTS);
}

const TOKEN = 'bench-forge-token';
/** The commit loops never poll (webhooks only); the drift loop polls every 10 minutes, so only a watch can find drift in time. */
const COMMIT_LOOP = ['--interval', '0', '--shutdown-timeout', '5s', ...(process.env.BENCH_LOOP_ARGS ?? '').split(' ').filter(Boolean)];
const DRIFT_LOOP = ['--interval', '10m', '--shutdown-timeout', '5s'];

async function startRunning(ctx: BenchContext, w: LoopWorld, size: WatchSize): Promise<Running> {
  const loop = startLoop(loopArgs(w, ...COMMIT_LOOP), { GITFED_WEBHOOK_SECRET: WEBHOOK_SECRET });
  const url = await started(loop, size.timeouts.start).catch(async (err: unknown) => {
    await loop.stop();
    throw err;
  });
  return { w, loop, url, replicas: 1, log: ctx.log };
}

/** WARM_UP_COMMITS go before the isolation part's samples (and are not counted). */
const WARM_UP_COMMITS = 5;

/** Condition is how the subject cluster is during a block of the isolation part; `control` is healthy, measured apart. */
type Condition = 'healthy' | 'slow' | 'down' | 'control';
const CONDITIONS: readonly Condition[] = ['healthy', 'slow', 'down', 'control'];

/**
 * isolation: the others' commit -> applied while the last cluster is healthy, slow, down, and healthy again as a
 * control. The four take turns in blocks of commits, each round starting with the next one, so that a stretch of the
 * machine running slow (half a minute at a time, BENCHMARKS.md) falls on all of them alike. After a fault the fleet
 * settles and the subject's watches are back before the next block.
 */
async function isolation(r: Running, size: WatchSize, figures: WatchFigures): Promise<void> {
  const subject = r.w.bf.names[r.w.bf.names.length - 1] as string;
  const others = r.w.bf.names.filter((n) => n !== subject);
  const faults = r.w.bf.fleet.cluster(subject).faults;
  const n = size.isolationCommits;
  const rounds = Math.max(1, Math.min(size.isolationRounds, n));
  await idle(r.url, size.timeouts.start);
  // the first commits after a start run code not yet optimised: the conditions compare steady states
  await commitSamples(r, others, Math.min(n, WARM_UP_COMMITS), size.timeouts.isolation, 'isolation, warm-up (not counted): commit');
  const turns: Record<Condition, Samples[]> = { healthy: [], slow: [], down: [], control: [] };
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < CONDITIONS.length; k++) {
      const c = CONDITIONS[(round + k) % CONDITIONS.length] as Condition;
      if (c === 'slow') await faults.set({ latencyMs: size.slowMs });
      if (c === 'down') await faults.set({ down: true });
      const count = Math.floor((n * (round + 1)) / rounds) - Math.floor((n * round) / rounds);
      turns[c].push(await commitSamples(r, others, count, size.timeouts.isolation, `isolation, round ${round + 1}/${rounds}, ${c === 'healthy' || c === 'control' ? c : `${subject} ${c}`}: commit`));
      if (c !== 'slow' && c !== 'down') continue;
      await faults.reset();
      await settle(r, size.timeouts.commit);
      await cachesFresh(r.url, subject, size.timeouts.commit);
    }
  }
  figures.isolation = { clusters: r.w.bf.names.length, subject, slowMs: size.slowMs, rounds, healthy: pooled(turns.healthy), slow: pooled(turns.slow), down: pooled(turns.down), again: pooled(turns.control) };
}

/** Chosen says which parts run on one world: commit latency at its size, and the shared fleet's parts. */
interface Chosen { commit: boolean; isolation: boolean; noop: boolean; restart: boolean; drift: boolean }

function chosen(clusters: number, size: WatchSize, want: Set<Part>): Chosen {
  const shared = clusters === size.fleet;
  return {
    commit: want.has('commit') && size.commitFleets.includes(clusters),
    isolation: shared && want.has('isolation'),
    noop: shared && want.has('noop'),
    restart: shared && want.has('restart'),
    drift: shared && want.has('drift'),
  };
}

/** commitLoopParts: commit -> applied, isolation and the no-op pass, with one loop (whose first cycle also readies the fleet for the restart and the edits). */
async function commitLoopParts(ctx: BenchContext, w: LoopWorld, size: WatchSize, on: Chosen, figures: WatchFigures): Promise<void> {
  const clusters = w.bf.names.length;
  const r = await startRunning(ctx, w, size);
  try {
    if (on.commit) {
      const idleAfterSyncMs = await idle(r.url, size.timeouts.start);
      const from = r.loop.records.length;
      const cpu0 = await cpuSeconds(r.url);
      // the simulated clusters share this process and the machine's 2 cores with the reconciler: their CPU is shown too
      const sim0 = process.cpuUsage();
      w.bf.resetCounters();
      const samples = await commitSamples(r, w.bf.names, size.commits, size.timeouts.commit, `${clusters} clusters: commit`);
      const per = Math.max(1, samples.ms.length);
      const cpuMsPerCommit = ((await cpuSeconds(r.url)) - cpu0) * 1000 / per;
      const simCpu = process.cpuUsage(sim0);
      const simCpuMsPerCommit = (simCpu.user + simCpu.system) / 1000 / per;
      const sent = w.bf.requests();
      const requestsPerPass = { writes: sent.writes / per / clusters, total: (sent.total - sent.watches) / per / clusters };
      const run: CommitRun = { clusters, samples, cpuMsPerCommit, simCpuMsPerCommit, requestsPerPass, idleAfterSyncMs, ...recordsSince(r.loop, from) };
      figures.commits.push(run);
    }
    if (on.isolation) await isolation(r, size, figures);
    if (on.noop) {
      await settle(r, size.timeouts.commit);
      figures.noop = { clusters, ...(await noopPass(r, size.timeouts.commit)) };
    }
  } finally {
    await r.loop.stop();
  }
}

/** driftLoopParts: a restart of the reconciler (with commit statuses on), then hand edits on it. */
async function driftLoopParts(ctx: BenchContext, w: LoopWorld, size: WatchSize, on: Chosen, figures: WatchFigures): Promise<void> {
  if (!on.restart && !on.drift) return;
  const sha = w.head();
  const forge = await startForgeServer({
    tokens: [{ value: TOKEN, forge: 'github', login: 'gitfed', userId: 1, write: true }],
    repos: [{ forge: 'github', path: 'acme/fleet', id: 1, branches: { main: sha }, commits: [sha] }],
  });
  const args = loopArgs(w, ...DRIFT_LOOP, '--status', 'github', '--github-api-url', forge.url, '--github-repo', 'acme/fleet');
  let loop: LoopProcess | undefined;
  try {
    const restart = await restartPass(w, () => (loop = startLoop(args, { GITFED_WEBHOOK_SECRET: WEBHOOK_SECRET, GITHUB_TOKEN: TOKEN })), size.timeouts.start);
    if (on.restart) figures.restart = { clusters: w.bf.names.length, requests: restart.requests, cycleMs: restart.cycleMs };
    if (on.drift) {
      const r: Running = { w, loop: restart.loop, url: restart.url, replicas: 0, log: ctx.log };
      figures.drift = { clusters: w.bf.names.length, ...(await driftSamples(r, forge, sha, size.drifts, size.timeouts.drift)) };
    }
  } finally {
    await loop?.stop();
    await forge.close();
  }
}

async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const size = sizes(ctx);
  const want = parts();
  const figures: WatchFigures = { templates: size.templates, objectsPerCluster: (size.templates + 1) * 2, commits: [] };
  const fleets = [...new Set([...size.commitFleets, size.fleet])].sort((a, b) => a - b);
  for (const clusters of fleets) {
    const on = chosen(clusters, size, want);
    if (!Object.values(on).some(Boolean)) continue;
    ctx.log(`starting ${clusters} clusters x ${figures.objectsPerCluster} objects`);
    const w = await startLoopWorld(ctx, { clusters, templates: size.templates }, `watch-${clusters}`);
    try {
      await commitLoopParts(ctx, w, size, on, figures);
      await driftLoopParts(ctx, w, size, on, figures);
    } finally {
      await w.stop();
    }
  }
  if (want.has('first-sync')) figures.firstSync = { size: size.firstSync, ...(await firstSync(ctx, size.firstSync, size.timeouts.start, size.firstSyncRounds)) };
  return watchReport(figures);
}

/** watchScenario measures what issue 16 asks of the watching reconciler: latencies, requests, isolation, first sync, restart. */
export const watchScenario: Scenario = {
  name: 'watch',
  summary: 'the running reconciler at 200 objects per cluster: commit -> applied (50, 200 clusters), kubectl edit -> drift status, no-op and restart requests, a slow or down cluster, first sync vs kubectl',
  run,
};
