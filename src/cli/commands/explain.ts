import { openGitSource } from '../../git/git-source.js';
import { readDirectorySnapshot } from '../../git/directory-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import type { Plan } from '../../model/plan.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { TemplateTrace } from '../../model/trace.js';
import { hasErrors, renderOutage, renderSnapshot } from '../../render/index.js';
import type { CommandIO, ExitCode } from '../io.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import { outageClusters } from './plan.js';
import { explainText } from './explain-text.js';

/** ExplainOptions are the flags of `gitfed explain`. */
export interface ExplainOptions extends LimitFlags {
  format: 'text' | 'json';
  cluster?: string;
  ref?: string;
  path?: string;
  simulateOutage?: string;
}

/** snapshotOf reads the files at PATH, or the revision --ref of the Git repository there. */
async function snapshotOf(path: string, opts: ExplainOptions): Promise<Snapshot> {
  const limits = limitsOf(opts);
  if (opts.ref === undefined) {
    if (opts.path !== undefined) throw new GitfedError('UsageError', '--path', 'needs --ref: without it PATH itself is the directory read');
    return readDirectorySnapshot(path, limits);
  }
  return openGitSource({ repo: path, ref: opts.ref, limits, ...(opts.path ? { path: opts.path } : {}) }).snapshot();
}

/**
 * matchesTarget tells whether an object key (`apiVersion/kind/[namespace/]name`) is the object the user named:
 * the key itself, KIND/NAMESPACE/NAME or KIND/NAME (cluster-scoped), the kind in any letter case.
 */
export function matchesTarget(key: string, target: string): boolean {
  if (key === target) return true;
  const parts = target.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) return false;
  const keyParts = key.split('/');
  const tail = keyParts.slice(-parts.length);
  const apiVersion = keyParts.slice(0, -parts.length);
  // the rest must be an apiVersion (v1 or group/version), so that KIND/NAME never matches a namespaced key
  if (apiVersion.length < 1 || apiVersion.length > 2) return false;
  if (parts.length === 2 && apiVersion.length === 2 && !/^v\d/.test(apiVersion[1] ?? '')) return false;
  return tail[0]?.toLowerCase() === parts[0]?.toLowerCase() && tail.slice(1).join('/') === parts.slice(1).join('/');
}

/** tracesOf finds the object's traces (one per apiVersion that has that kind and name) or throws a usage error. */
function tracesOf(plan: Plan, target: string): TemplateTrace[] {
  const found = Object.entries(plan.trace?.templates ?? {}).filter(([key]) => matchesTarget(key, target)).map(([, t]) => t);
  if (found.length > 0) return found;
  throw new GitfedError('UsageError', target, 'no such resource template in the repository: name it KIND/NAMESPACE/NAME (e.g. Deployment/shop/web) or KIND/NAME when cluster-scoped (e.g. ClusterRole/shop-reader)');
}

/** onCluster keeps one cluster's verdict and overrides, after checking the cluster exists. */
function onCluster(trace: TemplateTrace, plan: Plan, cluster: string | undefined): TemplateTrace {
  if (cluster === undefined) return trace;
  if (!Object.hasOwn(plan.clusters, cluster)) {
    throw new GitfedError('UsageError', `--cluster ${cluster}`, `no such cluster in the repository (clusters: ${Object.keys(plan.clusters).join(', ') || 'none'})`);
  }
  return { ...trace, clusters: trace.clusters.filter((v) => v.cluster === cluster), overrides: trace.overrides.filter((o) => o.cluster === cluster) };
}

/** runExplain is `gitfed explain OBJECT [PATH]`: exit 0 explained, 2 no such object or cluster, or the repository has errors. */
export async function runExplain(target: string, path: string, opts: ExplainOptions, io: CommandIO): Promise<ExitCode> {
  const failed = outageClusters(opts.simulateOutage);
  const snapshot = await snapshotOf(path, opts);
  const { plan } = failed ? renderOutage(snapshot, failed, { trace: true }) : renderSnapshot(snapshot, undefined, undefined, undefined, { trace: true });
  for (const d of plan.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const traces = tracesOf(plan, target).map((t) => onCluster(t, plan, opts.cluster));
  if (opts.format === 'json') io.stdout(`${JSON.stringify({ revision: plan.revision, traces }, null, 2)}\n`);
  else io.stdout(traces.map(explainText).join('\n'));
  if (!hasErrors(plan)) return 0;
  io.stderr('the repository has errors: nothing of this revision would be applied\n');
  return 2;
}
