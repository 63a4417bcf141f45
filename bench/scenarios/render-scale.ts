import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterName } from '../generate-repo.js';
import { fleetScaleObjects, generateFleetScale } from '../generate-fleet-scale.js';
import { kustomizeBuild } from '../kubectl-bin.js';
import { writeFleetScaleKustomize } from '../kustomize-fleet-scale.js';
import { fmtMiB, fmtMs, fmtRatio, ratio } from '../format.js';
import { median, repeat, runMeasured, runOrThrow, type Measured } from '../measure.js';
import { compareObjects, objectsOf, type Comparison } from '../same-content.js';
import type { BenchContext, Ratio, Scenario, ScenarioResult, Table } from '../scenario.js';
import { writeFiles } from '../write-files.js';
import { filesFloor } from '../files-floor.js';

/** ScaleSize is one repository of generate-fleet-scale.ts and how much of it is measured. */
interface ScaleSize {
  templates: number;
  clusters: number;
  reps: number;
  /** the gitfed modes to run (the 2-million-object size runs --out only) */
  modes: readonly Mode[];
  /** how many cluster overlays kustomize builds; the fleet's time is their median times the clusters */
  kustomizeSample: number;
}

type Mode = 'json' | 'yaml' | 'out objects' | 'out clusters' | 'plan';

const ARGS: Readonly<Record<Mode, (out: string) => string[]>> = {
  json: () => ['--format', 'json'],
  yaml: () => ['--format', 'yaml'],
  'out objects': (out) => ['--out', out],
  'out clusters': (out) => ['--out', out, '--out-layout', 'cluster'],
  plan: () => ['--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'],
};

const ALL: readonly Mode[] = ['json', 'yaml', 'out objects', 'out clusters', 'plan'];

/**
 * oneLineChange makes the repository a Git repository of two commits, the second changing one image tag in one
 * apps file: what `gitfed plan --base HEAD~1 --head HEAD` compares (a pull request that bumps one app).
 */
