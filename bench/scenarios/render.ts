import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../src/model/plan.js';
import { renderSnapshot } from '../../src/render/index.js';
import { fitPowerLaw, project, type Point, type PowerLaw } from '../fit.js';
import { generateRepo } from '../generate-repo.js';
import { kustomizeBuild } from '../kubectl-bin.js';
import { writeKustomizeTree } from '../kustomize-overlays.js';
import { median, repeat, runOrThrow, timed, type Measured } from '../measure.js';
import { byCluster, compareObjects, objectsOf, type Comparison } from '../same-content.js';
import type { BenchContext, Ratio, Scenario, ScenarioResult, Table } from '../scenario.js';
import { writeFiles } from '../write-files.js';
import { fmtMiB, fmtMs, fmtRatio, ratio } from '../format.js';

/**
 * How kustomize is measured at one size: `fleet` builds every overlay in a sequential loop, as a CI job
 * would; `cluster` builds only the median-sized overlay (one overlay of a 1,000-template repository already
 * takes seconds); `project` builds nothing and projects from a power law fitted on the overlays built before.
 */
type KustomizeMode = 'fleet' | 'cluster' | 'project';

interface RenderSize {
  templates: number;
  clusters: number;
  reps: number;
  /** time the whole fleet's YAML too (its emission dominates at large sizes) */
  yamlFleet: boolean;
  kustomize: KustomizeMode;
  kustomizeReps: number;
}

function sizes(ctx: BenchContext): RenderSize[] {
  if (ctx.quick) return [{ templates: 30, clusters: 4, reps: 1, yamlFleet: true, kustomize: 'fleet', kustomizeReps: 1 }];
  return [
    { templates: 100, clusters: 10, reps: 5, yamlFleet: true, kustomize: 'fleet', kustomizeReps: 3 },
    { templates: 1000, clusters: 10, reps: 3, yamlFleet: true, kustomize: 'fleet', kustomizeReps: 1 },
    { templates: 1000, clusters: 100, reps: 3, yamlFleet: true, kustomize: 'cluster', kustomizeReps: 1 },
    { templates: 5000, clusters: 100, reps: 1, yamlFleet: false, kustomize: ctx.exhaustive ? 'cluster' : 'project', kustomizeReps: 1 },
  ];
}

/** Runs is the median wall time and the highest peak memory of repeated runs. */
interface Runs { ms: number; peakMiB: number | null }

function summarise(runs: readonly Measured[]): Runs {
  const peaks = runs.map((r) => r.peakMiB).filter((p): p is number => p !== null);
  return { ms: median(runs.map((r) => r.wallMs)), peakMiB: peaks.length > 0 ? Math.max(...peaks) : null };
}

/** medianCluster is the non-empty cluster of median object count (ties by name): a typical overlay. */
function medianCluster(plan: Plan): string {
  const sorted = Object.entries(plan.clusters).filter(([, o]) => o.length > 0).sort(([a, x], [b, y]) => x.length - y.length || (a < b ? -1 : 1));
  return sorted[Math.floor(sorted.length / 2)]?.[0] ?? '';
}

interface SizeResult {
  size: RenderSize;
  objects: number;
  overlays: number;
  engineMs: number;
  json: Runs;
  yaml: Runs | null;
  kustomizeFleet: (Runs & { same: Comparison }) | null;
  cluster: { name: string; objects: number; gitfed: Runs; kustomize: Runs | null; projectedMs: number | null; fit: PowerLaw | null; same: Comparison | null };
}

async function kustomizeFleet(overlays: Map<string, string>, out: string, reps: number): Promise<{ runs: Runs; perCluster: Map<string, Runs> }> {
  const perCluster = new Map<string, Measured[]>();
  const totals = await repeat(reps, async () => {
    let total = 0;
    for (const [cluster, dir] of overlays) {
      const m = await kustomizeBuild(dir, join(out, `${cluster}.yaml`));
      perCluster.set(cluster, [...(perCluster.get(cluster) ?? []), m]);
      total += m.wallMs;
    }
    return total;
  });
  const peaks = [...perCluster.values()].flat().map((m) => m.peakMiB).filter((p): p is number => p !== null);
  return {
    runs: { ms: median(totals), peakMiB: peaks.length > 0 ? Math.max(...peaks) : null },
    perCluster: new Map([...perCluster].map(([c, ms]) => [c, summarise(ms)])),
  };
}

