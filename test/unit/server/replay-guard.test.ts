import { describe, expect, it } from 'vitest';
import { createReplayGuard } from '../../../src/server/replay-guard.js';

const HOUR = 60 * 60 * 1000;

describe('the replay memory', () => {
  const cases: [string, number, boolean][] = [
    ['a key delivered a minute ago is known', 60_000, true],
    ['a key delivered 59 minutes ago is known', 59 * 60_000, true],
    ['a key delivered an hour ago is forgotten', HOUR, false],
    ['a key delivered a day ago is forgotten', 24 * HOUR, false],
  ];
  it.each(cases)('%s', (_, age, known) => {
    let now = 0;
    const guard = createReplayGuard({ windowMs: HOUR, limit: 100 }, () => now);
    guard.remember(['github delivery d-1']);
    now += age;
    expect(guard.seenBefore(['github delivery d-2', 'github delivery d-1'])).toBe(known ? 'github delivery d-1' : undefined);
  });

  it('seenBefore remembers nothing by itself', () => {
    const guard = createReplayGuard({ windowMs: HOUR, limit: 100 }, () => 0);
    expect(guard.seenBefore(['k'])).toBeUndefined();
    expect(guard.seenBefore(['k'])).toBeUndefined();
    expect(guard.size()).toBe(0);
  });

  it('a flood of verified deliveries cannot grow it past its limit: the oldest are forgotten first', () => {
    const guard = createReplayGuard({ windowMs: HOUR, limit: 1000 }, () => 0);
    for (let i = 0; i < 5000; i++) guard.remember([`github delivery ${i}`, `github payload ${'x'.repeat(4096)}${i}`]);
    expect(guard.size()).toBe(1000);
    expect(guard.seenBefore(['github delivery 4999'])).toBe('github delivery 4999');
    expect(guard.seenBefore(['github delivery 0'])).toBeUndefined();
  });

  it('an expired entry is dropped, not only ignored', () => {
    let now = 0;
    const guard = createReplayGuard({ windowMs: HOUR, limit: 100 }, () => now);
    guard.remember(['a', 'b']);
    now += 2 * HOUR;
    guard.remember(['c']);
    expect(guard.size()).toBe(1);
  });
});
