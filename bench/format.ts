/** ratio divides the alternative's figure by gitfed's; null when either is missing or gitfed's is 0. */
export function ratio(alternative: number | null | undefined, gitfed: number | null | undefined): number | null {
  if (alternative === null || alternative === undefined || gitfed === null || gitfed === undefined || gitfed === 0) return null;
  return alternative / gitfed;
}

/** fmtMs prints a duration: milliseconds below 10 s, seconds above. */
export function fmtMs(ms: number | null): string {
  if (ms === null) return 'n/a';
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** fmtMiB prints a peak memory figure. */
export function fmtMiB(mib: number | null): string {
  return mib === null ? 'n/a' : `${Math.round(mib)} MiB`;
}

/** fmtRatio prints a ratio with two significant digits below 10. */
export function fmtRatio(r: number | null): string {
  if (r === null) return 'n/a';
  return r < 10 ? `${r.toFixed(2)}x` : `${Math.round(r)}x`;
}
