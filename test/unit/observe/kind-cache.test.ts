import { describe, expect, it } from 'vitest';
import type { VersionedList, WatchEvent, WatchingClient, WatchStream } from '../../../src/kube/cluster-client.js';
import { GitfedError } from '../../../src/model/errors.js';
import { watchKind } from '../../../src/observe/kind-cache.js';

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
