import {
  assertApplied, gitfedOncePass, KUBECTL_PARALLEL, kubectlFirstSync, kubectlPass, prepareWorkspace, withFleet,
  type SyncSize, type ToolRun, type Workspace,
} from '../first-sync.js';
import { fmtMiB, fmtMs, ratio } from '../format.js';
import { median, repeat } from '../measure.js';
import type { BenchContext, Cell, Ratio, Scenario, ScenarioResult, Table } from '../scenario.js';

interface ApplySize extends SyncSize {
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

interface Rep { gitfed: ToolRun; gitfedNoop: ToolRun; sequential: ToolRun; parallel: ToolRun; kubectlNoop: ToolRun }

async function measureRep(ctx: BenchContext, ws: Workspace, rep: number): Promise<Rep> {
  const [gitfed, gitfedNoop] = await withFleet(ws, `gitfed-${rep}`, async (bf) => {
    const first = await gitfedOncePass(ctx, bf, ws);
    assertApplied(bf, ws, 'gitfed');
    return [first, await gitfedOncePass(ctx, bf, ws)] as const;
  });
  const sequential = (await kubectlFirstSync(ws, `kubectl-seq-${rep}`, 1)).first;
  // the no-op pass's requests do not depend on the loop's concurrency, so the faster loop measures it
  const par = await kubectlFirstSync(ws, `kubectl-par-${rep}`, KUBECTL_PARALLEL, (bf, cache) => kubectlPass(bf, ws, KUBECTL_PARALLEL, cache));
  return { gitfed, gitfedNoop, sequential, parallel: par.first, kubectlNoop: par.then as ToolRun };
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
      const ws = await prepareWorkspace(ctx, size, `apply-${size.clusters}`);
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
