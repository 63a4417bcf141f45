/**
 * render-commits times what the running reconciler does per commit: renderSnapshot of the bench repository
 * (every template duplicated on every cluster), fresh and after a commit that changes one template's replicas.
 * `npx tsx bench/render-commits.ts [clusters...]`; profile with `node --cpu-prof --import tsx bench/render-commits.ts 200`.
 * GITFED_RENDER_CACHE=0 renders without a cache (the reconciler before it kept one).
 */
import { performance } from 'node:perf_hooks';
import type { Snapshot } from '../src/model/snapshot.js';
import { createRenderCache, renderSnapshot, type RenderCache } from '../src/render/index.js';
import { appManifest, generateRepo } from './generate-repo.js';
import { median } from './measure.js';

const RUNS = 5;

/** withReplicas is the snapshot where template i (in chunk file 0..) says `replicas`. */
function withReplicas(base: Snapshot, i: number, replicas: number): Snapshot {
  const file = `apps/chunk-${Math.floor(i / 100)}.yaml`;
  const text = base.files.get(file) ?? '';
  const files = new Map(base.files);
  files.set(file, text.replace(appManifest(i), appManifest(i, replicas)));
  return { ...base, files };
}

function time(run: () => unknown): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

function measure(clusters: number, cached: boolean): { fresh: number; oneTemplate: number; objects: number } {
  const base = generateRepo({ templates: 100, clusters, placement: 'duplicated' });
  const fresh: number[] = [];
  const change: number[] = [];
  let objects = 0;
  for (let r = 0; r < RUNS; r++) {
    const cache: RenderCache | undefined = cached ? createRenderCache() : undefined;
    fresh.push(time(() => {
      const { plan } = renderSnapshot(base, undefined, cache);
      objects = Object.values(plan.clusters).reduce((n, l) => n + l.length, 0);
    }));
    // a commit that changes one template: the reconciler renders it with the cache of the commit before
    const next = withReplicas(base, 7 + r, 20 + r);
    change.push(time(() => renderSnapshot(next, undefined, cache)));
  }
  return { fresh: median(fresh), oneTemplate: median(change), objects };
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const cached = process.env.GITFED_RENDER_CACHE !== '0';
// one warm-up so that the first size does not pay for module loading and JIT
measure(10, cached);
for (const clusters of sizes.length > 0 ? sizes : [50, 200]) {
  const m = measure(clusters, cached);
  console.log(`${clusters} clusters, ${m.objects} objects, cache ${cached ? 'on' : 'off'}: fresh ${m.fresh.toFixed(0)} ms, one template changed ${m.oneTemplate.toFixed(0)} ms (median of ${RUNS})`);
}
