import { describe, expect, it } from 'vitest';
import type { ApplyOptions, ClusterClient, ListOptions, VersionedList, WatchEvent, WatchStream, WatchingClient } from '../../../src/kube/cluster-client.js';
import { countRequests, type RequestRecord } from '../../../src/kube/counted-client.js';
import type { ObjectRef } from '../../../src/kube/object-ref.js';
import { GitfedError } from '../../../src/model/errors.js';
import type { KubeObject } from '../../../src/model/kube.js';

const CM: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } };
const REF: ObjectRef = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'a' };

/** FakeWatching answers every call after `latencyMs` of its fake clock; `failing` names the methods that reject. */
class FakeWatching implements WatchingClient {
  readonly cluster = 'member1';
  readonly calls: string[] = [];
  failing = new Set<string>();
  clock = 0;
  latencyMs = 250;
  stopped = 0;
  closeStream: (why?: GitfedError) => void = () => {};
  #secret = 'only the real instance knows';

  /** reveal is not part of the port: the wrapper must leave it alone and call it on the client itself */
  reveal(): string {
    return this.#secret;
  }

  private async answer<T>(method: string, value: T): Promise<T> {
    this.calls.push(method);
    this.clock += this.latencyMs;
    if (this.failing.has(method)) throw new GitfedError('ClusterApiError', this.cluster, `${method} failed (500)`);
    return value;
  }

  get(_ref: ObjectRef): Promise<KubeObject | null> {
    return this.answer('get', CM);
  }
  apply(obj: KubeObject, _opts: ApplyOptions): Promise<KubeObject> {
    return this.answer('apply', obj);
  }
  delete(_ref: ObjectRef): Promise<boolean> {
    return this.answer('delete', false);
  }
  async list(apiVersion: string, kind: string, opts?: ListOptions): Promise<KubeObject[]> {
    return (await this.listVersioned(apiVersion, kind, opts)).items;
  }
  listVersioned(_apiVersion: string, _kind: string, _opts?: ListOptions): Promise<VersionedList> {
    return this.answer('listVersioned', { items: [CM], resourceVersion: '7' });
  }
  async watch(_apiVersion: string, _kind: string, _opts: ListOptions & { resourceVersion: string }, onEvent: (e: WatchEvent) => void): Promise<WatchStream> {
    const done = new Promise<GitfedError | undefined>((resolve) => (this.closeStream = resolve));
    const stream = await this.answer('watch', { done, stop: () => this.stopped++ });
    onEvent({ type: 'ADDED', object: CM });
    return stream;
  }
}

function counted(): { fake: FakeWatching; client: FakeWatching; records: RequestRecord[] } {
  const fake = new FakeWatching();
  const records: RequestRecord[] = [];
  return { fake, client: countRequests(fake, (r) => records.push(r), () => fake.clock), records };
}

const calls: [string, (c: WatchingClient) => Promise<unknown>, RequestRecord['verb']][] = [
  ['get is a get', (c) => c.get(REF), 'get'],
  ['list is a list', (c) => c.list('v1', 'ConfigMap'), 'list'],
  ['listVersioned is a list', (c) => c.listVersioned('v1', 'ConfigMap'), 'list'],
  ['watch is a watch', (c) => c.watch('v1', 'ConfigMap', { resourceVersion: '7' }, () => {}), 'watch'],
  ['apply is an apply', (c) => c.apply(CM, { dryRun: false, force: false }), 'apply'],
  ['apply with dryRun is a dry-run', (c) => c.apply(CM, { dryRun: true, force: true }), 'dry-run'],
  ['delete is a delete', (c) => c.delete(REF), 'delete'],
];

describe('countRequests', () => {
  it.each(calls)('%s, timed by the injected clock, once', async (_, call, verb) => {
    const { client, records } = counted();
    await call(client);
    expect(records).toEqual([{ cluster: 'member1', verb, seconds: 0.25, ok: true }]);
  });

  it.each(calls)('a failed call is still counted (ok false) and its error passed on unchanged: %s', async (_, call, verb) => {
    const { fake, client, records } = counted();
    fake.failing = new Set(['get', 'apply', 'delete', 'listVersioned', 'watch']);
    const err = await call(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitfedError);
    expect((err as GitfedError).code).toBe('ClusterApiError');
    expect(records).toEqual([{ cluster: 'member1', verb, seconds: 0.25, ok: false }]);
  });

  it('passes arguments through and returns what the client returned', async () => {
    const { fake, client } = counted();
    const obj = { ...CM, data: { k: 'v' } };
    expect(await client.apply(obj, { dryRun: false, force: false })).toBe(obj);
    expect(await client.get(REF)).toBe(CM);
    expect(await client.list('v1', 'ConfigMap')).toEqual([CM]);
    expect(fake.calls).toEqual(['apply', 'get', 'listVersioned']);
  });

  it('a watch counts once when it opens: its events, its end and stop() add nothing', async () => {
    const { fake, client, records } = counted();
    const events: WatchEvent[] = [];
    const stream = await client.watch('v1', 'ConfigMap', { resourceVersion: '7' }, (e) => events.push(e));
    fake.clock += 60_000;
    stream.stop();
    fake.closeStream();
    expect(await stream.done).toBeUndefined();
    expect(events).toEqual([{ type: 'ADDED', object: CM }]);
    expect(fake.stopped).toBe(1);
    expect(records).toEqual([{ cluster: 'member1', verb: 'watch', seconds: 0.25, ok: true }]);
  });

  it('each call is timed from its own start', async () => {
    const { fake, client, records } = counted();
    fake.clock = 10_000;
    fake.latencyMs = 1500;
    await client.get(REF);
    fake.latencyMs = 5;
    await client.delete(REF);
    expect(records.map((r) => [r.verb, r.seconds])).toEqual([['get', 1.5], ['delete', 0.005]]);
  });

  it('wraps only the methods the client has: a plain ClusterClient gains no watch', async () => {
    const plain: ClusterClient & { extra: number } = {
      cluster: 'member2',
      extra: 42,
      get: async () => null,
      apply: async (o) => o,
      delete: async () => true,
      list: async () => [],
    };
    const records: RequestRecord[] = [];
    const client = countRequests(plain, (r) => records.push(r), () => 0);
    expect('watch' in client).toBe(false);
    expect('listVersioned' in client).toBe(false);
    expect((client as unknown as Record<string, unknown>).watch).toBeUndefined();
    expect(client.extra).toBe(42);
    expect(client.cluster).toBe('member2');
    await client.list('v1', 'ConfigMap');
    expect(records).toEqual([{ cluster: 'member2', verb: 'list', seconds: 0, ok: true }]);
  });

  it('members outside the port are the client\'s own, called on the client itself', () => {
    const { fake, client, records } = counted();
    expect(client.reveal()).toBe('only the real instance knows');
    expect(client.calls).toBe(fake.calls);
    expect(records).toEqual([]);
  });

  it('a wrapped method is the same function each time it is read', () => {
    const { client } = counted();
    expect(client.get).toBe(client.get);
  });
});
