/**
 * trace-ab compares render with tracing off against an older checkout's render in one process, runs interleaved
 * (A, B, A, B, ...) so that a busy machine slows both alike: `npx tsx bench/trace-ab.ts OLD_CHECKOUT [templates]
 * [clusters] [runs]`, OLD_CHECKOUT holding src/ and bench/ of the commit before the trace (e.g. from git archive).
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRenderCache, renderSnapshot } from '../src/render/index.js';
import { generateRepo } from './generate-repo.js';
import { median } from './measure.js';

type Render = (...a: unknown[]) => unknown;
const [old = '', templates = '500', clusters = '50', runs = '31'] = process.argv.slice(2);
const before = (await import(pathToFileURL(resolve(old, 'src/render/index.ts')).href)) as { renderSnapshot: Render; createRenderCache: () => unknown };
const snapshot = generateRepo({ templates: Number(templates), clusters: Number(clusters) });
const sides: { name: string; run: () => unknown; times: number[] }[] = [
  { name: 'before', run: ((c) => () => before.renderSnapshot(snapshot, undefined, c))(before.createRenderCache()), times: [] },
  { name: 'off', run: ((c) => () => renderSnapshot(snapshot, undefined, c))(createRenderCache()), times: [] },
  { name: 'trace', run: ((c) => () => renderSnapshot(snapshot, undefined, c, undefined, { trace: true }))(createRenderCache()), times: [] },
];
for (const s of sides) for (let i = 0; i < 3; i++) s.run();
for (let i = 0; i < Number(runs); i++) {
  // each round starts with another side, so that no side always runs after the same one
  for (const s of [...sides.slice(i % sides.length), ...sides.slice(0, i % sides.length)]) {
    const t0 = performance.now();
    s.run();
    s.times.push(performance.now() - t0);
  }
}
const m = Object.fromEntries(sides.map((s) => [s.name, Number(median(s.times).toFixed(2))]));
const off = m.off ?? 0;
const base = m.before ?? 1;
process.stdout.write(`${JSON.stringify({ templates: Number(templates), clusters: Number(clusters), runs: Number(runs), medianMs: m, offVsBefore: `${(((off - base) / base) * 100).toFixed(1)}%` })}\n`);
