import { GitfedError } from '../../model/errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** parseDuration reads `500ms`, `30s`, `1m`, `1h30m` or `0` (off) into milliseconds; UsageError otherwise. */
export function parseDuration(text: string, flag: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const whole = parts.map((p) => p[0]).join('');
  if (text.trim() === '0') return 0;
  if (parts.length === 0 || whole !== text.trim()) throw new GitfedError('UsageError', flag, `invalid duration "${text}": use e.g. 30s, 1m, 1h30m, or 0 for off`);
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * (UNITS[p[2] as string] ?? 0), 0));
}
