import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { commitAll, initRepo } from '../../src/git/local-repo.js';
import { renderSnapshot } from '../../src/render/index.js';
import { mapLimit } from '../../src/kube/concurrency.js';
import { kubectl } from '../../test/helpers/kubectl.js';
import { startBenchFleet, type BenchFleet, type Requests } from '../bench-fleet.js';
import { fmtMiB, fmtMs, ratio } from '../format.js';
import { generateRepo } from '../generate-repo.js';
import { writeKustomizeTree } from '../kustomize-overlays.js';
import { median, repeat, runMeasured } from '../measure.js';
import type { BenchContext, Cell, Ratio, Scenario, ScenarioResult, Table } from '../scenario.js';
import { writeFiles } from '../write-files.js';

interface ApplySize {
  clusters: number;
  /** Deployments; each has a ConfigMap, so a cluster receives twice as many objects */
  templates: number;
  reps: number;
}

/**
 * sizes: until gitfed's client reuses connections (see BENCHMARKS.md), one pass over 50 clusters takes gitfed
 * minutes, so 50 clusters and repetitions at 10 run only with --exhaustive, to keep `npm run bench` under 10 minutes.
 */
function sizes(ctx: BenchContext): ApplySize[] {
  if (ctx.quick) return [{ clusters: 2, templates: 10, reps: 1 }];
  if (!ctx.exhaustive) return [{ clusters: 10, templates: 100, reps: 1 }];
  return [{ clusters: 10, templates: 100, reps: 3 }, { clusters: 50, templates: 100, reps: 1 }];
}

const NAMESPACES = Array.from({ length: 10 }, (_, i) => `team-${i}`);
/** KUBECTL_PARALLEL is how many clusters the parallel baseline loop applies at once (`xargs -P 2`) */
const KUBECTL_PARALLEL = 2;

/** ToolRun is one tool's pass over the whole fleet. */
interface ToolRun { ms: number; peakMiB: number | null; requests: Requests }

interface Workspace { dir: string; repo: string; overlays: Map<string, string>; objectsPerCluster: number }

