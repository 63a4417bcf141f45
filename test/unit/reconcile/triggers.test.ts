import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDuration } from '../../../src/reconcile/triggers/duration.js';
import { everyInterval, jittered, JITTER } from '../../../src/reconcile/triggers/interval.js';
import { onSchedule } from '../../../src/reconcile/triggers/schedule.js';
import { watchedPaths } from '../../../src/reconcile/triggers/watch.js';

describe('durations', () => {
  const ok: [string, number][] = [['0', 0], ['500ms', 500], ['30s', 30_000], ['1m', 60_000], ['1h30m', 5_400_000], ['1.5s', 1500]];
  it.each(ok)('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, '--interval')).toBe(ms);
  });
  it.each(['', '10', 'fast', '1d', '5 m', '-1s'])('"%s" is a usage error naming the flag', (text) => {
    expect(() => parseDuration(text, '--interval')).toThrow(/^--interval: invalid duration/);
  });
});

describe('interval polling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('jitter stays within ±10% of the interval', () => {
    expect(jittered(60_000, () => 0)).toBe(60_000 * (1 - JITTER));
    expect(jittered(60_000, () => 1)).toBe(60_000 * (1 + JITTER));
    expect(jittered(60_000, () => 0.5)).toBe(60_000);
  });

  it('ticks once per interval, counting from the previous tick', () => {
    vi.useFakeTimers();
    const tick = vi.fn();
    const poll = everyInterval(1000, tick, () => 0.5);
    vi.advanceTimersByTime(999);
    expect(tick).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(2001);
    expect(tick).toHaveBeenCalledTimes(3);
    poll.stop();
    vi.advanceTimersByTime(5000);
    expect(tick).toHaveBeenCalledTimes(3);
  });

  it('an interval of 0 never ticks', () => {
    vi.useFakeTimers();
    const tick = vi.fn();
    everyInterval(0, tick);
    vi.advanceTimersByTime(60_000);
    expect(tick).not.toHaveBeenCalled();
  });
});

describe('cron schedules', () => {
  it('an invalid expression is a usage error naming --schedule', () => {
    expect(() => onSchedule('every minute', () => undefined)).toThrow(/^--schedule: invalid cron expression "every minute"/);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('a six-field expression with seconds ticks every second', async () => {
    // the cron package schedules with setTimeout and reads Date: both run on vitest's fake clock
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00.000Z') });
    let ticks = 0;
    const job = onSchedule('* * * * * *', () => (ticks += 1));
    await vi.advanceTimersByTimeAsync(999);
    expect(ticks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(ticks).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ticks).toBe(2);
    job.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(ticks).toBe(2);
  });
});

describe('what the watcher watches', () => {
  it('a Git work tree: its branch and tag refs and HEAD, not refs/notes (git notes of a cycle must not trigger one)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitfed-watch-'));
    mkdirSync(join(dir, '.git'));
    const { paths } = watchedPaths(dir);
    expect(paths).toEqual(['HEAD', 'packed-refs', 'refs/heads', 'refs/tags'].map((p) => join(dir, '.git', p)));
  });

  it('a plain directory: its files, except .git and node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gitfed-watch-'));
    writeFileSync(join(dir, 'a.yaml'), '');
    const { paths, ignored } = watchedPaths(dir);
    expect(paths).toEqual([dir]);
    expect(ignored?.(join(dir, 'node_modules', 'x'))).toBe(true);
    expect(ignored?.(join(dir, 'apps', 'web.yaml'))).toBe(false);
  });
});
