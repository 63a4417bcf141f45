import type { Catalog } from '../../src/model/catalog.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { loadCatalog } from '../../src/render/load/index.js';
import { render } from '../../src/render/render.js';
import { fmtMs } from '../format.js';
import { appManifest, clustersYaml, PLACEMENTS, propagationPolicy } from '../generate-repo.js';
import { median, repeat, timed } from '../measure.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';

const STRATEGIES = ['duplicated', 'weighted', 'dynamic', 'aggregated'] as const;
type Strategy = typeof STRATEGIES[number];

interface EngineSize { clusters: number; reps: number }

function sizes(ctx: BenchContext): EngineSize[] {
  return ctx.quick ? [{ clusters: 1000, reps: 1 }] : [{ clusters: 1000, reps: 5 }, { clusters: 10_000, reps: 1 }];
}

/** policyCatalog loads one template (a Deployment with as many replicas as clusters, and its ConfigMap) and one policy. */
function policyCatalog(strategy: Strategy, replicas: number): Catalog {
  const files = new Map([
    ['app.yaml', appManifest(0, replicas)],
    ['policy.yaml', propagationPolicy({ namespace: 'team-0', name: strategy, selector: '', placement: PLACEMENTS[strategy] })],
  ]);
  return loadCatalog({ revision: null, files } satisfies Snapshot);
}

interface Row { clusters: number; strategy: Strategy; renderMs: number; targets: number; objects: number; diagnostics: number }

async function measureSize(ctx: BenchContext, size: EngineSize): Promise<{ loadMs: number; rows: Row[] }> {
  ctx.log(`engine ${size.clusters} clusters: load`);
  const { ms: loadMs, value: fleet } = await timed(() => loadCatalog({ revision: null, files: new Map([['clusters.yaml', clustersYaml(size.clusters)]]) }));
  const rows: Row[] = [];
  for (const strategy of STRATEGIES) {
    ctx.log(`engine ${size.clusters} clusters: ${strategy} x${size.reps}`);
    const catalog = { ...policyCatalog(strategy, size.clusters), clusters: fleet.clusters };
    const runs = await repeat(size.reps, () => timed(() => render(catalog, null)));
    const plan = runs[runs.length - 1]?.value;
    rows.push({
      clusters: size.clusters, strategy, renderMs: median(runs.map((r) => r.ms)),
      targets: plan?.bindings[0]?.clusters.length ?? 0,
      objects: Object.values(plan?.clusters ?? {}).reduce((n, l) => n + l.length, 0),
      diagnostics: plan?.diagnostics.length ?? 0,
    });
  }
  return { loadMs, rows };
}

export const engineScenario: Scenario = {
  name: 'engine',
  summary: 'placement and replica division of one Deployment over 1,000 and 10,000 clusters (in-process, no alternative)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const results = [];
    for (const size of sizes(ctx)) results.push({ size, ...(await measureSize(ctx, size)) });
    return {
      tables: [{
        title: 'one Deployment (replicas = clusters) and its ConfigMap: render = filter, score, divide and build every manifest',
        columns: ['clusters', 'load clusters', 'strategy', 'render', 'target clusters', 'objects', 'diagnostics'],
        rows: results.flatMap((r) => r.rows.map((x) => [x.clusters, fmtMs(r.loadMs), x.strategy, fmtMs(x.renderMs), x.targets, x.objects, x.diagnostics])),
      }],
      ratios: [],
      notes: ['No alternative computes Karmada placement without a Karmada control plane, so this scenario has figures and no ratio.'],
      raw: results,
    };
  },
};
