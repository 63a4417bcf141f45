import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ForgeServer } from '../test/helpers/forge-server.js';
import { kubectl } from '../test/helpers/kubectl.js';
import type { LogRecord, LoopProcess } from '../test/helpers/loop-process.js';
import type { Requests } from './bench-fleet.js';
import { holdReplicas, isCycleOf, whenReplicas, listening, notify, pushReplicas, sleep, within, type LoopWorld } from './loop-world.js';

/** Samples are one phase's latencies in ms; the first sample that does not arrive in time ends the phase. */
export interface Samples {
  ms: number[];
  /** commits only: the same samples with the clock started once the push was done, as the webhook goes out (the push is the harness's git) */
  fromWebhook?: number[];
  /** 1 when a sample did not arrive within `timeoutMs` (the phase stopped there), else 0 */
  missed: number;
  timeoutMs: number;
}

/** Running is a reconciler loop on a world, with the marker's replicas of the newest commit. */
export interface Running {
  w: LoopWorld;
  loop: LoopProcess;
  url: string;
  replicas: number;
  log(message: string): void;
}

/** series takes up to `n` samples and stops at the first miss (null): a reconciler that missed once would miss again. */
async function series(n: number, timeoutMs: number, label: string, r: Running, one: (i: number) => Promise<number | null>): Promise<Samples> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const sample = await one(i);
    if (sample === null) {
      r.log(`${label} ${i + 1}/${n}: not within ${timeoutMs / 1000} s; the remaining samples are skipped`);
      return { ms, missed: 1, timeoutMs };
    }
    ms.push(sample);
    r.log(`${label} ${i + 1}/${n}: ${Math.round(sample)} ms`);
  }
  return { ms, missed: 0, timeoutMs };
}

/**
 * commitSamples pushes `n` commits that change the marker's replicas; each clock runs from before the push until every
 * one of `clusters` holds it. The replicas go between two values, one pod more or fewer per cluster each time: a count
 * that only grew left every cluster a pod more after each commit (100 more per cluster over a fleet's 100 commits), so
 * the fleet measured late in a run was larger than early in it.
 */
export async function commitSamples(r: Running, clusters: readonly string[], n: number, timeoutMs: number, label: string): Promise<Samples> {
  const fromWebhook: number[] = [];
  const samples = await series(n, timeoutMs, label, r, async () => {
    r.replicas = r.replicas === 2 ? 3 : 2;
    const replicas = r.replicas;
    const t0 = performance.now();
    let t1 = t0;
    await pushReplicas(r.w, r.url, replicas, () => (t1 = performance.now()));
    if (!(await whenReplicas(r.w, clusters, replicas, timeoutMs))) return null;
    const end = performance.now();
    fromWebhook.push(end - t1);
    return end - t0;
  });
  return { ...samples, fromWebhook };
}

/** cpuSeconds reads the reconciler's own CPU time (user + system) from its /metrics. */
export async function cpuSeconds(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text.split('\n').find((l) => l.startsWith('process_cpu_seconds_total '));
  if (!line) throw new Error('the reconciler\'s /metrics has no process_cpu_seconds_total');
  return Number(line.split(' ')[1]);
}

/**
 * IDLE_CPU: a reconciler using less than this share of one core over IDLE_WINDOW_MS has worked off its backlog. At
 * 200 members a settled one still uses about an eighth of a core (20 health probes a second, their garbage).
 */
const IDLE_CPU = 0.25;
const IDLE_WINDOW_MS = 2000;

/**
 * idle waits until the reconciler's own CPU use (its /metrics) stays under IDLE_CPU for a window, after the
 * initial sync: the status updates of tens of thousands of new objects keep arriving through its watches for a
 * while, and a commit measured meanwhile measures that backlog too. Returns how long it waited (ms).
 */
export async function idle(url: string, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  let before = await cpuSeconds(url);
  while (performance.now() - t0 < timeoutMs) {
    await sleep(IDLE_WINDOW_MS);
    const now = await cpuSeconds(url);
    if (now - before < IDLE_CPU * (IDLE_WINDOW_MS / 1000)) return performance.now() - t0;
    before = now;
  }
  throw new Error(`the reconciler was still busy after ${timeoutMs / 1000} s`);
}

/** LoopRecords are the durations the loop logged over a phase, in ms. */
export interface LoopRecords {
  cycles: number[];
  /** from `cluster reconciled` records, when the reconciler logs them */
  clusterPasses: number[];
  /** from `commit rendered` records: reading and rendering the commit, before any cluster's pass */
  renders: number[];
}

/** recordsSince reads the `cycle finished` and `cluster reconciled` durations logged from index `from` on. */
export function recordsSince(loop: LoopProcess, from: number): LoopRecords {
  const seconds = (msg: string): number[] => loop.records.slice(from).filter((x) => x.msg === msg && typeof x.seconds === 'number').map((x) => Number(x.seconds) * 1000);
  return { cycles: seconds('cycle finished'), clusterPasses: seconds('cluster reconciled'), renders: seconds('commit rendered') };
}

function clean(record: LogRecord): boolean {
  const clusters = Array.isArray(record.clusters) ? (record.clusters as { error?: unknown; failed?: number }[]) : [];
  return record.outcome !== 'render-failed' && clusters.every((c) => c.error === undefined && !c.failed);
}

/**
 * SETTLE_MS bounds settle: a member that failover evicted during a long outage is Ready again only after the failure
 * threshold (30 s) and gets its replicas back only after the hold-down (2 min); until then its cycles report it held.
 */
