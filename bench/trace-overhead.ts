/**
 * trace-overhead times render of the generated bench repository (mixed placement: Duplicated, static weights,
 * Aggregated; overrides on every cluster) with the parse cache warm, so that render itself dominates.
 * `npx tsx bench/trace-overhead.ts [templates] [clusters] [--trace]`: the median of 15 renders, in ms.
 * Tracing off must stay within 5% of render before the trace existed (run this file from an older checkout).
 */
import { performance } from 'node:perf_hooks';
import { createRenderCache, renderSnapshot } from '../src/render/index.js';
import { generateRepo } from './generate-repo.js';
import { median } from './measure.js';

const RUNS = 15;
const args = process.argv.slice(2);
const trace = args.includes('--trace');
const [templates = 1000, clusters = 50] = args.filter((a) => !a.startsWith('--')).map(Number);
const snapshot = generateRepo({ templates, clusters });
const cache = createRenderCache();
// the options argument is new with the trace: an older renderSnapshot ignores it
const render = renderSnapshot as (...a: unknown[]) => ReturnType<typeof renderSnapshot>;
const options = trace ? { trace: true } : {};
for (let i = 0; i < 3; i++) render(snapshot, undefined, cache, undefined, options);
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  render(snapshot, undefined, cache, undefined, options);
  times.push(performance.now() - t0);
}
process.stdout.write(`${JSON.stringify({ templates, clusters, trace, medianMs: Number(median(times).toFixed(2)) })}\n`);
