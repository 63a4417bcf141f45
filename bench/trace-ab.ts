/**
 * trace-ab compares render with tracing off against an older checkout's render in one process, runs interleaved
 * (each round starting with another side) so that a busy machine slows every side alike, timed in CPU time (user +
 * system of this process) as well as wall time: `npx tsx bench/trace-ab.ts OLD [CONTROL] [templates] [clusters] [runs]`.
 * OLD holds src/ and bench/ of the commit before the trace (git archive); CONTROL, a copy of this checkout, measures
 * what two copies of the same code differ by, the noise floor of the comparison.
 */
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRenderCache, renderSnapshot } from '../src/render/index.js';
import { generateRepo } from './generate-repo.js';
import { median } from './measure.js';

type Render = (...a: unknown[]) => unknown;
interface Side { name: string; run: () => unknown; cpu: number[]; wall: number[] }

const [old = '', control = '', templates = '500', clusters = '50', runs = '31'] = process.argv.slice(2);
const snapshot = generateRepo({ templates: Number(templates), clusters: Number(clusters) });

async function copyOf(name: string, dir: string): Promise<Side> {
  const mod = (await import(pathToFileURL(resolve(dir, 'src/render/index.ts')).href)) as { renderSnapshot: Render; createRenderCache: () => unknown };
  const cache = mod.createRenderCache();
  return { name, run: () => mod.renderSnapshot(snapshot, undefined, cache), cpu: [], wall: [] };
}

const offCache = createRenderCache();
const traceCache = createRenderCache();
const sides: Side[] = [
  await copyOf('before', old),
  ...(control ? [await copyOf('control', control)] : []),
  { name: 'off', run: () => renderSnapshot(snapshot, undefined, offCache), cpu: [], wall: [] },
  { name: 'trace', run: () => renderSnapshot(snapshot, undefined, traceCache, undefined, { trace: true }), cpu: [], wall: [] },
];
for (const s of sides) for (let i = 0; i < 3; i++) s.run();
for (let i = 0; i < Number(runs); i++) {
  for (const s of [...sides.slice(i % sides.length), ...sides.slice(0, i % sides.length)]) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    s.run();
    s.wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    s.cpu.push((c.user + c.system) / 1000);
  }
}
const round = (n: number) => Number(n.toFixed(1));
const result = Object.fromEntries(sides.map((s) => [s.name, { cpuMs: round(median(s.cpu)), wallMs: round(median(s.wall)) }]));
const vs = (a: string, b: string) => {
  const x = result[a]?.cpuMs ?? 0;
  const y = result[b]?.cpuMs ?? 1;
  return `${(((x - y) / y) * 100).toFixed(1)}%`;
};
process.stdout.write(`${JSON.stringify({ templates: Number(templates), clusters: Number(clusters), runs: Number(runs), result, offVsBeforeCpu: vs('off', 'before'), ...(control ? { controlVsBeforeCpu: vs('control', 'before') } : {}) })}\n`);
