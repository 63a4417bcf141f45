import type { StatusReport, StatusReporter } from '../model/drift.js';
import { asGitfedError, type GitfedError } from '../model/errors.js';

/**
 * publish hands a report to every reporter; reporters log their own failures and never throw into the caller.
 * It returns what could not be posted, for the command's exit code.
 */
export async function publish(reporters: readonly StatusReporter[], report: StatusReport): Promise<GitfedError[]> {
  const failures: GitfedError[] = [];
  const onFailure = (err: GitfedError): void => void failures.push(err);
  await Promise.all(reporters.map((r) => r.report(report, onFailure).catch((err: unknown) => onFailure(asGitfedError(err, 'ForgeFailed', r.name)))));
  return failures;
}
