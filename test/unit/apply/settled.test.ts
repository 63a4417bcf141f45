import { describe, expect, it } from 'vitest';
import { desiredDigest, fieldsDigest } from '../../../src/apply/digest.js';
import { carriedDigests, classifyPlanned, readingFrom, settledDigests, type Classification } from '../../../src/apply/settled.js';
import type { LiveCache } from '../../../src/kube/cluster-client.js';
import { refKey, refOf } from '../../../src/kube/object-ref.js';
import type { KubeObject } from '../../../src/model/kube.js';
import { configMap, FakeCluster } from './fake-cluster.js';

const planned = configMap('a', 'shop', { k: 'v' });
const KEY = refKey(refOf(planned));
/** live is the planned object as the server holds it after gitfed's apply, gitfed owning `fields` */
const live = (fields: Record<string, unknown> = { 'f:data': { 'f:k': {} } }): KubeObject => ({
  ...planned, metadata: { ...planned.metadata, resourceVersion: '7', managedFields: [{ manager: 'gitfed', operation: 'Apply', apiVersion: 'v1', fieldsV1: fields }] as never },
});
const recorded = { desired: desiredDigest(planned), fields: fieldsDigest(live()) as string };
const mapCache = (objects: KubeObject[]): LiveCache => {
  const byKey = new Map(objects.map((o) => [refKey(refOf(o)), o]));
  return { peek: (key) => byKey.get(key) };
};
const gets = (fake: FakeCluster) => fake.calls.filter((c) => c.op === 'get').length;
const sortedOf = (c: Classification) => (c.settled.has(KEY) ? 'settled' : c.direct.has(KEY) ? 'direct' : 'checked');

describe('classifyPlanned: which planned objects need no request', () => {
  it.each([
    ['digests match: settled', [live()], recorded, planned, 'settled'],
    ['manifest changed, gitfed fields as recorded: applied at once', [live()], recorded, configMap('a', 'shop', { k: 'w' }), 'direct'],
    ['another writer took a field: checked in full', [live({ 'f:data': {} })], recorded, planned, 'checked'],
    ['no digest recorded: checked in full', [live()], undefined, planned, 'checked'],
    ['the object is gone: checked in full (missing is found there)', [], recorded, planned, 'checked'],
  ] as const)('%s', async (_name, seed, digest, obj, expected) => {
    const fake = new FakeCluster('member1', []);
    for (const o of seed) fake.objects.set(refKey(refOf(o)), structuredClone(o));
    const c = await classifyPlanned(fake, [obj], digest ? { digests: { [KEY]: digest } } : {});
    expect(sortedOf(c)).toBe(expected);
    expect(c.desired.get(KEY)).toBe(desiredDigest(obj));
  });

  it('without a cache, an object with a digest is read with one GET, one without a digest not at all', async () => {
    const fake = new FakeCluster('member1', []);
    fake.objects.set(KEY, live());
    const other = configMap('b', 'shop');
    const c = await classifyPlanned(fake, [planned, other], { digests: { [KEY]: recorded } });
    expect(fake.calls).toEqual([{ op: 'get', key: KEY }]);
    expect([...c.live.keys()]).toEqual([KEY]);
  });

  it('a cache that holds the object answers without a request; one that cannot say leaves it to a GET', async () => {
    const fake = new FakeCluster('member1', []);
    fake.objects.set(KEY, live());
    const cached = await classifyPlanned(fake, [planned], { digests: { [KEY]: recorded }, cache: mapCache([live()]) });
    expect(sortedOf(cached)).toBe('settled');
    expect(gets(fake)).toBe(0);
    const unknown = await classifyPlanned(fake, [planned], { digests: { [KEY]: recorded }, cache: mapCache([]) });
    expect(sortedOf(unknown)).toBe('settled');
    expect(gets(fake)).toBe(1);
  });

  it('a GET that fails leaves the object to the full check, which reports it', async () => {
    const fake = new FakeCluster('member1', []);
    fake.fail = () => {
      throw new Error('boom');
    };
    const c = await classifyPlanned(fake, [planned], { digests: { [KEY]: recorded } });
    expect(sortedOf(c)).toBe('checked');
    expect(c.live.size).toBe(0);
  });
});

describe('readingFrom: nothing is read twice', () => {
  it('answers GETs of what was read (absent included) and asks the server for the rest', async () => {
    const fake = new FakeCluster('member1', []);
    const client = readingFrom(fake, new Map<string, KubeObject | null>([[KEY, live()], ['v1/ConfigMap/shop/gone', null]]));
    expect(await client.get(refOf(planned))).toEqual(live());
    expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'gone' })).toBeNull();
    expect(fake.calls).toEqual([]);
    await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'other' });
    expect(fake.calls).toEqual([{ op: 'get', key: 'v1/ConfigMap/shop/other' }]);
  });
});

describe('which digests the inventory keeps', () => {
  const d = (desired: string) => ({ desired, fields: 'F' });

  it('before the applies: all but those of objects whose manifest changed (they are about to be written)', () => {
    const old = { kept: d('same'), changed: d('old'), unplanned: d('x') };
    expect(carriedDigests(old, new Map([['kept', 'same'], ['changed', 'new']]))).toEqual({ kept: d('same'), unplanned: d('x') });
    expect(carriedDigests(undefined, new Map())).toEqual({});
  });

  it('after the applies: settled ones as recorded, applied ones from the result, none for what failed, was held or is not planned', () => {
    const c: Classification = {
      settled: new Set(['settled']), direct: new Set(), live: new Map(),
      desired: new Map([['settled', 's'], ['applied', 'a'], ['unknown', 'u'], ['failed', 'f'], ['held', 'h']]),
    };
    const results = new Map([['applied', live()], ['failed', live()], ['unknown', planned]]);
    const done = new Set(['settled', 'applied', 'unknown']);
    const old = { settled: d('s'), failed: d('f'), held: d('h'), unplanned: d('x') };
    expect(settledDigests(done, c, old, results)).toEqual({ settled: d('s'), applied: { desired: 'a', fields: recorded.fields } });
  });
});