function oneLineChange(repo: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: repo, stdio: 'pipe' });
  rmSync(join(repo, '.git'), { recursive: true, force: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const file = join(repo, 'apps', 'chunk-0.yaml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/image: (\S+)/, 'image: $1-bumped'));
  git('commit', '-qam', 'one line');
}

/** runMode runs one gitfed command of the scenario; plan exits 1 when the head changes something, as it does here. */
async function runMode(ctx: BenchContext, mode: Mode, repo: string, outDir: string): Promise<Measured> {
  if (mode !== 'plan') return runOrThrow(process.execPath, [ctx.cli, 'render', repo, ...ARGS[mode](outDir)], { timeoutMs: 3_600_000 });
  const m = await runMeasured(process.execPath, [ctx.cli, 'plan', repo, ...ARGS.plan(outDir)], { timeoutMs: 3_600_000 });
  if (m.code !== 1) throw new Error(`gitfed plan exited with ${m.code}, not 1 (changes): ${m.stderr.slice(0, 2000)}`);
  return m;
}

function sizes(ctx: BenchContext): ScaleSize[] {
  if (ctx.quick) return [{ templates: 30, clusters: 4, reps: 1, modes: ALL, kustomizeSample: 1 }];
  const reps = Number(process.env.BENCH_RENDER_SCALE_REPS ?? 3);
  const out: ScaleSize[] = [{ templates: 1000, clusters: 100, reps, modes: ALL, kustomizeSample: 3 }];
  // 2 million objects: one multi-document file per cluster (a file per object is 2 million files, a test of the disk)
  if (ctx.exhaustive || process.env.BENCH_RENDER_SCALE_2M === '1') out.push({ templates: 1000, clusters: 1000, reps: 1, modes: ['out clusters'], kustomizeSample: 0 });
  return out;
}

interface Runs { ms: number; peakMiB: number | null; runs: number }

function summarise(runs: readonly Measured[]): Runs {
  const peaks = runs.map((r) => r.peakMiB).filter((p): p is number => p !== null);
  return { ms: median(runs.map((r) => r.wallMs)), peakMiB: peaks.length > 0 ? Math.max(...peaks) : null, runs: runs.length };
}

interface SizeResult {
  size: ScaleSize;
  objects: number;
  gitfed: Partial<Record<Mode, Runs>>;
  /** the same files as `--out` per object, created by a process doing nothing else: the disk's share (files-floor.ts) */
  floor?: Runs & { files: number };
  kustomize: { perOverlay: Runs; fleetMs: number; sampled: string[]; same: Comparison } | null;
}

async function measureSize(ctx: BenchContext, size: ScaleSize): Promise<SizeResult> {
  const { templates, clusters } = size;
  const dir = join(ctx.workDir, `scale-${templates}-${clusters}`);
  writeFiles(join(dir, 'repo'), generateFleetScale({ templates, clusters }).files);
  const gitfed: SizeResult['gitfed'] = {};
  // every run writes a directory of its own and none is deleted until the runner's end: on an ext4 without a
  // journal, files created within minutes of deleting many others cost the kernel several times more (it skips
  // recently freed inodes one by one), which measured the previous run's deletion instead of the render
  let outDirs = 0;
  let clusterFiles = '';
  let objectFiles = '';
  for (const mode of size.modes.filter((m) => m !== 'plan')) {
    ctx.log(`T=${templates} C=${clusters}: gitfed ${commandOf(mode)} x${size.reps}`);
    gitfed[mode] = summarise(await repeat(size.reps, async () => {
      const outDir = join(dir, `out-${outDirs++}`);
      // the per-cluster files of the last run are what kustomize's output is compared with
      if (mode === 'out clusters') clusterFiles = outDir;
      if (mode === 'out objects') objectFiles = outDir;
      return runMode(ctx, mode, join(dir, 'repo'), outDir);
    }));
  }
  let floor: SizeResult['floor'];
  if (objectFiles !== '') {
    ctx.log(`T=${templates} C=${clusters}: the same files created by a plain loop (the disk's floor)`);
    const m = await filesFloor(objectFiles, join(dir, 'floor'));
    floor = { ...summarise([m]), files: m.files };
  }
  // after every render: the plan's one-line commit changes the repository the renders read
  if (size.modes.includes('plan')) {
    oneLineChange(join(dir, 'repo'));
    ctx.log(`T=${templates} C=${clusters}: gitfed ${commandOf('plan')} x${size.reps}`);
    gitfed.plan = summarise(await repeat(size.reps, () => runMode(ctx, 'plan', join(dir, 'repo'), '')));
  }
  const measured = { size, objects: fleetScaleObjects(size), gitfed, ...(floor ? { floor } : {}) };
  if (size.kustomizeSample === 0) return { ...measured, kustomize: null };
  // the sample is spread over the fleet; gitfed's per-cluster files of the last run are the content to compare
  const sample = Array.from({ length: size.kustomizeSample }, (_, k) => Math.floor((k * clusters) / size.kustomizeSample));
  const overlays = writeFleetScaleKustomize(join(dir, 'kustomize'), templates, sample);
  const kOut = join(dir, 'kustomize-out');
  mkdirSync(kOut, { recursive: true });
  const runs: Measured[] = [];
  let same: Comparison = { equal: true, objects: 0 };
  for (const [cluster, overlay] of overlays) {
    ctx.log(`T=${templates} C=${clusters}: kubectl kustomize ${cluster}`);
    runs.push(await kustomizeBuild(overlay, join(kOut, `${cluster}.yaml`)));
    if (!same.equal || !size.modes.includes('out clusters')) continue;
    const c = compareObjects(objectsOf(readFileSync(join(clusterFiles, `${cluster}.yaml`), 'utf8')), objectsOf(readFileSync(join(kOut, `${cluster}.yaml`), 'utf8')));
    same = c.equal ? { equal: true, objects: same.objects + c.objects } : { ...c, difference: `${cluster}: ${c.difference ?? ''}` };
  }
  const perOverlay = summarise(runs);
  return { ...measured, kustomize: { perOverlay, fleetMs: perOverlay.ms * clusters, sampled: [...overlays.keys()], same } };
}

/** commandOf is how a mode is run, for the logs and the table. */
function commandOf(mode: Mode): string {
  return mode === 'plan' ? `plan ${ARGS.plan('DIR').join(' ')} (one-line change)` : `render ${ARGS[mode]('DIR').join(' ')}`;
}

function tables(results: readonly SizeResult[]): Table[] {
  return [{
    title: 'gitfed render of the issue-21 repository (CLI wall time incl. Node start, peak RSS of the child from GNU time) vs kubectl kustomize per overlay, extrapolated to the fleet',
    columns: ['T', 'C', 'objects', 'command', 'wall', 'peak RSS', 'runs', 'kustomize fleet (extrapolated)', 'kustomize/gitfed'],
    rows: results.flatMap((r) => [
      ...Object.entries(r.gitfed).map(([mode, runs]) => [
        r.size.templates, r.size.clusters, r.objects, commandOf(mode as Mode), fmtMs(runs.ms), fmtMiB(runs.peakMiB), runs.runs,
        r.kustomize && mode !== 'plan' ? fmtMs(r.kustomize.fleetMs) : 'n/a', mode === 'plan' ? '' : fmtRatio(ratio(r.kustomize?.fleetMs, runs.ms)),
      ]),
      ...(r.floor ? [[r.size.templates, r.size.clusters, r.floor.files, 'the same files by a plain writeFileSync loop, nothing rendered (the disk\'s floor)', fmtMs(r.floor.ms), fmtMiB(r.floor.peakMiB), 1,
        r.kustomize ? fmtMs(r.kustomize.fleetMs) : 'n/a', fmtRatio(ratio(r.kustomize?.fleetMs, r.floor.ms))]] : []),
      ...(r.kustomize ? [[r.size.templates, r.size.clusters, r.objects / r.size.clusters, `kubectl kustomize, per overlay (${r.kustomize.sampled.length} sampled)`,
        fmtMs(r.kustomize.perOverlay.ms), fmtMiB(r.kustomize.perOverlay.peakMiB), r.kustomize.sampled.length, '', r.kustomize.same.equal ? `same content (${r.kustomize.same.objects})` : `NO: ${r.kustomize.same.difference ?? ''}`]] : []),
    ]),
  }];
}

function ratios(results: readonly SizeResult[]): Ratio[] {
  return results.flatMap((r) => Object.entries(r.gitfed).filter(([mode]) => r.kustomize && mode !== 'plan').map(([mode, runs]) => ({
    label: `render-scale T=${r.size.templates} C=${r.size.clusters} ${mode}: kustomize / gitfed`,
    value: ratio(r.kustomize?.fleetMs, runs.ms),
    note: `kustomize extrapolated: median of ${r.kustomize?.sampled.length ?? 0} overlays x ${r.size.clusters}`,
  })));
}

export const renderScaleScenario: Scenario = {
  name: 'render-scale',
  summary: 'gitfed render (json, yaml, --out per object and per cluster) of 1,000 apps x 100 clusters with per-cluster overrides vs kubectl kustomize, and gitfed plan of a one-line change',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const results: SizeResult[] = [];
    for (const size of sizes(ctx)) results.push(await measureSize(ctx, size));
    const notes = [
      'kustomize builds a sample of the cluster overlays (spread over the fleet); the fleet figure is their median times the number of clusters: 100 overlays take about a quarter of an hour.',
      `the 2-million-object size (T=1000 C=1000, --out --out-layout cluster only) runs with --exhaustive or BENCH_RENDER_SCALE_2M=1 (clusters ${clusterName(0)}..${clusterName(999)}).`,
    ];
    return { tables: tables(results), ratios: ratios(results), notes, raw: results };
  },
};
