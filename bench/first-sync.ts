import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { commitAll, initRepo } from '../src/git/local-repo.js';
import { mapLimit } from '../src/kube/concurrency.js';
import { renderSnapshot } from '../src/render/index.js';
import { kubectl } from '../test/helpers/kubectl.js';
import { startBenchFleet, type BenchFleet, type Requests } from './bench-fleet.js';
import { collectGarbage } from './full-gc.js';
import { generateRepo } from './generate-repo.js';
import { writeKustomizeTree } from './kustomize-overlays.js';
import { runMeasured } from './measure.js';
import type { BenchContext } from './scenario.js';
import { writeFiles } from './write-files.js';

/** SyncSize is a first sync's fleet: `templates` Duplicated Deployments, each with its ConfigMap. */
export interface SyncSize {
  clusters: number;
  templates: number;
}

/** NAMESPACES are the generated repository's namespaces, created on every cluster before a tool runs. */
export const NAMESPACES: readonly string[] = Array.from({ length: 10 }, (_, i) => `team-${i}`);
/** KUBECTL_PARALLEL is how many clusters the parallel baseline loop applies at once (`xargs -P 2`) */
export const KUBECTL_PARALLEL = 2;

/** ToolRun is one tool's pass over the whole fleet. */
export interface ToolRun { ms: number; peakMiB: number | null; requests: Requests }

/** Workspace is a committed generated repository and the kustomize overlays that build the same objects. */
export interface Workspace { dir: string; repo: string; overlays: Map<string, string>; objectsPerCluster: number }

/** prepareWorkspace writes and commits a Duplicated repository of `size` under `ctx.workDir/<name>`, with its kustomize tree. */
export async function prepareWorkspace(ctx: BenchContext, size: SyncSize, name: string): Promise<Workspace> {
  const dir = join(ctx.workDir, name);
  const repo = join(dir, 'repo');
  const snapshot = generateRepo({ templates: size.templates, clusters: size.clusters, placement: 'duplicated' });
  writeFiles(repo, snapshot.files);
  // gitfed reconciles commits, never a work tree
  await initRepo(repo);
  await commitAll(repo, 'generated repository');
  const { plan } = renderSnapshot(snapshot);
  const tree = writeKustomizeTree(join(dir, 'kustomize'), size.templates, plan);
  return { dir, repo, overlays: tree.overlays, objectsPerCluster: size.templates * 2 };
}

/** withFleet runs `fn` on a fresh fleet: every first sync starts from the same empty clusters, and a collected heap. */
export async function withFleet<T>(ws: Workspace, name: string, fn: (bf: BenchFleet, dir: string) => Promise<T>): Promise<T> {
  const dir = join(ws.dir, name);
  mkdirSync(dir, { recursive: true });
  const bf = await startBenchFleet(ws.repo, dir, NAMESPACES);
  try {
    collectGarbage();
    return await fn(bf, dir);
  } finally {
    await bf.stop();
  }
}

/** allApplied tells whether every cluster holds all of the workspace's objects. */
export function allApplied(bf: BenchFleet, ws: Workspace): boolean {
  return [...bf.countApplied().values()].every((n) => n === ws.objectsPerCluster);
}

/** assertApplied fails when a cluster lacks some of the workspace's objects after `tool` ran. */
export function assertApplied(bf: BenchFleet, ws: Workspace, tool: string): void {
  const short = [...bf.countApplied()].filter(([, n]) => n !== ws.objectsPerCluster);
  if (short.length > 0) throw new Error(`${tool}: clusters without all ${ws.objectsPerCluster} objects: ${short.map(([c, n]) => `${c}=${n}`).join(', ')}`);
}

/**
 * CLUSTER_TIMEOUT_S replaces the default 60 s budget, which once started when the cycle connected rather than
 * at the cluster's turn in the concurrency pool (see BENCHMARKS.md). The benchmark measures the work, not that limit.
 */
const CLUSTER_TIMEOUT_S = '900';

/** failures names the clusters a `gitfed reconcile --format json` output reports as failed. */
function failures(json: string): string {
  try {
    const result = JSON.parse(json) as { clusters: { cluster: string; error?: string; entries: { action: string; reason?: string }[] }[] };
    return result.clusters.flatMap((c) => {
      const failed = c.entries.filter((e) => e.action === 'failed');
      return c.error || failed.length > 0 ? [`${c.cluster}: ${c.error ?? `${failed.length} failed, ${failed[0]?.reason ?? ''}`}`] : [];
    }).slice(0, 5).join('; ');
  } catch {
    return json.slice(0, 500);
  }
}

/** gitfedOncePass is `gitfed reconcile --once` over the fleet, timed from spawn to exit, with the requests it caused. */
export async function gitfedOncePass(ctx: BenchContext, bf: BenchFleet, ws: Workspace): Promise<ToolRun> {
  bf.resetCounters();
  const out = join(ws.dir, 'reconcile.json');
  const args = [ctx.cli, 'reconcile', '--repo', ws.repo, '--kubeconfig', bf.kubeconfig, '--once', '--format', 'json', '--cluster-timeout', CLUSTER_TIMEOUT_S];
  const m = await runMeasured(process.execPath, args, { stdoutFile: out });
  if (m.code !== 0) throw new Error(`gitfed reconcile exited with ${m.code}: ${failures(readFileSync(out, 'utf8'))} ${m.stderr.slice(0, 1000)}`);
  return { ms: m.wallMs, peakMiB: m.peakMiB, requests: bf.requests() };
}

/** kubectlPass is the baseline CI loop: `kubectl apply --server-side -k overlays/<cluster>` per cluster, `parallel` at once. */
export async function kubectlPass(bf: BenchFleet, ws: Workspace, parallel: number, cacheDir: string): Promise<ToolRun> {
  bf.resetCounters();
  const t0 = performance.now();
  await mapLimit(bf.names.filter((n) => ws.overlays.has(n)), parallel, async (name: string) => {
    // one discovery cache for the loop, as a CI machine's ~/.kube/cache would be
    const r = await kubectl(['--context', name, 'apply', '--server-side', '-k', ws.overlays.get(name) ?? ''], { kubeconfig: bf.kubeconfig, cacheDir, timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(`kubectl apply on ${name} exited with ${r.code}: ${r.stderr.slice(0, 2000)}`);
  });
  return { ms: performance.now() - t0, peakMiB: null, requests: bf.requests() };
}

/** kubectlFirstSync is the kubectl loop on a fresh fleet, checked to have applied everything; `then` may run more on that fleet. */
export function kubectlFirstSync<T = undefined>(ws: Workspace, name: string, parallel: number, then?: (bf: BenchFleet, cache: string) => Promise<T>): Promise<{ first: ToolRun; then: T | undefined }> {
  return withFleet(ws, name, async (bf, dir) => {
    const cache = join(dir, 'cache');
    const first = await kubectlPass(bf, ws, parallel, cache);
    assertApplied(bf, ws, 'kubectl');
    return { first, then: then ? await then(bf, cache) : undefined };
  });
}
