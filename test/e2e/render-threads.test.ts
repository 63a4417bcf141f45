import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, runCli, tempRepo } from '../helpers/cli.js';
import { clusterDocs } from '../helpers/builders.js';
import { readDirectorySnapshot } from '../../src/git/directory-source.js';
import { streamSnapshot } from '../../src/render/index.js';
import { outputsOf, writeJson, writeOut, writeYaml, type OutputSpec, type Write } from '../../src/cli/render-output.js';
import { startParts } from '../../src/cli/render-threads.js';

const NAMES = ['b', 'a', '"7"', 'c', 'd', 'e', 'f', 'g', 'h'];

const CPP = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}, {apiVersion: apps/v1, kind: Deployment}]
  placement:
    clusterAffinity: {clusterNames: [b, a, "7", c, d, e, f, g]}
    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference: {staticWeightList: [{targetCluster: {clusterNames: [b, a, "7", c, d, e, f, g]}, weight: 1}]}
`;

// a label per cluster on some, shared variants on the others, and an override that fails on b and f: warnings
// found only while those clusters are built, by whichever thread builds them
const COP = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: per-cluster}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]
  overrideRules:
    - targetCluster: {clusterNames: [a, c]}
      overriders: {labelsOverrider: [{operator: add, value: {side: left}}]}
    - targetCluster: {clusterNames: [b, f]}
      overriders: {plaintext: [{path: /data/missing/deeper, operator: replace, value: x}]}
`;

const configMaps = (n: number, pad = '') => Array.from({ length: n }, (_, i) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: default}\ndata: {k: "${i}", v: "${pad}"}\n`).join('---\n');

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 10
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27"}]}
`;

const repo = () => tempRepo({ 'clusters.yaml': clusterDocs(NAMES), 'cpp.yaml': CPP, 'cop.yaml': COP, 'apps/cms.yaml': configMaps(12), 'apps/web.yaml': DEPLOY }, 'gitfed-threads-');

/** tree maps every file under dir to its text. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, tree(path, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(path, 'utf8');
  }
  return out;
}

describe('gitfed render --threads: the same output on any number of threads', () => {
  const dir = repo();

  it('the repository has warnings from two clusters, an empty cluster and a numeric name', () => {
    const r = runCli(['render', dir, '--format', 'json', '--threads', '1']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { clusters: Record<string, unknown[]>; diagnostics: { message: string }[] };
    expect(Object.keys(plan.clusters)).toEqual(['7', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(plan.clusters.h).toEqual([]);
    const dropped = plan.diagnostics.map((d) => d.message).filter((m) => m.includes('is not rendered for cluster'));
    expect(dropped.filter((m) => m.endsWith('cluster b') || m.includes('cluster b:'))).toHaveLength(12);
    expect(dropped.filter((m) => m.includes('cluster f:'))).toHaveLength(12);
  });

  it.each([
    ['json', 2], ['json', 3], ['json', 5], ['yaml', 2], ['yaml', 4],
  ])('%s on %i threads: stdout and stderr byte for byte those of one thread', (format, threads) => {
    const one = runCli(['render', dir, '--format', format, '--threads', '1']);
    const many = runCli(['render', dir, '--format', format, '--threads', String(threads)]);
    expect(many.code).toBe(0);
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toBe(one.stderr);
    expect(one.stderr).toContain('is not rendered for cluster f');
  });

  it('--cluster on 3 threads: that cluster, and the whole plan\'s warnings', () => {
    const one = runCli(['render', dir, '--format', 'json', '--cluster', 'c', '--threads', '1']);
    const many = runCli(['render', dir, '--format', 'json', '--cluster', 'c', '--threads', '3']);
    expect(many.stdout).toBe(one.stdout);
    expect(Object.keys((JSON.parse(many.stdout) as { clusters: object }).clusters)).toEqual(['c']);
    expect(many.stderr).toBe(one.stderr);
  });

  it.each(['object', 'cluster'])('--out --out-layout %s on 3 threads writes the same files', (layout) => {
    const [one, many] = [1, 3].map((threads) => {
      const out = join(mkdtempSync(join(tmpdir(), 'gitfed-threads-out-')), 'out');
      const r = runCli(['render', dir, '--out', out, '--out-layout', layout, '--threads', String(threads)]);
      expect(r.code).toBe(0);
      return { files: tree(out), stderr: r.stderr.replace(out, 'OUT') };
    });
    expect(many?.files).toEqual(one?.files);
    expect(Object.keys(one?.files ?? {}).length).toBe(layout === 'cluster' ? 9 : 8 * 13 - 2 * 12);
    expect(many?.stderr).toBe(one?.stderr.replace('to OUT', 'to OUT on 3 threads'));
  });
});

describe('startParts: threads that each took clusters (the main thread waits for them) give the one-thread output', () => {
  // the script the CLI runs, built by the global setup from these sources
  const script = pathToFileURL(resolve('dist/cli/render-worker.js'));
  const dir = repo();

  /** render writes dir's render with spec on `threads` threads (1: this thread alone) and returns what it printed. */
  async function render(spec: OutputSpec, threads: number): Promise<string> {
    const snapshot = await readDirectorySnapshot(dir);
    const parts = threads > 1 ? startParts(snapshot, spec, undefined, threads, { script, waitForThreads: true }) : undefined;
    const stream = streamSnapshot(snapshot);
    const outputs = parts ? parts.outputs(stream) : outputsOf(stream, spec, undefined);
    let text = '';
    const write: Write = async (chunk) => { text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'); };
    if (spec.to === 'json') await writeJson(stream, outputs, write);
    else if (spec.to === 'yaml') await writeYaml(outputs, write);
    else text = JSON.stringify(await writeOut(outputs, undefined));
    return `${text}\n${JSON.stringify(outputs.diagnostics())}`;
  }

  it.each([['json', 2], ['json', 3], ['yaml', 3], ['yaml', 4]] as const)('%s on %i threads', async (to, threads) => {
    expect(await render({ to }, threads)).toBe(await render({ to }, 1));
  });

  it.each([['object', 3], ['cluster', 3], ['cluster', 5]] as const)('--out-layout %s on %i threads', async (layout, threads) => {
    const outs = [1, threads].map(() => join(mkdtempSync(join(tmpdir(), 'gitfed-parts-')), 'out'));
    const said = await Promise.all([1, threads].map((n, i) => render({ to: 'out', dir: outs[i] as string, layout }, n)));
    expect(said[1]).toBe(said[0]);
    expect(tree(outs[1] as string)).toEqual(tree(outs[0] as string));
  });

  it('a thread that cannot write fails the render with its error (the first cluster is a thread\'s: it took it before this one started)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gitfed-parts-')), 'out');
    mkdirSync(out);
    writeFileSync(join(out, '7'), 'in the way\n');
    await expect(render({ to: 'out', dir: out, layout: 'object' }, 3)).rejects.toThrow(`EEXIST: file already exists, mkdir '${join(out, '7')}'`);
  });
});

