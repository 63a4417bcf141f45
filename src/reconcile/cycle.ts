import { publish } from '../drift/publish.js';
import { pendingStatuses, statusReport } from '../drift/status.js';
import type { StatusReporter } from '../model/drift.js';
import { GitfedError } from '../model/errors.js';
import { reconcileOnce, type Connect, type ReconcileOptions } from './reconcile-once.js';
import type { ReconcileResult } from '../model/reconcile-result.js';
import { appliedConfigSource, ownerOf, readSource, type SourceOptions } from './source.js';
import type { PullReports } from './pull-clusters.js';

/** CycleDeps are the adapters one cycle works through: the repository, the member clusters, the status reporters. */
export interface CycleDeps {
  source: SourceOptions;
  connect: Connect;
  reporters: readonly StatusReporter[];
  /** link put on every commit status */
  targetUrl?: string;
  /** the pull members' reports, read before each cycle (without it pull members are only listed) */
  reports?: PullReports;
}

/** CycleOptions tune one cycle; statuses go `pending` by themselves once the commit rendered. */
export type CycleOptions = Omit<ReconcileOptions, 'onPlanned'>;

/**
 * runCycle is one whole reconcile as `--once` and the long-running loop both run it: take a snapshot of
 * the repository, reconcile it, and post the commit's statuses (pending, then the outcome).
 */
export async function runCycle(deps: CycleDeps, opts: CycleOptions): Promise<ReconcileResult> {
  const snapshot = await readSource(deps.source);
  const sha = snapshot.revision;
  if (deps.reporters.length > 0 && !sha) throw new GitfedError('UsageError', '--status', 'commit statuses need a Git repository: a plain directory has no commit');
  // a dry run changes nothing, so it says nothing about the commit
  const post = sha && !opts.dryRun ? sha : undefined;
  const target = deps.targetUrl ? { targetUrl: deps.targetUrl } : {};
  const configAt = appliedConfigSource(deps.source);
  const unposted: GitfedError[] = [];
  const result = await reconcileOnce(snapshot, deps.connect, {
    owner: ownerOf(deps.source),
    ...opts,
    ...(configAt ? { configAt } : {}),
    ...(deps.reports ? { reports: await deps.reports() } : {}),
    onPlanned: async (clusters) => {
      if (post) unposted.push(...await publish(deps.reporters, { sha: post, statuses: pendingStatuses(clusters, target) }));
    },
  });
  if (post) unposted.push(...await publish(deps.reporters, statusReport(post, result, target)));
  return unposted.length ? { ...result, unposted } : result;
}