async function prepare(ctx: BenchContext, size: ApplySize): Promise<Workspace> {
  const dir = join(ctx.workDir, `apply-${size.clusters}`);
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

/** withFleet runs `fn` on a fresh fleet: every first sync starts from the same empty clusters. */
async function withFleet<T>(ws: Workspace, name: string, fn: (bf: BenchFleet) => Promise<T>): Promise<T> {
  const dir = join(ws.dir, name);
  mkdirSync(dir, { recursive: true });
  const bf = await startBenchFleet(ws.repo, dir, NAMESPACES);
  try {
    return await fn(bf);
  } finally {
    await bf.stop();
  }
}

function assertApplied(bf: BenchFleet, ws: Workspace, tool: string): void {
  const short = [...bf.countApplied()].filter(([, n]) => n !== ws.objectsPerCluster);
  if (short.length > 0) throw new Error(`${tool}: clusters without all ${ws.objectsPerCluster} objects: ${short.map(([c, n]) => `${c}=${n}`).join(', ')}`);
}

/**
 * CLUSTER_TIMEOUT_S replaces the default 60 s budget: every cluster's budget starts when the cycle connects, not
 * when its turn in the concurrency pool comes, so at 50 clusters the last ones in the queue run out of time
 * before they start (see BENCHMARKS.md). The benchmark measures the work, not that limit.
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

async function gitfedPass(ctx: BenchContext, bf: BenchFleet, ws: Workspace): Promise<ToolRun> {
  bf.resetCounters();
  const out = join(ws.dir, 'reconcile.json');
  const args = [ctx.cli, 'reconcile', '--repo', ws.repo, '--kubeconfig', bf.kubeconfig, '--once', '--format', 'json', '--cluster-timeout', CLUSTER_TIMEOUT_S];
  const m = await runMeasured(process.execPath, args, { stdoutFile: out });
  if (m.code !== 0) throw new Error(`gitfed reconcile exited with ${m.code}: ${failures(readFileSync(out, 'utf8'))} ${m.stderr.slice(0, 1000)}`);
  return { ms: m.wallMs, peakMiB: m.peakMiB, requests: bf.requests() };
}

/** kubectlPass is the baseline CI loop: `kubectl apply --server-side -k overlays/<cluster>` per cluster. */
async function kubectlPass(bf: BenchFleet, ws: Workspace, parallel: number, cacheDir: string): Promise<ToolRun> {
  bf.resetCounters();
  const t0 = performance.now();
  await mapLimit(bf.names.filter((n) => ws.overlays.has(n)), parallel, async (name: string) => {
    // one discovery cache for the loop, as a CI machine's ~/.kube/cache would be
    const r = await kubectl(['--context', name, 'apply', '--server-side', '-k', ws.overlays.get(name) ?? ''], { kubeconfig: bf.kubeconfig, cacheDir, timeoutMs: 300_000 });
    if (r.code !== 0) throw new Error(`kubectl apply on ${name} exited with ${r.code}: ${r.stderr.slice(0, 2000)}`);
  });
  return { ms: performance.now() - t0, peakMiB: null, requests: bf.requests() };
}

interface Rep { gitfed: ToolRun; gitfedNoop: ToolRun; sequential: ToolRun; parallel: ToolRun; kubectlNoop: ToolRun }

async function measureRep(ctx: BenchContext, ws: Workspace, rep: number): Promise<Rep> {
  const [gitfed, gitfedNoop] = await withFleet(ws, `gitfed-${rep}`, async (bf) => {
    const first = await gitfedPass(ctx, bf, ws);
    assertApplied(bf, ws, 'gitfed');
    return [first, await gitfedPass(ctx, bf, ws)] as const;
  });
  const sequential = await withFleet(ws, `kubectl-seq-${rep}`, async (bf) => {
    const run = await kubectlPass(bf, ws, 1, join(ws.dir, `kubectl-seq-${rep}`, 'cache'));
    assertApplied(bf, ws, 'kubectl');
    return run;
  });
  // the no-op pass's requests do not depend on the loop's concurrency, so the faster loop measures it
  const [parallel, kubectlNoop] = await withFleet(ws, `kubectl-par-${rep}`, async (bf) => {
    const cache = join(ws.dir, `kubectl-par-${rep}`, 'cache');
    const first = await kubectlPass(bf, ws, KUBECTL_PARALLEL, cache);
    assertApplied(bf, ws, 'kubectl');
    return [first, await kubectlPass(bf, ws, KUBECTL_PARALLEL, cache)] as const;
  });
  return { gitfed, gitfedNoop, sequential, parallel, kubectlNoop };
}

/** Summary is the median time of each tool over the repetitions, with the last repetition's requests (they do not vary). */
type Summary = Record<keyof Rep, ToolRun>;

function summarise(reps: readonly Rep[]): Summary {
  const keys: (keyof Rep)[] = ['gitfed', 'gitfedNoop', 'sequential', 'parallel', 'kubectlNoop'];
  const last = reps[reps.length - 1] as Rep;
  return Object.fromEntries(keys.map((k) => [k, { ...last[k], ms: median(reps.map((r) => r[k].ms)) }])) as Summary;
}

interface SizeResult { size: ApplySize; objects: number; summary: Summary; reps: Rep[] }

function row(r: SizeResult, tool: string, run: ToolRun): Cell[] {
  const q = run.requests;
  return [r.size.clusters, r.objects, tool, fmtMs(run.ms), fmtMiB(run.peakMiB), q.total, q.reads, q.writes, q.dryRuns, q.discovery, (q.total / r.objects).toFixed(2)];
}

function tables(results: readonly SizeResult[]): Table[] {
  const columns = ['clusters', 'objects', 'tool', 'wall', 'peak', 'requests', 'reads', 'writes', 'dry runs', 'discovery', 'req/object'];
  return [{
    title: 'first sync of empty clusters (wall: median; requests: as the API servers counted them)',
    columns,
    rows: results.flatMap((r) => [
      row(r, 'gitfed reconcile --once', r.summary.gitfed),
      row(r, 'kubectl apply --server-side -k, sequential', r.summary.sequential),
      row(r, `kubectl apply --server-side -k, ${KUBECTL_PARALLEL} in parallel`, r.summary.parallel),
    ]),
  }, {
    title: 'second run, nothing changed in Git (gitfed\'s goal: zero writes)',
    columns,
    rows: results.flatMap((r) => [
      row(r, 'gitfed reconcile --once', r.summary.gitfedNoop),
      row(r, `kubectl apply --server-side -k, ${KUBECTL_PARALLEL} in parallel`, r.summary.kubectlNoop),
    ]),
  }];
}

function ratios(results: readonly SizeResult[]): Ratio[] {
  return results.flatMap((r) => {
    const at = `${r.size.clusters} clusters x ${r.objects / r.size.clusters} objects`;
    const s = r.summary;
    return [
      { label: `apply ${at}, first sync time: kubectl sequential / gitfed`, value: ratio(s.sequential.ms, s.gitfed.ms) },
      { label: `apply ${at}, first sync time: kubectl ${KUBECTL_PARALLEL} in parallel / gitfed`, value: ratio(s.parallel.ms, s.gitfed.ms) },
      { label: `apply ${at}, first sync requests: kubectl / gitfed`, value: ratio(s.sequential.requests.total, s.gitfed.requests.total) },
      { label: `apply ${at}, no-op run time: kubectl ${KUBECTL_PARALLEL} in parallel / gitfed`, value: ratio(s.kubectlNoop.ms, s.gitfedNoop.ms) },
      { label: `apply ${at}, no-op run requests: kubectl / gitfed`, value: ratio(s.kubectlNoop.requests.total, s.gitfedNoop.requests.total) },
      {
        label: `apply ${at}, no-op run writes: kubectl / gitfed`, value: ratio(s.kubectlNoop.requests.writes, s.gitfedNoop.requests.writes),
        note: `kubectl ${s.kubectlNoop.requests.writes} writes, gitfed ${s.gitfedNoop.requests.writes}`,
      },
    ];
  });
}

export const applyScenario: Scenario = {
  name: 'apply',
  summary: 'gitfed reconcile --once vs a kubectl apply --server-side -k loop over simulated clusters (time, requests, writes)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const results: SizeResult[] = [];
    for (const size of sizes(ctx)) {
      const ws = await prepare(ctx, size);
      const reps = await repeat(size.reps, (i) => {
        ctx.log(`apply ${size.clusters} clusters: repetition ${i + 1}/${size.reps}`);
        return measureRep(ctx, ws, i);
      });
      results.push({ size, objects: size.clusters * ws.objectsPerCluster, summary: summarise(reps), reps });
    }
    const notes = [
      'The simulated API servers run in the benchmark process itself and serve both tools the same way; on 2 cores they compete with the tool for CPU.',
      'The kubectl loop includes kustomize building each overlay (apply -k), as a CI job would; gitfed includes its render.',
    ];
    return { tables: tables(results), ratios: ratios(results), notes, raw: results };
  },
};