describe('gitfed render --threads: errors', () => {
  it('a repository with errors: exit 2, the same diagnostics as on one thread, nothing written', () => {
    const dir = tempRepo({ 'clusters.yaml': clusterDocs(NAMES), 'cpp.yaml': CPP.replace('Weighted', 'Sideways'), 'apps/cms.yaml': configMaps(3) }, 'gitfed-threads-');
    const out = join(mkdtempSync(join(tmpdir(), 'gitfed-threads-out-')), 'out');
    const one = runCli(['render', dir, '--format', 'json', '--threads', '1']);
    const many = runCli(['render', dir, '--format', 'json', '--threads', '3']);
    expect(many.code).toBe(2);
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toBe(one.stderr);
    expect(runCli(['render', dir, '--out', out, '--threads', '3']).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown --cluster is a usage error, and no thread makes the output directory', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gitfed-threads-out-')), 'out');
    const r = runCli(['render', repo(), '--out', out, '--cluster', 'nope', '--threads', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--cluster nope');
    expect(existsSync(out)).toBe(false);
  });

  it.each([1, 3])('a cluster directory that cannot be made fails the render on %i threads, naming the path', (threads) => {
    const out = join(mkdtempSync(join(tmpdir(), 'gitfed-threads-out-')), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'e'), 'in the way\n');
    const r = runCli(['render', repo(), '--out', out, '--threads', String(threads)]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`EEXIST: file already exists, mkdir '${join(out, 'e')}'`);
  });

  it.each(['0', '-1', '1.5', 'two'])('--threads %s is a usage error', (value) => {
    const r = runCli(['render', repo(), '--threads', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--threads: must be a whole number from 1 up, got "${value}"`);
  });
});

describe('gitfed render picks its threads', () => {
  it('a repository of 256 KiB or more renders on as many threads as there are cores (up to 4), with the same output', () => {
    const dir = tempRepo({ 'clusters.yaml': clusterDocs(['a', 'b', 'c']), 'cpp.yaml': CPP.replaceAll('[b, a, "7", c, d, e, f, g]', '[a, b, c]'), 'apps/cms.yaml': configMaps(300, 'x'.repeat(900)) }, 'gitfed-threads-');
    const outs = ['auto', '1'].map((threads) => {
      const out = join(mkdtempSync(join(tmpdir(), 'gitfed-threads-out-')), 'out');
      const r = spawnSync(process.execPath, [CLI, 'render', dir, '--out', out, '--out-layout', 'cluster', ...(threads === '1' ? ['--threads', '1'] : [])], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      return { files: tree(out), stderr: r.stderr };
    });
    const cores = Math.min(availableParallelism(), 4);
    expect(outs[0]?.stderr).toMatch(cores > 1 ? new RegExp(`wrote 900 objects for 3 clusters to .* on ${cores} threads\\n$`) : /wrote 900 objects for 3 clusters to \S+\n$/);
    expect(outs[1]?.stderr).toMatch(/wrote 900 objects for 3 clusters to \S+\n$/);
    expect(outs[0]?.files).toEqual(outs[1]?.files);
  });

  it('a small repository renders on one thread', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gitfed-threads-out-')), 'out');
    const r = runCli(['render', repo(), '--out', out, '--out-layout', 'cluster']);
    expect(r.stderr).toMatch(/^wrote 80 objects for 9 clusters to \S+\n/m);
  });
});
