import { describe, expect, it } from 'vitest';
import type { VersionedList, WatchEvent, WatchingClient, WatchStream } from '../../../src/kube/cluster-client.js';
import { GitfedError } from '../../../src/model/errors.js';
import { watchKind, type CacheStatus, type KindCache } from '../../../src/observe/kind-cache.js';

/** scriptedClient answers lists at once and plays the watch outcomes it is given, one per watch call. */
function scriptedClient(outcomes: ('refused' | 'drops')[]): { client: WatchingClient; watchCalls: () => number } {
  let calls = 0;
  const list = async (): Promise<VersionedList> => ({ items: [], resourceVersion: '1' });
  const watch = async (_a: string, _k: string, _o: unknown, _on: (e: WatchEvent) => void): Promise<WatchStream> => {
    const outcome = outcomes[calls++];
    if (outcome === 'refused') throw new GitfedError('ClusterUnreachable', 'm1', 'connect ECONNREFUSED');
    // a watch that opens and then drops; after the script, one that stays open
    const done = outcome === 'drops' ? Promise.resolve(new GitfedError('ClusterUnreachable', 'm1', 'connection reset')) : new Promise<GitfedError | undefined>(() => undefined);
    return { done, stop: () => undefined };
  };
  const never = async (): Promise<never> => { throw new Error('not used'); };
  return { client: { cluster: 'm1', get: never, apply: never, delete: never, list: never, listVersioned: list, watch }, watchCalls: () => calls };
}

describe('the cache\'s reconnect backoff', () => {
  it('grows with each failure and starts over once a watch opened', async () => {
    const waits: number[] = [];
    const { client, watchCalls } = scriptedClient(['refused', 'refused', 'drops', 'refused']);
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const cache = watchKind(client, 'v1', 'ConfigMap', {
      backoff: { attempts: Infinity, baseDelayMs: 100, maxDelayMs: 10_000 },
      sleeper: async (ms) => { waits.push(ms); },
    });
    cache.onStatus((s) => { if (s.state === 'watching' && watchCalls() === 5) settle(); });
    await done;
    cache.stop();
    // two refusals (100, 200), a watch that opened and dropped (back to 100), one more refusal (200)
    expect(waits).toEqual([100, 200, 100, 200]);
    expect(cache.watches).toBe(2);
    expect(cache.lists).toBe(1);
  });
});

/** whenState resolves once the cache's status is `state` (at once when it is). */
function whenState(cache: KindCache, state: CacheStatus['state']): Promise<void> {
  return new Promise<void>((resolve) => {
    if (cache.status.state === state) return resolve();
    const off = cache.onStatus((s) => {
      if (s.state !== state) return;
      off();
      resolve();
    });
  });
}

describe('a cache whose first list is held (a pass about to write most of the kind)', () => {
  it('watches nothing until the hold ends, then lists again, tells what the new list shows and watches from it', async () => {
    const versions: (string | undefined)[] = [];
    let lists = 0;
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', resourceVersion: '7' } };
    const listVersioned = async (): Promise<VersionedList> => (++lists === 1 ? { items: [], resourceVersion: '5' } : { items: [cm], resourceVersion: '8' });
    const watch = async (_a: string, _k: string, o: { resourceVersion?: string }): Promise<WatchStream> => {
      versions.push(o.resourceVersion);
      return { done: new Promise<GitfedError | undefined>(() => undefined), stop: () => undefined };
    };
    const never = async (): Promise<never> => { throw new Error('not used'); };
    const client: WatchingClient = { cluster: 'm1', get: never, apply: never, delete: never, list: never, listVersioned, watch };
    let release: () => void = () => undefined;
    const asked: number[] = [];
    const cache = watchKind(client, 'v1', 'ConfigMap', { hold: (listed) => { asked.push(listed.size); return new Promise<void>((r) => (release = r)); } });
    const states: string[] = [];
    cache.onStatus((s) => states.push(s.state));
    const told: string[] = [];
    cache.onChange((e) => told.push(`${e.type} ${e.key}`));
    await whenState(cache, 'held');
    expect(cache.stale).toBe(true);
    expect(versions).toEqual([]);
    release();
    await whenState(cache, 'watching');
    cache.stop();
    expect(asked).toEqual([0]);
    expect(states).toEqual(['held', 'watching']);
    expect(told).toEqual(['ADDED v1/ConfigMap/default/a']);
    // from the second list's version: the writes made meanwhile are not sent again as events
    expect(versions).toEqual(['8']);
    // one start, however many lists it took
    expect(cache.lists).toBe(1);
  });

  it('a hold that is not asked for watches right after the first list', async () => {
    const { client, watchCalls } = scriptedClient([]);
    const cache = watchKind(client, 'v1', 'ConfigMap', { hold: () => undefined });
    await whenState(cache, 'watching');
    cache.stop();
    expect(watchCalls()).toBe(1);
    expect(cache.lists).toBe(1);
  });
});
