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