function sameFleet(gitfedYaml: string, plan: Plan, out: string, overlays: Map<string, string>): Comparison {
  const gitfed = byCluster(gitfedYaml);
  let objects = 0;
  for (const cluster of Object.keys(plan.clusters)) {
    const theirs = overlays.has(cluster) ? objectsOf(readFileSync(join(out, `${cluster}.yaml`), 'utf8')) : new Map();
    const c = compareObjects(objectsOf(gitfed.get(cluster) ?? ''), theirs);
    if (!c.equal) return { ...c, difference: `${cluster}: ${c.difference ?? ''}` };
    objects += c.objects;
  }
  return { equal: true, objects };
}

async function measureSize(ctx: BenchContext, size: RenderSize, kustomizePoints: Point[]): Promise<SizeResult> {
  const { templates, clusters } = size;
  const dir = join(ctx.workDir, `render-${templates}-${clusters}`);
  const snapshot = generateRepo({ templates, clusters });
  writeFiles(join(dir, 'repo'), snapshot.files);
  ctx.log(`render T=${templates} C=${clusters}: in-process engine`);
  const engine = await repeat(Math.min(size.reps, 3), () => timed(() => renderSnapshot(snapshot).plan));
  const plan = engine[engine.length - 1]?.value as Plan;
  const objects = Object.values(plan.clusters).reduce((n, l) => n + l.length, 0);
  const gitfed = (args: string[], file?: string) => runOrThrow(process.execPath, [ctx.cli, 'render', join(dir, 'repo'), ...args], file ? { stdoutFile: file } : {});
  ctx.log(`render T=${templates} C=${clusters}: gitfed render --format json x${size.reps}`);
  const json = summarise(await repeat(size.reps, () => gitfed(['--format', 'json'])));
  ctx.log(`render T=${templates} C=${clusters}: gitfed render (yaml)${size.yamlFleet ? ` x${size.kustomize === 'fleet' ? size.reps : 1}` : ': skipped'}`);
  const yamlFile = join(dir, 'gitfed.yaml');
  const yaml = size.yamlFleet ? summarise(await repeat(size.kustomize === 'fleet' ? size.reps : 1, () => gitfed([], yamlFile))) : null;
  const name = medianCluster(plan);
  const clusterObjects = plan.clusters[name]?.length ?? 0;
  const nonEmpty = Object.entries(plan.clusters).filter(([, o]) => o.length > 0).length;
  const tree = size.kustomize === 'project' ? null : writeKustomizeTree(join(dir, 'kustomize'), templates, plan, size.kustomize === 'fleet' ? undefined : [name]);
  const out = join(dir, 'kustomize-out');
  mkdirSync(out, { recursive: true });
  ctx.log(`render T=${templates} C=${clusters}: gitfed render --cluster ${name} x${size.reps}`);
  const clusterFile = join(dir, `gitfed-${name}.yaml`);
  const gitfedCluster = summarise(await repeat(size.reps, () => gitfed(['--cluster', name], clusterFile)));
  let fleet: SizeResult['kustomizeFleet'] = null;
  let kCluster: Runs | null = null;
  if (tree && size.kustomize === 'fleet') {
    ctx.log(`render T=${templates} C=${clusters}: kubectl kustomize, ${tree.overlays.size} overlays x${size.kustomizeReps}`);
    const k = await kustomizeFleet(tree.overlays, out, size.kustomizeReps);
    fleet = { ...k.runs, same: sameFleet(readFileSync(yamlFile, 'utf8'), plan, out, tree.overlays) };
    kCluster = k.perCluster.get(name) ?? null;
    for (const [c, runs] of k.perCluster) kustomizePoints.push({ objects: plan.clusters[c]?.length ?? 0, ms: runs.ms });
  } else if (tree && size.kustomize === 'cluster') {
    ctx.log(`render T=${templates} C=${clusters}: kubectl kustomize ${name} (${clusterObjects} objects)`);
    kCluster = summarise(await repeat(size.kustomizeReps, () => kustomizeBuild(tree.overlays.get(name) ?? '', join(out, `${name}.yaml`))));
    kustomizePoints.push({ objects: clusterObjects, ms: kCluster.ms });
  }
  const same = kCluster ? compareObjects(objectsOf(readFileSync(clusterFile, 'utf8')), objectsOf(readFileSync(join(out, `${name}.yaml`), 'utf8'))) : null;
  const fit = kCluster ? null : fitPowerLaw(kustomizePoints);
  const projectedMs = fit ? project(fit, clusterObjects) : null;
  return {
    size, objects, overlays: nonEmpty, engineMs: median(engine.map((e) => e.ms)), json, yaml, kustomizeFleet: fleet,
    cluster: { name, objects: clusterObjects, gitfed: gitfedCluster, kustomize: kCluster, projectedMs, fit, same },
  };
}

