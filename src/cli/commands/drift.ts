import { formatDiagnostic } from '../../model/diagnostic.js';
import { driftOnce, type DriftResult } from '../../reconcile/drift-once.js';
import { readSource } from '../../reconcile/source.js';
import { formatDriftTable } from '../drift-output.js';
import type { CommandIO, ExitCode } from '../io.js';
import { kubeconfigConnect } from './reconcile.js';

/** DriftCliOptions are the flags of `gitfed drift`. */
export interface DriftCliOptions {
  repo: string;
  ref?: string;
  path?: string;
  kubeconfig: string;
  format: 'table' | 'json';
  cacheDir?: string;
  clusterTimeout: string;
  concurrency: string;
}

/** driftExitCode: 2 when the commit does not render or a cluster could not be checked, 1 drift, 0 in sync. */
export function driftExitCode(result: DriftResult): ExitCode {
  if (result.outcome === 'render-failed' || result.clusters.some((c) => c.error !== undefined)) return 2;
  return result.clusters.some((c) => c.objects.length > 0) ? 1 : 0;
}

/** runDrift is `gitfed drift`: compares every cluster with the plan and writes nothing to any cluster. */
export async function runDrift(opts: DriftCliOptions, io: CommandIO): Promise<ExitCode> {
  const connect = await kubeconfigConnect(opts.kubeconfig);
  const snapshot = await readSource(opts);
  const result = await driftOnce(snapshot, connect, {
    clusterTimeoutMs: Number(opts.clusterTimeout) * 1000,
    concurrency: Number(opts.concurrency),
  });
  for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (opts.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.outcome === 'checked') io.stdout(formatDriftTable(result));
  if (result.outcome === 'render-failed') io.stderr('the commit does not render: no cluster was checked\n');
  return driftExitCode(result);
}
