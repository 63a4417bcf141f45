import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLoop } from '../test/helpers/loop-process.js';
import {
  allApplied, assertApplied, gitfedOncePass, KUBECTL_PARALLEL, kubectlFirstSync, prepareWorkspace, withFleet,
  type SyncSize, type ToolRun, type Workspace,
} from './first-sync.js';
import type { BenchContext } from './scenario.js';

/** SyncTool is one of the compared ways to sync a fleet. */
export type SyncTool = 'loop' | 'once' | 'sequential' | 'parallel';
const TOOLS: readonly SyncTool[] = ['loop', 'once', 'sequential', 'parallel'];
const TITLES: Readonly<Record<SyncTool, string>> = {
  loop: 'gitfed reconcile (running)', once: 'gitfed reconcile --once', sequential: 'kubectl, sequential', parallel: `kubectl, ${KUBECTL_PARALLEL} at a time`,
};

/** FirstSync is each tool's first sync of the same empty fleet: its run of median wall time, and every run's wall time. */
export type FirstSync = Record<SyncTool, ToolRun> & { walls: Record<SyncTool, number[]>; objectsPerCluster: number };

/** loopFirstSync times the long-running reconciler from its start until every cluster holds every object. */
async function loopFirstSync(ws: Workspace, name: string, timeoutMs: number): Promise<ToolRun> {
  return withFleet(ws, name, async (bf, dir) => {
    bf.resetCounters();
    const t0 = performance.now();
    const loop = startLoop(['--repo', ws.repo, '--kubeconfig', bf.kubeconfig, '--cache-dir', join(dir, 'cache'), '--interval', '0', '--shutdown-timeout', '5s']);
    try {
      // the first `cycle finished` comes once every cluster's first pass ended: reading the clusters in a loop
      // meanwhile would take the simulator's CPU from the sync it measures
      await loop.waitFor((r) => r.msg === 'cycle finished', timeoutMs);
      const ms = performance.now() - t0;
      if (!allApplied(bf, ws)) throw new Error('gitfed reconcile finished its first cycle without applying everything');
      return { ms, peakMiB: null, requests: bf.requests() };
    } finally {
      await loop.stop();
    }
  });
}

/**
 * firstSync measures gitfed's loop, `gitfed reconcile --once` and the kubectl loops (sequential, 2 at a time), each on
 * a fresh fleet, `rounds` times: both processes are CPU-bound on the machine's cores, so one run of each moves by
 * 10-20%. Each round starts with the next tool, so that none always runs first, on the least warmed-up process.
 */
export async function firstSync(ctx: BenchContext, size: SyncSize, timeoutMs: number, rounds: number): Promise<FirstSync> {
  const ws = await prepareWorkspace(ctx, size, 'first-sync');
  const run: Record<SyncTool, (n: number) => Promise<ToolRun>> = {
    loop: (n) => loopFirstSync(ws, `gitfed-loop-${n}`, timeoutMs),
    once: (n) => withFleet(ws, `gitfed-once-${n}`, async (bf) => {
      const r = await gitfedOncePass(ctx, bf, ws);
      assertApplied(bf, ws, 'gitfed --once');
      return r;
    }),
    sequential: async (n) => (await kubectlFirstSync(ws, `kubectl-seq-${n}`, 1)).first,
    parallel: async (n) => (await kubectlFirstSync(ws, `kubectl-par-${n}`, KUBECTL_PARALLEL)).first,
  };
  const runs = perTool((): ToolRun[] => []);
  for (let n = 0; n < rounds; n++) {
    for (let k = 0; k < TOOLS.length; k++) {
      const tool = TOOLS[(n + k) % TOOLS.length] as SyncTool;
      ctx.log(`first sync of ${size.clusters} clusters x ${ws.objectsPerCluster} objects, round ${n + 1}/${rounds}: ${TITLES[tool]}`);
      runs[tool].push(await run[tool](n));
    }
  }
  const median = (xs: ToolRun[]): ToolRun => [...xs].sort((a, b) => a.ms - b.ms)[Math.floor((xs.length - 1) / 2)] as ToolRun;
  return { ...perTool((t) => median(runs[t])), walls: perTool((t) => runs[t].map((r) => r.ms)), objectsPerCluster: ws.objectsPerCluster };
}

/** perTool is a record of one value per tool. */
function perTool<T>(of: (tool: SyncTool) => T): Record<SyncTool, T> {
  return { loop: of('loop'), once: of('once'), sequential: of('sequential'), parallel: of('parallel') };
}
