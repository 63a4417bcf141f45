import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmtMs } from '../format.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';

/**
 * CHILD runs in a plain `node` on the built dist/: tsx (the bench's own runtime) wraps every inner function with
 * a naming helper that made the same division about 10x slower than what `gitfed` runs. It prints one JSON row
 * per (clusters, strategy, mode) with the median of the repetitions.
 */
const CHILD = `
const { assignReplicas } = await import(process.env.ASSIGN_URL);
const sizes = JSON.parse(process.env.SIZES);
const reps = Number(process.env.REPS);
const divided = (s) => ({ replicaSchedulingType: 'Divided', ...s });
const strategies = {
  weighted: divided({ replicaDivisionPreference: 'Weighted', weightPreference: { staticWeightList:
    Array.from({ length: 10 }, (_, r) => ({ targetCluster: { labelSelector: { matchLabels: { region: 'r' + r } } }, weight: r + 1 })) } }),
  dynamic: divided({ replicaDivisionPreference: 'Weighted', weightPreference: { dynamicWeight: 'AvailableReplicas' } }),
  aggregated: divided({ replicaDivisionPreference: 'Aggregated' }),
};
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows = [];
for (const n of sizes) {
  // through JSON, as names come from the YAML parser: flat strings (concatenated ones hash slower in Maps)
  const clusters = JSON.parse(JSON.stringify(Array.from({ length: n }, (_, i) => ({ name: 'member-' + String(i).padStart(5, '0'), labels: { region: 'r' + (i % 10) } }))));
  const candidates = clusters.map((cluster, i) => ({ cluster, availableReplicas: 50 + ((i * 7919) % 300), tier: 0 }));
  // a previous placement on half the clusters, for Karmada's Steady scale-up (the loop's case after a commit)
  const previous = new Map(candidates.filter((_, i) => i % 2 === 0).map((c) => [c.cluster.name, 3]));
  for (const [name, strategy] of Object.entries(strategies)) {
    for (const [mode, replicas, prev] of [['fresh', 10 * n, undefined], ['steady scale-up', 10 * n, previous]]) {
      if (mode !== 'fresh' && name === 'weighted') continue;
      const times = []; let targets = 0;
      for (let r = 0; r < reps + 1; r++) {
        const t0 = performance.now();
        const out = assignReplicas({ candidates, replicas, workload: true, strategy, ...(prev ? { previous: prev } : {}) });
        if (r > 0) times.push(performance.now() - t0); // the first run warms the JIT up
        targets = out.ok ? out.targets.length : -1;
      }
      rows.push({ clusters: n, strategy: name, mode, replicas, ms: median(times), targets });
    }
  }
}
process.stdout.write(JSON.stringify(rows));
`;

interface Row { clusters: number; strategy: string; mode: string; replicas: number; ms: number; targets: number }

export const divisionScenario: Scenario = {
  name: 'division',
  summary: 'replica division of one workload (static weights, dynamic weights, Aggregated) over 1,000 and 10,000 clusters, on dist/',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const assign = join(dirname(dirname(ctx.cli)), 'render', 'replicas', 'assign.js');
    const sizes = ctx.quick ? [1000] : [1000, 10_000];
    ctx.log(`division over ${sizes.join(', ')} clusters`);
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD], {
      encoding: 'utf8', env: { ...process.env, ASSIGN_URL: pathToFileURL(assign).href, SIZES: JSON.stringify(sizes), REPS: ctx.quick ? '1' : '7' },
    });
    const rows = JSON.parse(out) as Row[];
    const worst = Math.max(...rows.filter((r) => r.clusters === 10_000).map((r) => r.ms));
    return {
      tables: [{
        title: 'assignReplicas for one workload, replicas = 10 x clusters (median of the runs after a warm-up)',
        columns: ['clusters', 'strategy', 'mode', 'replicas', 'division', 'target clusters'],
        rows: rows.map((r) => [r.clusters, r.strategy, r.mode, r.replicas, fmtMs(r.ms), r.targets]),
      }],
      ratios: [],
      notes: [
        'No alternative computes Karmada division without a Karmada control plane: figures only. Goal: under 100 ms at 10,000 clusters.',
        ...(sizes.includes(10_000) ? [`slowest division at 10,000 clusters: ${worst.toFixed(1)} ms`] : []),
      ],
      raw: rows,
    };
  },
};
