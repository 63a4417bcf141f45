import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmtMs } from '../format.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';

/**
 * CHILD runs on dist/ in a plain `node` (as the division scenario does): it loads and renders N workloads of one
 * kind, Divided over C clusters, each with a ConfigMap it needs (propagateDeps), and prints the median times.
 * CloneSets go through the built-in Lua customization (GetReplicas, GetDependencies, ReviseReplica); Deployments
 * through the native interpreter.
 */
const CHILD = `
const { loadCatalog } = await import(process.env.LOAD_URL);
const { render } = await import(process.env.RENDER_URL);
const [workloads, clusters, reps] = JSON.parse(process.env.SIZES);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const files = (apiVersion, kind, tag) => {
  const f = new Map();
  f.set('clusters.yaml', Array.from({ length: clusters }, (_, i) => 'apiVersion: cluster.karmada.io/v1alpha1\\nkind: Cluster\\nmetadata: {name: member-' + String(i).padStart(3, '0') + '}\\n').join('---\\n'));
  f.set('policy.yaml', 'apiVersion: policy.karmada.io/v1alpha1\\nkind: PropagationPolicy\\nmetadata: {name: all, namespace: app}\\nspec:\\n  resourceSelectors: [{apiVersion: ' + apiVersion + ', kind: ' + kind + '}]\\n  propagateDeps: true\\n  placement:\\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}\\n');
  const docs = [];
  for (let i = 0; i < workloads; i++) {
    docs.push('apiVersion: ' + apiVersion + '\\nkind: ' + kind + '\\nmetadata: {name: w' + i + tag + ', namespace: app}\\nspec:\\n  replicas: ' + (100 + i % 50) + '\\n  selector: {matchLabels: {app: w' + i + '}}\\n  template:\\n    metadata: {labels: {app: w' + i + '}}\\n    spec:\\n      containers: [{name: app, image: nginx, resources: {requests: {cpu: 100m, memory: 64Mi}}, envFrom: [{configMapRef: {name: cfg' + i + '}}]}]\\n');
    docs.push('apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: cfg' + i + ', namespace: app}\\ndata: {a: b}\\n');
  }
  f.set('app.yaml', docs.join('---\\n'));
  return f;
};
const rows = [];
for (const [apiVersion, kind] of [['apps/v1', 'Deployment'], ['apps.kruise.io/v1alpha1', 'CloneSet']]) {
  // fresh: new workload names every run, so nothing is cached; again: the same commit rendered once more
  const fresh = []; const again = []; let objects = 0; let errors = 0;
  for (let r = 0; r < reps + 1; r++) {
    const snapshot = { revision: null, files: files(apiVersion, kind, '-r' + r) };
    for (const into of [fresh, again]) {
      const t0 = performance.now();
      const plan = render(loadCatalog(snapshot), null);
      if (r > 0) into.push(performance.now() - t0); // the first run warms the JIT up
      objects = Object.values(plan.clusters).reduce((n, objs) => n + objs.length, 0);
      errors = plan.diagnostics.filter((d) => d.severity === 'error').length;
    }
  }
  rows.push({ kind, workloads, clusters, ms: median(fresh), againMs: median(again), objects, errors });
}
process.stdout.write(JSON.stringify(rows));
`;

interface Row { kind: string; workloads: number; clusters: number; ms: number; againMs: number; objects: number; errors: number }

export const customWorkloadsScenario: Scenario = {
  name: 'custom',
  summary: 'load + render of 1,000 CloneSets (Lua interpreter) against 1,000 Deployments (native) Divided over 100 clusters, on dist/',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const dist = dirname(dirname(ctx.cli));
    const sizes = ctx.quick ? [100, 10, 1] : [1000, 100, 3];
    ctx.log(`custom workloads: ${sizes[0]} workloads over ${sizes[1]} clusters`);
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', CHILD], {
      encoding: 'utf8', maxBuffer: 1 << 26,
      env: { ...process.env, LOAD_URL: pathToFileURL(join(dist, 'render', 'load', 'index.js')).href, RENDER_URL: pathToFileURL(join(dist, 'render', 'render.js')).href, SIZES: JSON.stringify(sizes) },
    });
    const rows = JSON.parse(out) as Row[];
    const [native, lua] = rows;
    return {
      tables: [{
        title: 'loadCatalog + render, workloads Divided with propagateDeps (median of the runs after a warm-up)',
        columns: ['kind', 'workloads', 'clusters', 'load + render (fresh)', 'same commit again', 'objects rendered', 'errors'],
        rows: rows.map((r) => [r.kind, r.workloads, r.clusters, fmtMs(r.ms), fmtMs(r.againMs), r.objects, r.errors]),
      }],
      ratios: [],
      notes: native && lua ? [`fresh templates through Lua: ${(lua.ms / native.ms).toFixed(2)}x the native render; the same commit again: ${(lua.againMs / native.againMs).toFixed(2)}x`] : [],
      raw: rows,
    };
  },
};
