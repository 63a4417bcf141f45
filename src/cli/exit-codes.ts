import { ERROR_CLASS, GitfedError } from '../model/errors.js';
import type { ExitCode } from './io.js';

const BY_CLASS = { input: 2, environment: 3, cluster: 1 } as const;

/** exitCodeOfError: 2 the user's input is wrong, 3 the environment failed (retry later), 1 a member cluster failed. */
export function exitCodeOfError(err: unknown): ExitCode {
  return err instanceof GitfedError ? BY_CLASS[ERROR_CLASS[err.code]] : 2;
}

/**
 * fleetExitCode is the code of a command that went through the clusters: 3 when none of them could be reached
 * (the network, not the commit), 1 when one failed or differs, 0 otherwise.
 */
export function fleetExitCode(errors: readonly (GitfedError | undefined)[], differs: boolean): ExitCode {
  if (errors.length > 0 && errors.every((e) => e?.code === 'ClusterUnreachable')) return 3;
  return differs || errors.some((e) => e !== undefined) ? 1 : 0;
}

/**
 * withUnposted: a command that did its work but could not post the commit statuses it was asked to exits 3
 * (retry later); invalid input (2) still says so first.
 */
export function withUnposted(code: ExitCode, unposted: readonly unknown[] = []): ExitCode {
  return unposted.length > 0 && code !== 2 ? 3 : code;
}