const SETTLE_MS = 5 * 60_000;

/**
 * settle sends the webhook of the newest commit until a `cycle finished` of it reports every cluster without
 * error and every cluster holds the marker: after faults, the fleet is whole again before the next phase.
 */
export async function settle(r: Running, timeoutMs: number): Promise<void> {
  const head = r.w.head();
  const deadline = performance.now() + Math.max(timeoutMs, SETTLE_MS);
  for (let attempt = 1; ; attempt++) {
    const from = r.loop.records.length;
    await notify(r.url, head, true);
    const record = await r.loop.waitFor(isCycleOf(head), timeoutMs, from);
    if (clean(record) && (await within(() => holdReplicas(r.w, r.w.bf.names, r.replicas), timeoutMs))) return;
    if (performance.now() > deadline) throw new Error(`the fleet did not settle within ${SETTLE_MS / 60_000} min of webhooks of the newest commit`);
    r.log(`settling: attempt ${attempt} left a cluster behind (one failover evicted is held down 2 min once Ready); again in 5 s`);
    await sleep(5000);
  }
}

/**
 * cachesFresh waits until none of a cluster's caches is stale (the reconciler's gitfed_cache_stale): after an outage
 * its watches reconnect with backoff, and until they do its passes read from the server.
 */
export async function cachesFresh(url: string, cluster: string, timeoutMs: number): Promise<void> {
  const stale = new RegExp(`^gitfed_cache_stale\\{[^}]*cluster="${cluster}"[^}]*\\} 1$`, 'm');
  const deadline = performance.now() + timeoutMs;
  while (stale.test(await (await fetch(new URL('/metrics', url))).text())) {
    if (performance.now() > deadline) throw new Error(`${cluster}'s caches were still stale after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** pooled is one condition's samples from its turns, in order. */
export function pooled(turns: readonly Samples[]): Samples {
  const fromWebhook = turns.every((t) => t.fromWebhook) ? { fromWebhook: turns.flatMap((t) => t.fromWebhook ?? []) } : {};
  return { ms: turns.flatMap((t) => t.ms), missed: turns.reduce((n, t) => n + t.missed, 0), timeoutMs: turns[0]?.timeoutMs ?? 0, ...fromWebhook };
}

/** Counted is what the fleet's API servers received over a phase, and how long the loop said it took. */
export interface Counted { requests: Requests; cycleMs: number | null }

/** noopPass: with the fleet settled, a webhook of the same commit makes a full pass; the counters say what it sent. */
export async function noopPass(r: Running, timeoutMs: number): Promise<Counted> {
  r.w.bf.resetCounters();
  const from = r.loop.records.length;
  await notify(r.url, r.w.head(), true);
  const record = await r.loop.waitFor(isCycleOf(r.w.head()), timeoutMs, from);
  return { requests: r.w.bf.requests(), cycleMs: Number(record.seconds) * 1000 };
}

/** RESTART_GRACE_MS is how long the restart's counters keep counting after its first cycle: watches may open after the lists */
export const RESTART_GRACE_MS = 1000;

/** restartPass counts what a freshly started loop sends until its first `cycle finished` (plus a grace); `start` starts it. */
export async function restartPass(w: LoopWorld, start: () => LoopProcess, timeoutMs: number): Promise<Counted & { loop: LoopProcess; url: string }> {
  w.bf.resetCounters();
  const loop = start();
  const url = await listening(loop, timeoutMs);
  const record = await loop.waitFor((x) => x.msg === 'cycle finished', timeoutMs);
  await sleep(RESTART_GRACE_MS);
  return { requests: w.bf.requests(), cycleMs: Number(record.seconds) * 1000, loop, url };
}

/** DriftSamples time each edit to its failure status from kubectl's exit (the edit has landed) and from its start. */
export interface DriftSamples { fromExit: Samples; fromStart: number[] }

/**
 * driftSamples edits the marker's replicas with `kubectl patch` on one cluster at a time and waits until the
 * forge holds a new `failure` status for that cluster's context on `sha`.
 */
export async function driftSamples(r: Running, forge: ForgeServer, sha: string, n: number, timeoutMs: number): Promise<DriftSamples> {
  const fromStart: number[] = [];
  // one discovery cache for the edits, as a user's ~/.kube/cache would be
  const cacheDir = join(r.w.cacheDir, 'kubectl');
  const fromExit = await series(n, timeoutMs, 'drift', r, async (i) => {
    const cluster = r.w.bf.names[i % r.w.bf.names.length] as string;
    const statuses = (): { state: string }[] => forge.history('github', 'acme/fleet', sha, `gitfed/${cluster}`);
    const before = statuses().length;
    const t0 = performance.now();
    const patch = JSON.stringify({ spec: { replicas: 100 + i } });
    const k = await kubectl(['--context', cluster, '-n', r.w.marker.namespace, 'patch', 'deployment', r.w.marker.name, '--type', 'merge', '-p', patch], { kubeconfig: r.w.bf.kubeconfig, cacheDir });
    if (k.code !== 0) throw new Error(`kubectl patch on ${cluster} exited with ${k.code}: ${k.stderr.slice(0, 1000)}`);
    const t1 = performance.now();
    if (!(await within(() => statuses().slice(before).some((s) => s.state === 'failure'), timeoutMs))) return null;
    const t2 = performance.now();
    fromStart.push(t2 - t0);
    return t2 - t1;
  });
  return { fromExit, fromStart };
}
