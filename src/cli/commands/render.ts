import { readDirectorySnapshot } from '../../git/directory-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import type { RepoLimits } from '../../model/limits.js';
import type { Plan } from '../../model/plan.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import { renderSnapshot, streamSnapshot } from '../../render/index.js';
import type { CommandIO, ExitCode } from '../io.js';
import { writeJson, writeOut, writeYaml, type OutLayout, type Write } from '../render-output.js';

/** RenderOptions are the flags of `gitfed render`. */
export interface RenderOptions extends LimitFlags {
  format: 'yaml' | 'json';
  cluster?: string;
  out?: string;
  /** `--out` layout: a file per object (default) or one multi-document file per cluster */
  outLayout?: OutLayout;
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

/** stdoutWriter awaits the command's stdout when it can say when there is room (a pipe), else writes at once. */
function stdoutWriter(io: CommandIO): Write {
  return io.stdoutDrained ?? ((chunk) => Promise.resolve(io.stdout(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))));
}

/**
 * runRender is `gitfed render [PATH]`: exit 0, or 2 when any diagnostic is an error (then nothing is rendered).
 * Output streams: each cluster's objects are built, written and let go before the next cluster's.
 */
export async function runRender(path: string, opts: RenderOptions, io: CommandIO): Promise<ExitCode> {
  const stream = streamSnapshot(await readDirectorySnapshot(path, limitsOf(opts)));
  const before = stream.placementDiagnostics;
  if (before.some((d) => d.severity === 'error')) {
    // the plan's diagnostics include the templates dropped on a cluster: build every cluster, print none
    for (const name of stream.clusterNames) stream.objectsOf(name);
    const diagnostics = stream.diagnostics();
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    if (opts.format === 'json') io.stdout(`${JSON.stringify({ revision: stream.revision, clusters: {}, bindings: [], diagnostics }, null, 2)}\n`);
    return 2;
  }
  for (const d of before) io.stderr(`${formatDiagnostic(d)}\n`);
  knownCluster(stream.clusterNames, opts.cluster);
  if (opts.out) {
    const wrote = await writeOut(opts.out, stream, opts.cluster, opts.outLayout ?? 'object');
    io.stderr(`wrote ${wrote.objects} objects for ${wrote.clusters} clusters to ${opts.out}\n`);
  } else if (opts.format === 'json') await writeJson(stream, opts.cluster, stdoutWriter(io));
  else await writeYaml(stream, opts.cluster, stdoutWriter(io));
  // the templates dropped on a cluster are known once every cluster is built
  for (const d of stream.diagnostics().slice(before.length)) io.stderr(`${formatDiagnostic(d)}\n`);
  return 0;
}
