import { createRequire } from 'node:module';
import { GitfedError } from '../../model/errors.js';
import type { Stoppable } from './interval.js';

type Cron = typeof import('cron');

// required when a schedule is asked for: most loops have none, and loading cron is a part of every start
const load = createRequire(import.meta.url);

/** onSchedule calls `tick` at each time of a cron expression (5 fields, or 6 with seconds first); UsageError when invalid. */
export function onSchedule(expression: string, tick: () => void, timeZone?: string): Stoppable {
  const { CronJob, validateCronExpression } = load('cron') as Cron;
  const check = validateCronExpression(expression);
  if (!check.valid) throw new GitfedError('UsageError', '--schedule', `invalid cron expression "${expression}": ${check.error?.message ?? 'not understood'}`);
  const job = CronJob.from({ cronTime: expression, onTick: tick, start: true, ...(timeZone ? { timeZone } : {}) });
  return { stop: () => void job.stop() };
}
