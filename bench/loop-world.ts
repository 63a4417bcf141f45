import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replicasOf } from '../src/cli/demo-world.js';
import { createRepo, startGitServer, type GitServer } from '../test/helpers/git-server.js';
import type { LogRecord, LoopProcess } from '../test/helpers/loop-process.js';
import { sendPush } from '../test/helpers/webhooks.js';
import { startBenchFleet, type BenchFleet } from './bench-fleet.js';
import { NAMESPACES } from './first-sync.js';
import { appManifest, appName, generateRepo } from './generate-repo.js';
import type { BenchContext } from './scenario.js';

/** WEBHOOK_SECRET signs the push webhooks the benchmarks send to the running reconciler. */
export const WEBHOOK_SECRET = 'bench-webhook-secret';

/** percentile is the nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** sleep waits: a benchmark measures the wall clock, so it may wait on it. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** within polls `check` every 5 ms and says whether it held before `timeoutMs` ran out. */
export async function within(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) return false;
    await sleep(5);
  }
  return true;
}

/** until is `within` that fails, naming `what`, when the time runs out. */
export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (!(await within(check, timeoutMs))) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

/** Marker is the Deployment whose replicas each measured commit changes. */
export interface Marker { namespace: string; name: string; file: string; index: number }

/** LoopWorld is a Git smart-HTTP server with one repository and a simulated fleet made from its Cluster objects. */
export interface LoopWorld {
  git: GitServer;
  bf: BenchFleet;
  /** push commits files (relative path to content) to the served repository and resolves to the commit; the simulated clusters keep serving while git runs */
  push(files: Record<string, string>): Promise<string>;
  /** the newest commit pushed */
  head(): string;
  marker: Marker;
  cacheDir: string;
  stop(): Promise<void>;
}

/** LoopWorldSize is a world's fleet and its repository: `templates` Duplicated templates plus the marker, 2 objects each. */
export interface LoopWorldSize { clusters: number; templates: number }

/**
 * WATCH_HISTORY is the watch events each simulated cluster keeps, as many as a real API server's watch cache holds
 * per kind by default (`--default-watch-cache-size`). The simulator's own default (1,000 per cluster) suits one
 * cluster; here up to 200 share this process, and over hundreds of commits their histories held over 100 MB (at 50
 * clusters) whose collections paused every simulated cluster at once, a stall the measured commits then showed.
 */
export const WATCH_HISTORY = 100;

/** startLoopWorld serves a generated Duplicated repository (the marker is the last template) and starts its fleet. */
export async function startLoopWorld(ctx: BenchContext, size: LoopWorldSize, name: string): Promise<LoopWorld> {
  const dir = join(ctx.workDir, name);
  const git = await startGitServer();
  const repo = createRepo(git, 'fleet');
  const files = Object.fromEntries(generateRepo({ templates: size.templates, clusters: size.clusters, placement: 'duplicated' }).files);
  const index = size.templates;
  const marker = { namespace: `team-${index % 10}`, name: appName(index), file: 'apps/marker.yaml', index };
  let head = repo.commit({ ...files, [marker.file]: appManifest(index, 1) }, 'generated repository');
  mkdirSync(dir, { recursive: true });
  const bf = await startBenchFleet(repo.dir, dir, NAMESPACES, { watchHistory: WATCH_HISTORY }).catch(async (err: unknown) => {
    await git.stop();
    throw err;
  });
  return {
    git, bf, marker, cacheDir: join(dir, 'cache'),
    push: async (f) => (head = await repo.commitAsync(f)),
    head: () => head,
    stop: async () => {
      await bf.stop();
      await git.stop();
    },
  };
}

/** loopArgs are the flags of a reconciler on the world's repository and fleet, with a webhook listener. */
export function loopArgs(w: LoopWorld, ...extra: string[]): string[] {
  return ['--repo', w.git.urlOf('fleet'), '--kubeconfig', w.bf.kubeconfig, '--cache-dir', w.cacheDir, '--listen', '127.0.0.1:0', ...extra];
}

/** listening waits (longer than LoopProcess.port would: a large fleet may delay it) for the loop's listener and returns its base URL. */
export async function listening(loop: LoopProcess, timeoutMs: number): Promise<string> {
  return `http://127.0.0.1:${Number((await loop.waitFor((r) => r.msg === 'listening', timeoutMs)).port)}`;
}

/** started waits for the loop's listener and its first finished cycle, and returns its base URL. */
export async function started(loop: LoopProcess, timeoutMs = 600_000): Promise<string> {
  const url = await listening(loop, timeoutMs);
  await loop.waitFor((r) => r.msg === 'cycle finished', timeoutMs);
  return url;
}

let deliveries = 0;

/**
 * notify sends the signed push webhook of `after` to a loop at `url`. With `again`, the payload's `before` is
 * unique, so that a second delivery of the same head is a new push to the receiver's replay guard, not a replay.
 */
export async function notify(url: string, after: string, again = false): Promise<void> {
  deliveries += 1;
  const before = again ? createHash('sha1').update(`bench-delivery-${deliveries}`).digest('hex') : undefined;
  const answer = await sendPush({ forge: 'github', url, secret: WEBHOOK_SECRET, ref: 'refs/heads/main', after, ...(before ? { before } : {}) });
  if (answer.status !== 202) throw new Error(`the webhook answered ${answer.status} ${answer.text}`);
}

/** pushReplicas commits the marker with `replicas` and notifies the loop; `pushed` runs between the push and the webhook. Returns the commit. */
export async function pushReplicas(w: LoopWorld, url: string, replicas: number, pushed?: () => void): Promise<string> {
  const after = await w.push({ [w.marker.file]: appManifest(w.marker.index, replicas) });
  pushed?.();
  await notify(url, after);
  return after;
}

/** holdReplicas tells whether each of `clusters` holds the marker with `replicas` (read in-process). */
export function holdReplicas(w: LoopWorld, clusters: readonly string[], replicas: number): boolean {
  return clusters.every((c) => replicasOf(w.bf.fleet, c, w.marker.namespace, w.marker.name) === replicas);
}

/**
 * whenReplicas resolves true once each of `clusters` holds the marker with `replicas`, false when `timeoutMs`
 * runs out. It listens to the simulated clusters' own change events instead of polling: reading 200 clusters
 * every few milliseconds would take CPU from the reconciler it measures.
 */
export function whenReplicas(w: LoopWorld, clusters: readonly string[], replicas: number, timeoutMs: number): Promise<boolean> {
  const missing = new Set(clusters.filter((c) => replicasOf(w.bf.fleet, c, w.marker.namespace, w.marker.name) !== replicas));
  if (missing.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      for (const off of offs) off();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    for (const name of missing) {
      const cluster = w.bf.fleet.cluster(name);
      offs.push(cluster.api.onChange((e) => {
        // the event's names first: its object is a copy made when read, and most events are of other objects
        if (e.resource.kind !== 'Deployment' || e.name !== w.marker.name || e.namespace !== w.marker.namespace) return;
        if ((e.object.spec as { replicas?: unknown } | undefined)?.replicas !== replicas) return;
        missing.delete(name);
        if (missing.size === 0) finish(true);
      }));
    }
  });
}

/** isCycleOf matches the `cycle finished` record of a revision (the log may shorten it). */
export function isCycleOf(revision: string): (r: LogRecord) => boolean {
  return (r) => r.msg === 'cycle finished' && typeof r.revision === 'string' && r.revision.length >= 7 && revision.startsWith(r.revision);
}
