/**
 * With several replicas each one posts the commit statuses of the clusters it owns; the status of a cluster then
 * names its replica, so that a reader of the forge sees who wrote which cluster (and where to look in the logs).
 */
import { AGGREGATE_CONTEXT, DESCRIPTION_LIMIT, truncate } from '../../drift/status.js';
import type { CommitStatus, StatusReporter } from '../../model/drift.js';

/** withReplica makes reporters that add `(replica <identity>)` to every per-cluster status (`gitfed/<cluster>`). */
export function withReplica(reporters: readonly StatusReporter[], identity: string): StatusReporter[] {
  return reporters.map((r) => ({
    name: r.name,
    ...(r.wholeReports ? { wholeReports: true } : {}),
    report: (report, onFailure) => r.report({ ...report, statuses: report.statuses.map((s) => named(s, identity)) }, onFailure),
  }));
}

/** named keeps the replica's name whole: the description is shortened first when both would not fit. */
export function named(s: CommitStatus, identity: string): CommitStatus {
  if (!s.context.startsWith(`${AGGREGATE_CONTEXT}/`)) return s;
  const suffix = ` (replica ${identity})`;
  return { ...s, description: `${truncate(s.description, DESCRIPTION_LIMIT - suffix.length)}${suffix}` };
}
