import { statusReport } from '../../drift/status.js';
import type { ReconcileResult } from '../../model/reconcile-result.js';
import { limitsOf } from '../limit-flags.js';
import type { FleetCliOptions } from '../fleet-flags.js';
import { buildReporters, type StatusCliOptions } from '../status-options.js';
import { publish } from '../../drift/publish.js';
import { GitfedError } from '../../model/errors.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { driftOnce, type DriftResult } from '../../reconcile/drift-once.js';
import { appliedConfigSource, readSource } from '../../reconcile/source.js';
import { formatDriftTable } from '../drift-output.js';
import { fleetExitCode, withUnposted } from '../exit-codes.js';
import type { CommandIO, ExitCode } from '../io.js';
import { kubeconfigConnect } from './reconcile.js';

/** DriftCliOptions are the flags of `gitfed drift`. */
export interface DriftCliOptions extends StatusCliOptions, FleetCliOptions {}

/** driftExitCode: 2 the commit does not render, 3 no cluster could be reached, 1 drift or a cluster not checked, 0 in sync. */
export function driftExitCode(result: DriftResult): ExitCode {
  if (result.outcome === 'render-failed') return 2;
  return fleetExitCode(result.clusters.map((c) => c.error), result.clusters.some((c) => c.objects.length > 0));
}

/** runDrift is `gitfed drift`: compares every cluster with the plan and writes nothing to any cluster. */
export async function runDrift(opts: DriftCliOptions, io: CommandIO): Promise<ExitCode> {
  const reporters = buildReporters(opts);
  const connect = await kubeconfigConnect(opts.kubeconfig);
  const snapshot = await readSource({ ...opts, limits: limitsOf(opts) });
  if (reporters.length > 0 && !snapshot.revision) throw new GitfedError('UsageError', '--status', 'commit statuses need a Git repository: a plain directory has no commit');
  const configAt = appliedConfigSource(opts);
  const result = await driftOnce(snapshot, connect, {
    clusterTimeoutMs: Number(opts.clusterTimeout) * 1000,
    concurrency: Number(opts.concurrency),
    ...(configAt ? { configAt } : {}),
  });
  for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const unposted = snapshot.revision ? await publish(reporters, statusReport(snapshot.revision, asReconcileResult(result), opts.statusTargetUrl ? { targetUrl: opts.statusTargetUrl } : {})) : [];
  if (opts.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.outcome === 'checked') io.stdout(formatDriftTable(result));
  if (result.outcome === 'render-failed') io.stderr('the commit does not render: no cluster was checked\n');
  return withUnposted(driftExitCode(result), unposted);
}

/** asReconcileResult presents a drift check as a cycle that applied nothing, so statuses read the same either way. */
function asReconcileResult(result: DriftResult): ReconcileResult {
  return {
    revision: result.revision,
    outcome: result.outcome === 'checked' ? 'applied' : 'render-failed',
    diagnostics: result.diagnostics,
    clusters: result.clusters.map((drift) => ({
      cluster: drift.cluster, revision: result.revision, dryRun: false, entries: [], drift,
    })),
  };
}
