import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import { createOverlay } from '../../../src/observe/write-overlay.js';

const cm = (rv: string, value: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x', resourceVersion: rv }, data: { v: value } });
const KEY = 'v1/ConfigMap/x/c';

describe('write overlay', () => {
  it.each([
    ['the cache is older than the write: the write stands', '5', '7', '7'],
    ['the cache caught up with the write: the cache stands', '7', '7', '7'],
    ['someone wrote after gitfed: the cache stands', '9', '7', '9'],
  ])('%s', (_name, cachedRv, writtenRv, seenRv) => {
    const overlay = createOverlay();
    overlay.remember(cm(writtenRv, 'mine'));
    expect(overlay.newer(KEY, cm(cachedRv, 'cached'))?.metadata.resourceVersion).toBe(seenRv);
  });

  it('once the cache caught up, the memory is gone: later cache copies stand whatever their version', () => {
    const overlay = createOverlay();
    overlay.remember(cm('7', 'mine'));
    overlay.newer(KEY, cm('7', 'cached'));
    expect(overlay.newer(KEY, cm('3', 'older'))?.data).toEqual({ v: 'older' });
  });

  it('a resourceVersion that is not an integer is never overlaid (the cache stands, which costs a check)', () => {
    const overlay = createOverlay();
    overlay.remember(cm('abc', 'mine'));
    expect(overlay.newer(KEY, cm('5', 'cached'))?.data).toEqual({ v: 'cached' });
    overlay.remember(cm('9', 'mine'));
    expect(overlay.newer(KEY, cm('x1', 'cached'))?.data).toEqual({ v: 'cached' });
  });

  it('mine tells gitfed\'s own write coming back through the watch', () => {
    const overlay = createOverlay();
    overlay.remember(cm('7', 'mine'));
    expect(overlay.mine(cm('7', 'mine'))).toBe(true);
    expect(overlay.mine(cm('8', 'theirs'))).toBe(false);
  });
});

describe('events that arrive while gitfed\'s write is under way', () => {
  /** seen runs the events through hold (as the observer does) and lists those delivered, by resourceVersion */
  function run(events: string[], answer: string | undefined, eventsAfter: string[] = []): string[] {
    const overlay = createOverlay();
    const delivered: string[] = [];
    const offer = (rv: string): void => {
      const obj = cm(rv, 'x');
      const deliver = (): void => void delivered.push(rv);
      if (!(overlay.mine(obj) || overlay.hold(obj, deliver))) deliver();
    };
    const done = overlay.writing(cm('', 'mine'));
    for (const rv of events) offer(rv);
    expect(delivered).toEqual([]);
    done(answer === undefined ? undefined : cm(answer, 'mine'));
    for (const rv of eventsAfter) offer(rv);
    return delivered;
  }

  it.each<[string, string[], string | undefined, string[], string[]]>([
    ['the write\'s own event, come before its answer, is dropped', ['7'], '7', [], []],
    ['an event after the write (someone else\'s) is passed on once the write answers', ['7', '8'], '7', [], ['8']],
    ['an event older than the write is dropped: the write replaced what it says', ['6', '7'], '7', [], []],
    ['a failed write passes on everything it held', ['6', '7'], undefined, [], ['6', '7']],
    ['once the write answered nothing is held: its own event is dropped, the next passed on', [], '7', ['7', '8'], ['8']],
  ])('%s', (_name, events, answer, after, delivered) => {
    expect(run(events, answer, after)).toEqual(delivered);
  });

  it('events are held until the last of two overlapping writes answers', () => {
    const overlay = createOverlay();
    const delivered: string[] = [];
    const first = overlay.writing(cm('', 'a'));
    const second = overlay.writing(cm('', 'b'));
    expect(overlay.hold(cm('9', 'theirs'), () => delivered.push('9'))).toBe(true);
    first(cm('7', 'a'));
    expect(delivered).toEqual([]);
    second(cm('8', 'b'));
    expect(delivered).toEqual(['9']);
  });

  it('an object nobody is writing is not held', () => {
    expect(createOverlay().hold(cm('3', 'x'), () => undefined)).toBe(false);
  });
});
