import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from '../../src/kube/kube-client.js';
import type { WatchingClient } from '../../src/kube/cluster-client.js';
import type { KubeObject } from '../../src/model/kube.js';
import { watchKind, type CacheEvent, type CacheStatus, type KindCache } from '../../src/observe/kind-cache.js';
import { startFleet, type Fleet } from '../../src/sim/fleet.js';

// A live cache of one kind against a simulated API server: list, watch from the list's version, reconnect after
// the server drops the connection, list again after 410 Gone. Backoffs wait on a gate the test opens, not a timer.
let fleet: Fleet;
let client: WatchingClient;
const caches: KindCache[] = [];
const SELECTOR = 'app.kubernetes.io/managed-by=gitfed';

const cm = (name: string, data: Record<string, string>, managed = true): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...(managed ? { labels: { 'app.kubernetes.io/managed-by': 'gitfed' } } : {}) }, data,
});

/** gate is a sleeper that waits until the test opens it; it records how many waits were asked for. */
function gate() {
  let open: () => void = () => undefined;
  let opened = new Promise<void>((resolve) => (open = resolve));
  const waits: number[] = [];
  return {
    waits,
    sleeper: (ms: number) => { waits.push(ms); return opened; },
    open: () => { open(); opened = new Promise<void>((resolve) => (open = resolve)); },
  };
}

/** next resolves with the first value a subscription sees that matches. */
function next<T>(subscribe: (l: (v: T) => void) => () => void, match: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((v) => {
      if (!match(v)) return;
      off();
      resolve(v);
    });
  });
}

/** watching resolves once the cache is watching (at once when it already is). */
const whenWatching = (cache: KindCache): Promise<unknown> => (cache.stale ? next<CacheStatus>(cache.onStatus, (s) => s.state === 'watching') : Promise.resolve());

function start(sleeper: (ms: number) => Promise<void>): KindCache {
  const cache = watchKind(client, 'v1', 'ConfigMap', { labelSelector: SELECTOR, sleeper });
  caches.push(cache);
  return cache;
}

const stored = () => fleet.cluster('m1').api;
const configMaps = () => stored().resolve('', 'v1', 'configmaps')!;
const writeInProcess = (o: KubeObject) => stored().patch(configMaps(), 'default', o.metadata.name, 'application/apply-patch+yaml', JSON.stringify(o), { manager: 'test', force: true, dryRun: false });

beforeAll(async () => {
  // a short history, so that a watch resumed after a few changes is told 410 Gone
  fleet = await startFleet([{ name: 'm1' }], { state: { watchHistory: 5 } });
  // no retries inside the client: the cache's own backoff (a gate here) decides when to try again
  client = createKubeClient({ kubeconfig: fleet.kubeconfig(), context: 'm1', retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 } });
});

afterEach(() => {
  for (const c of caches.splice(0)) c.stop();
});

afterAll(async () => {
  await fleet?.stop();
});

describe('a live cache of one kind (list, then watch)', () => {
  it('holds what the selector matches after the first list, then follows adds, changes and deletes', async () => {
    await client.apply(cm('before', { a: '1' }), { dryRun: false, force: true });
    await client.apply(cm('not-ours', { a: '1' }, false), { dryRun: false, force: true });
    const cache = start(gate().sleeper);
    await cache.synced;
    expect([...cache.objects.keys()]).toEqual(['v1/ConfigMap/default/before']);
    await whenWatching(cache);

    const added = next<CacheEvent>(cache.onChange, (e) => e.key.endsWith('/after'));
    await client.apply(cm('after', { a: '1' }), { dryRun: false, force: true });
    expect((await added).type).toBe('ADDED');
    const changed = next<CacheEvent>(cache.onChange, (e) => e.key.endsWith('/after'));
    await client.apply(cm('after', { a: '2' }), { dryRun: false, force: true });
    expect(await changed).toMatchObject({ type: 'MODIFIED', object: { data: { a: '2' } } });
    const deleted = next<CacheEvent>(cache.onChange, (e) => e.key.endsWith('/after'));
    await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'after' });
    expect((await deleted).type).toBe('DELETED');
    expect(cache.objects.has('v1/ConfigMap/default/after')).toBe(false);
    expect(cache.stale).toBe(false);
    expect([cache.lists, cache.watches]).toEqual([1, 1]);
  });

  it('a dropped connection makes it stale until it is watching again, from where it was (no new list)', async () => {
    const backoff = gate();
    const cache = start(backoff.sleeper);
    await whenWatching(cache);
    const stale = next<CacheStatus>(cache.onStatus, (s) => s.state === 'stale');
    await fleet.cluster('m1').faults.down();
    await stale;
    expect(cache.stale).toBe(true);
    const back = next<CacheStatus>(cache.onStatus, (s) => s.state === 'watching');
    await fleet.cluster('m1').faults.up();
    backoff.open();
    await back;
    expect(cache.stale).toBe(false);
    expect(backoff.waits.length).toBeGreaterThan(0);
    expect(cache.lists).toBe(1);
    expect(cache.watches).toBe(2);
    const seen = next<CacheEvent>(cache.onChange, (e) => e.key.endsWith('/after-reconnect'));
    await client.apply(cm('after-reconnect', { a: '1' }), { dryRun: false, force: true });
    expect((await seen).type).toBe('ADDED');
  });

  it('a version the server no longer has (410 Gone) is listed again, and the changes missed meanwhile are told', async () => {
    const backoff = gate();
    const cache = start(backoff.sleeper);
    await whenWatching(cache);
    const stale = next<CacheStatus>(cache.onStatus, (s) => s.state === 'stale');
    await fleet.cluster('m1').faults.down();
    await stale;
    // more changes than the server keeps for resuming watches, made behind the cache's back
    for (let i = 0; i < 8; i++) writeInProcess(cm(`missed-${i}`, { i: String(i) }));
    const reasons: string[] = [];
    cache.onStatus((st) => { if (st.state === 'stale') reasons.push((st.reason as { code?: string }).code ?? 'none'); });
    const missed = new Set<string>();
    // a watch from the old version opens and is then told 410: the list after it brings the missed objects
    const allMissed = new Promise<void>((resolve) => {
      const off = cache.onChange((e) => {
        if (e.key.includes('/missed-')) missed.add(e.key);
        if (missed.size === 8) { off(); resolve(); }
      });
    });
    await fleet.cluster('m1').faults.up();
    backoff.open();
    await allMissed;
    await whenWatching(cache);
    expect(cache.lists).toBe(2);
    expect(reasons).toContain('WatchExpired');
    expect(missed.size).toBe(8);
    expect([...cache.objects.keys()].filter((k) => k.includes('/missed-'))).toHaveLength(8);
    expect(cache.stale).toBe(false);
  });
});
