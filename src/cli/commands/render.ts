import { readDirectorySnapshot } from '../../git/directory-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import type { RepoLimits } from '../../model/limits.js';
import type { Plan } from '../../model/plan.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import { renderSnapshot, streamSnapshot, type RenderStream } from '../../render/index.js';
import type { CommandIO, ExitCode } from '../io.js';
import { outputsOf, specOf, writeJson, writeOut, writeYaml, type OutLayout, type Write } from '../render-output.js';
import { startParts, threadsFor } from '../render-threads.js';
import { boundHeapGrowth } from '../heap-growth.js';

/** RenderOptions are the flags of `gitfed render`. */
export interface RenderOptions extends LimitFlags {
  format: 'yaml' | 'json';
  cluster?: string;
  out?: string;
  /** `--out` layout: a file per object (default) or one multi-document file per cluster */
  outLayout?: OutLayout;
  /** how many threads render (default: several for a large repository, see threadsFor) */
  threads?: string;
}

/** renderPath loads and renders a repository directory within the operator's limits. */
export async function renderPath(path: string, limits?: RepoLimits): Promise<Plan> {
  return renderSnapshot(await readDirectorySnapshot(path, limits)).plan;
}

/** knownCluster refuses a --cluster that names no cluster of the repository, before anything is written. */
function knownCluster(names: readonly string[], name: string | undefined): void {
  if (name === undefined || names.includes(name)) return;
  throw new GitfedError('UsageError', `--cluster ${name}`, `no such cluster in the repository (clusters: ${names.join(', ') || 'none'})`);
}

/** threadsFlag reads `--threads`: a whole number from 1 up. */
function threadsFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new GitfedError('UsageError', '--threads', `must be a whole number from 1 up, got "${text}"`);
  return n;
}

/** stdoutWriter awaits the command's stdout when it can say when there is room (a pipe), else writes at once. */
function stdoutWriter(io: CommandIO): Write {
  return io.stdoutDrained ?? ((chunk) => Promise.resolve(io.stdout(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))));
}

/**
 * runRender is `gitfed render [PATH]`: exit 0, or 2 when any diagnostic is an error (then nothing is rendered).
 * Output streams: each cluster's objects are built, written and let go before the next cluster's. A large
 * repository renders on several threads, each loading it and building its share of the clusters (startParts).
 */
export async function runRender(path: string, opts: RenderOptions, io: CommandIO): Promise<ExitCode> {
  boundHeapGrowth();
  const snapshot = await readDirectorySnapshot(path, limitsOf(opts));
  const spec = specOf(opts);
  const threads = threadsFor(threadsFlag(opts.threads), snapshot, spec);
  const parts = threads > 1 ? startParts(snapshot, spec, opts.cluster, threads) : undefined;
  try {
    const stream = streamSnapshot(snapshot);
    const before = stream.placementDiagnostics;
    if (before.some((d) => d.severity === 'error')) return refuse(stream, opts, io);
    for (const d of before) io.stderr(`${formatDiagnostic(d)}\n`);
    knownCluster(stream.clusterNames, opts.cluster);
    const outputs = parts ? parts.outputs(stream) : outputsOf(stream, spec, opts.cluster);
    if (opts.out) {
      const wrote = await writeOut(outputs, opts.cluster);
      io.stderr(`wrote ${wrote.objects} objects for ${wrote.clusters} clusters to ${opts.out}${threads > 1 ? ` on ${threads} threads` : ''}\n`);
    } else if (opts.format === 'json') await writeJson(stream, outputs, stdoutWriter(io));
    else await writeYaml(outputs, stdoutWriter(io));
    // the templates dropped on a cluster are known once every cluster is built
    for (const d of outputs.diagnostics().slice(before.length)) io.stderr(`${formatDiagnostic(d)}\n`);
    return 0;
  } finally {
    await parts?.stop();
  }
}

/** refuse prints the diagnostics of a repository with errors, with the templates dropped on each cluster (every cluster is built, none printed). */
function refuse(stream: RenderStream, opts: RenderOptions, io: CommandIO): ExitCode {
  for (const name of stream.clusterNames) stream.objectsOf(name);
  const diagnostics = stream.diagnostics();
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (opts.format === 'json') io.stdout(`${JSON.stringify({ revision: stream.revision, clusters: {}, bindings: [], diagnostics }, null, 2)}\n`);
  return 2;
}
