import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../src/render/load/index.js';
import { render } from '../src/render/render.js';
import { generateRepo } from './generate-repo.js';

/** Measures load + render of generated repositories; run: npx tsx bench/render-scale.ts [T C ...]. */
const args = process.argv.slice(2).map(Number);
const shapes = args.length >= 2 ? [{ templates: args[0] ?? 0, clusters: args[1] ?? 0 }] : [
  { templates: 100, clusters: 10 }, { templates: 1000, clusters: 10 }, { templates: 1000, clusters: 100 },
];
for (const shape of shapes) {
  const snapshot = generateRepo(shape);
  const runs: number[] = [];
  let objects = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const plan = render(loadCatalog(snapshot), null);
    runs.push(performance.now() - t0);
    objects = Object.values(plan.clusters).reduce((n, l) => n + l.length, 0);
  }
  runs.sort((a, b) => a - b);
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(`T=${shape.templates} C=${shape.clusters}: median ${Math.round(runs[1] ?? 0)} ms (min ${Math.round(runs[0] ?? 0)}), ${objects} objects rendered, rss ${rss} MiB`);
}
