/** The timing of leader election and membership, as client-go's defaults, and the clock it reads. */

/** LeaseTiming: how long a Lease lasts unrenewed, how long a holder keeps trying before it stops, how often it tries. */
export interface LeaseTiming {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/** DEFAULT_TIMING is client-go's: leaseDurationSeconds 15, renew deadline 10 s, retry period 2 s. */
export const DEFAULT_TIMING: LeaseTiming = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** microTime renders ms since the epoch as a MicroTime (RFC 3339 with six digits), as the API server stores it. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** leaseName makes a Lease name of an identity: lower case, `[a-z0-9.-]`, at most 253 characters. */
export function leaseName(prefix: string, identity: string): string {
  const safe = identity.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${prefix}${safe || 'x'}`.slice(0, 253);
}
