import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { readDirectorySnapshot } from '../../git/directory-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import type { RepoLimits } from '../../model/limits.js';
import type { Plan } from '../../model/plan.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import { hasErrors, renderSnapshot } from '../../render/index.js';
import type { CommandIO, ExitCode } from '../io.js';
import { fileNameOf, toYamlStream } from '../output.js';

/** RenderOptions are the flags of `gitfed render`. */
export interface RenderOptions extends LimitFlags {
  format: 'yaml' | 'json';
  cluster?: string;
  out?: string;
}

/** renderPath loads and renders a repository directory within the operator's limits. */
export async function renderPath(path: string, limits?: RepoLimits): Promise<Plan> {
  return renderSnapshot(await readDirectorySnapshot(path, limits)).plan;
}

function selectCluster(plan: Plan, name: string | undefined): Plan['clusters'] {
  if (name === undefined) return plan.clusters;
  const objects = plan.clusters[name];
  if (!objects) {
    const known = Object.keys(plan.clusters).join(', ') || 'none';
    throw new GitfedError('UsageError', `--cluster ${name}`, `no such cluster in the repository (clusters: ${known})`);
  }
  return { [name]: objects };
}

/** inside resolves `parts` under `dir` and refuses any path that would land outside it. */
function inside(dir: string, ...parts: string[]): string {
  const root = resolve(dir);
  const path = resolve(root, ...parts);
  // each part is one path segment: a name with a separator could climb out of, or hide below, its directory
  if (parts.some((p) => p.includes('/') || p.includes(sep)) || path === root || !path.startsWith(`${root}${sep}`)) {
    throw new GitfedError('InvalidInput', join(...parts), `would be written outside the output directory ${dir}; nothing is written there`);
  }
  return path;
}

async function writeOut(dir: string, clusters: Plan['clusters'], io: CommandIO): Promise<void> {
  // every path is checked before the first write, so a refused name leaves the directory untouched
  const files = Object.entries(clusters).flatMap(([name, objects]) => objects.map((o) => ({ path: inside(dir, name, fileNameOf(o)), o })));
  for (const name of Object.keys(clusters)) await mkdir(inside(dir, name), { recursive: true });
  let count = 0;
  for (const f of files) {
    await writeFile(f.path, toYamlStream([f.o]));
    count++;
  }
  io.stderr(`wrote ${count} objects for ${Object.keys(clusters).length} clusters to ${dir}\n`);
}

/** runRender is `gitfed render [PATH]`: exit 0, or 2 when any diagnostic is an error (then nothing is rendered). */
export async function runRender(path: string, opts: RenderOptions, io: CommandIO): Promise<ExitCode> {
  const plan = await renderPath(path, limitsOf(opts));
  for (const d of plan.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (hasErrors(plan)) {
    if (opts.format === 'json') io.stdout(`${JSON.stringify({ ...plan, clusters: {}, bindings: [] }, null, 2)}\n`);
    return 2;
  }
  const clusters = selectCluster(plan, opts.cluster);
  if (opts.out) await writeOut(opts.out, clusters, io);
  else if (opts.format === 'json') io.stdout(`${JSON.stringify({ ...plan, clusters }, null, 2)}\n`);
  else io.stdout(Object.entries(clusters).map(([name, objects]) => `# cluster: ${name}\n${toYamlStream(objects)}`).join(''));
  return 0;
}
