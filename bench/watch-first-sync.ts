import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLoop } from '../test/helpers/loop-process.js';
import {
  allApplied, assertApplied, gitfedOncePass, KUBECTL_PARALLEL, kubectlFirstSync, prepareWorkspace, withFleet,
  type SyncSize, type ToolRun, type Workspace,
} from './first-sync.js';
import type { BenchContext } from './scenario.js';

/** FirstSync is each tool's first sync of the same empty fleet. */
export interface FirstSync { loop: ToolRun; once: ToolRun; sequential: ToolRun; parallel: ToolRun; objectsPerCluster: number }

/** loopFirstSync times the long-running reconciler from its start until every cluster holds every object. */
async function loopFirstSync(ws: Workspace, timeoutMs: number): Promise<ToolRun> {
  return withFleet(ws, 'gitfed-loop', async (bf, dir) => {
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

/** firstSync measures gitfed's loop, `gitfed reconcile --once` and the kubectl loops (sequential, 2 at a time), each on a fresh fleet. */
export async function firstSync(ctx: BenchContext, size: SyncSize, timeoutMs: number): Promise<FirstSync> {
  const ws = await prepareWorkspace(ctx, size, 'first-sync');
  ctx.log(`first sync of ${size.clusters} clusters x ${ws.objectsPerCluster} objects: gitfed reconcile (running)`);
  const loop = await loopFirstSync(ws, timeoutMs);
  ctx.log('first sync: gitfed reconcile --once');
  const once = await withFleet(ws, 'gitfed-once', async (bf) => {
    const run = await gitfedOncePass(ctx, bf, ws);
    assertApplied(bf, ws, 'gitfed --once');
    return run;
  });
  ctx.log('first sync: kubectl, sequential');
  const sequential = (await kubectlFirstSync(ws, 'kubectl-seq', 1)).first;
  ctx.log(`first sync: kubectl, ${KUBECTL_PARALLEL} at a time`);
  const parallel = (await kubectlFirstSync(ws, 'kubectl-par', KUBECTL_PARALLEL)).first;
  return { loop, once, sequential, parallel, objectsPerCluster: ws.objectsPerCluster };
}
