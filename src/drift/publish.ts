import type { StatusReport, StatusReporter } from '../model/drift.js';

/** publish hands a report to every reporter; reporters log their own failures and never throw into the caller. */
export async function publish(reporters: readonly StatusReporter[], report: StatusReport): Promise<void> {
  await Promise.all(reporters.map((r) => r.report(report).catch(() => undefined)));
}