function sameText(c: Comparison | null): string {
  if (!c) return 'n/a';
  return c.equal ? `yes (${c.objects})` : `NO: ${c.difference ?? ''}`;
}

function tables(results: readonly SizeResult[]): Table[] {
  const tc = (r: SizeResult) => [r.size.templates, r.size.clusters];
  return [{
    title: 'gitfed render, whole fleet (CLI wall time incl. Node start; engine = in-process load + render)',
    columns: ['T', 'C', 'objects', 'engine', 'render --format json', 'peak', 'render (yaml)', 'peak', 'runs'],
    rows: results.map((r) => [...tc(r), r.objects, fmtMs(r.engineMs), fmtMs(r.json.ms), fmtMiB(r.json.peakMiB), r.yaml ? fmtMs(r.yaml.ms) : 'skipped', fmtMiB(r.yaml?.peakMiB ?? null), r.size.reps]),
  }, {
    title: 'whole fleet: kubectl kustomize (every overlay, one after the other) vs gitfed render (yaml)',
    columns: ['T', 'C', 'overlays', 'kustomize', 'peak', 'gitfed', 'peak', 'kustomize/gitfed', 'same content'],
    rows: results.filter((r) => r.kustomizeFleet).map((r) => [
      ...tc(r), r.overlays, fmtMs(r.kustomizeFleet?.ms ?? null), fmtMiB(r.kustomizeFleet?.peakMiB ?? null), fmtMs(r.yaml?.ms ?? null), fmtMiB(r.yaml?.peakMiB ?? null),
      fmtRatio(ratio(r.kustomizeFleet?.ms, r.yaml?.ms)), sameText(r.kustomizeFleet?.same ?? null),
    ]),
  }, {
    title: 'one cluster (the median-sized overlay): kubectl kustomize DIR vs gitfed render --cluster NAME (renders the whole fleet)',
    columns: ['T', 'C', 'cluster', 'objects', 'kustomize', 'peak', 'gitfed', 'peak', 'kustomize/gitfed', 'same content'],
    rows: results.map((r) => {
      const c = r.cluster;
      const k = c.kustomize ? fmtMs(c.kustomize.ms) : c.projectedMs !== null ? `~${fmtMs(c.projectedMs)} (projected)` : 'n/a';
      const x = ratio(c.kustomize?.ms ?? c.projectedMs, c.gitfed.ms);
      return [...tc(r), c.name, c.objects, k, fmtMiB(c.kustomize?.peakMiB ?? null), fmtMs(c.gitfed.ms), fmtMiB(c.gitfed.peakMiB), c.kustomize ? fmtRatio(x) : `~${fmtRatio(x)}`, sameText(c.same)];
    }),
  }];
}

function ratios(results: readonly SizeResult[]): Ratio[] {
  return results.flatMap((r) => {
    const at = `T=${r.size.templates} C=${r.size.clusters}`;
    const out: Ratio[] = [];
    if (r.kustomizeFleet) out.push({ label: `render ${at}, whole fleet: kustomize / gitfed`, value: ratio(r.kustomizeFleet.ms, r.yaml?.ms) });
    const c = r.cluster;
    if (c.kustomize) out.push({ label: `render ${at}, one cluster: kustomize / gitfed`, value: ratio(c.kustomize.ms, c.gitfed.ms) });
    else if (c.projectedMs !== null && c.fit) {
      const note = `kustomize projected: ms = ${c.fit.scale.toPrecision(3)} x objects^${c.fit.exponent.toFixed(2)}, fitted on this run's ${c.fit.points} overlays of 500+ objects; --exhaustive builds it`;
      out.push({ label: `render ${at}, one cluster: kustomize / gitfed`, value: ratio(c.projectedMs, c.gitfed.ms), note });
    }
    return out;
  });
}

export const renderScenario: Scenario = {
  name: 'render',
  summary: 'gitfed render vs kubectl kustomize over equivalent per-cluster overlays (time, peak memory, same content)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const kustomizePoints: Point[] = [];
    const results: SizeResult[] = [];
    for (const size of sizes(ctx)) results.push(await measureSize(ctx, size, kustomizePoints));
    const notes = [
      'kustomize is given the placement (which apps and how many replicas per cluster) from gitfed\'s plan: it has no notion of it; a team would keep those numbers by hand.',
    ];
    if (results.some((r) => r.size.kustomize === 'project')) notes.push('T=5000 C=100: one kustomize overlay of that size takes half a minute or more, so it is projected from the overlays built before; --exhaustive builds it.');
    return { tables: tables(results), ratios: ratios(results), notes, raw: results };
  },
};
