import { describe, expect, it } from 'vitest';
import { parseKey, refKey } from '../../../src/kube/object-ref.js';
import { diff, fromConfigMap, merge, prunedSince, sameInventory, settingsRevisionOf, toConfigMap, withPruned } from '../../../src/apply/inventory.js';
import { GitfedError } from '../../../src/model/errors.js';
import type { KubeObject } from '../../../src/model/kube.js';

describe('object keys', () => {
  it.each([
    ['core namespaced', 'v1/ConfigMap/shop/web', { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'web' }],
    ['core cluster-scoped', 'v1/Namespace/shop', { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }],
    ['grouped namespaced', 'apps/v1/Deployment/shop/web', { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }],
    ['grouped cluster-scoped', 'apiextensions.k8s.io/v1/CustomResourceDefinition/foos.example.com',
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'foos.example.com' }],
    ['dotless group, cluster-scoped', 'rbac.authorization.k8s.io/v1/ClusterRole/view', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'view' }],
    ['beta group version', 'batch/v1beta1/CronJob/ops/nightly', { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'ops', name: 'nightly' }],
  ])('%s: %s round-trips', (_name, key, ref) => {
    expect(parseKey(key)).toEqual(ref);
    expect(refKey(ref)).toBe(key);
  });

  it.each(['', 'v1', 'v1/ConfigMap', 'apps/v1/Deployment', 'v1/ConfigMap/a/b/c', 'v1//x'])('rejects %j', (key) => {
    expect(() => parseKey(key)).toThrow(GitfedError);
  });
});

describe('inventory diff and merge', () => {
  const old = { revision: 'abc', keys: ['v1/ConfigMap/a/x', 'v1/ConfigMap/a/y', 'v1/Namespace/a'] };

  it.each([
    ['nothing removed', ['v1/ConfigMap/a/x', 'v1/ConfigMap/a/y', 'v1/Namespace/a'], []],
    ['one removed', ['v1/ConfigMap/a/x', 'v1/Namespace/a'], ['v1/ConfigMap/a/y']],
    ['all removed, one added', ['v1/ConfigMap/b/z'], ['v1/ConfigMap/a/x', 'v1/ConfigMap/a/y', 'v1/Namespace/a']],
    ['empty plan', [], ['v1/ConfigMap/a/x', 'v1/ConfigMap/a/y', 'v1/Namespace/a']],
  ])('diff: %s', (_name, next, stale) => {
    expect(diff(old, next)).toEqual(stale);
  });

  it('merge sorts and de-duplicates the union', () => {
    expect(merge('def', ['v1/Namespace/a', 'v1/ConfigMap/a/x'], ['v1/ConfigMap/a/x', 'apps/v1/Deployment/a/d'])).toEqual({
      revision: 'def',
      keys: ['apps/v1/Deployment/a/d', 'v1/ConfigMap/a/x', 'v1/Namespace/a'],
    });
  });

  it.each([
    ['no lists', [], []],
    ['one list, unsorted with a duplicate', [['c', 'a', 'c', 'b']], ['a', 'b', 'c']],
    ['the same list twice', [['a', 'b'], ['a', 'b']], ['a', 'b']],
    ['disjoint lists, interleaved', [['a', 'c', 'e'], ['b', 'd', 'f']], ['a', 'b', 'c', 'd', 'e', 'f']],
    ['the second adds only at the ends', [['b', 'c'], ['a', 'b', 'd']], ['a', 'b', 'c', 'd']],
    ['an empty list among others', [['b'], [], ['a']], ['a', 'b']],
    ['three lists', [['x'], ['a', 'x'], ['m']], ['a', 'm', 'x']],
  ])('merge: %s', (_name, lists, keys) => {
    expect(merge('r', ...lists).keys).toEqual(keys);
  });

  it('merge equals sorting every key together, for random lists', () => {
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let round = 0; round < 200; round++) {
      const lists = Array.from({ length: 1 + rand(3) }, () => Array.from({ length: rand(8) }, () => `k${rand(12)}`));
      expect(merge('r', ...lists).keys).toEqual([...new Set(lists.flat())].sort());
    }
  });

  it('sameInventory compares revision and keys', () => {
    expect(sameInventory(old, { ...old })).toBe(true);
    expect(sameInventory(old, { ...old, revision: 'x' })).toBe(false);
    expect(sameInventory(old, { ...old, keys: old.keys.slice(1) })).toBe(false);
    expect(sameInventory(null, old)).toBe(false);
  });
});

describe('inventory ConfigMap (load-bearing format)', () => {
  it('encodes revision and a sorted JSON list of keys in gitfed-system/gitfed-inventory', () => {
    const cm = toConfigMap({ revision: 'abc', keys: ['v1/Namespace/a', 'v1/ConfigMap/a/x'] });
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'gitfed-inventory', namespace: 'gitfed-system', labels: { 'app.kubernetes.io/managed-by': 'gitfed' } },
      data: { revision: 'abc', objects: '["v1/ConfigMap/a/x","v1/Namespace/a"]' },
    });
    expect(fromConfigMap(cm)).toEqual({ revision: 'abc', keys: ['v1/ConfigMap/a/x', 'v1/Namespace/a'] });
  });

  it('reads an empty revision as null', () => {
    expect(fromConfigMap(toConfigMap({ revision: null, keys: [] }))).toEqual({ revision: null, keys: [] });
  });

  it.each([
    ['not JSON', '[oops'],
    ['not a list', '{"a":1}'],
    ['not strings', '[1,2]'],
    ['bad key', '["v1/ConfigMap"]'],
  ])('refuses %s rather than guess', (_name, objects) => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gitfed-inventory' }, data: { revision: 'r', objects } };
    expect(() => fromConfigMap(cm)).toThrow(expect.objectContaining({ code: 'InventoryInvalid' }));
  });
});

describe('the memory of the guard in the inventory', () => {
  const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gitfed-inventory', namespace: 'gitfed-system' }, data });

  it('an inventory without history reads and writes exactly as before', () => {
    const inv = fromConfigMap(cm({ revision: 'abc', objects: '["v1/Namespace/a"]' }));
    expect(inv).toEqual({ revision: 'abc', keys: ['v1/Namespace/a'] });
    expect(toConfigMap(inv).data).toEqual({ revision: 'abc', objects: '["v1/Namespace/a"]' });
  });

  it('recent prunes and the trusted revision round-trip', () => {
    const inv = { revision: 'b', keys: ['v1/Namespace/a'], pruned: [{ at: '2026-12-04T10:00:00.000Z', count: 3 }], settingsRevision: 'a' };
    expect(fromConfigMap(toConfigMap(inv))).toEqual(inv);
    expect(sameInventory(inv, { ...inv, pruned: [] })).toBe(false);
    expect(sameInventory(inv, { ...inv, settingsRevision: undefined })).toBe(false);
  });

  it('no trusted revision at all is written as an empty string and read as null', () => {
    const inv = { revision: 'b', keys: [], settingsRevision: null };
    expect(toConfigMap(inv).data).toMatchObject({ settingsRevision: '' });
    expect(settingsRevisionOf(fromConfigMap(toConfigMap(inv)))).toBeNull();
    expect(settingsRevisionOf({ revision: 'b', keys: [] })).toBe('b');
  });

  it.each([
    ['not JSON', '{'],
    ['not a list', '{"at": "2026-12-04T10:00:00Z", "count": 1}'],
    ['a count that is not a whole number', '[{"at": "2026-12-04T10:00:00Z", "count": 1.5}]'],
    ['a time that does not parse', '[{"at": "yesterday", "count": 1}]'],
  ])('a history that is %s is refused rather than read as empty', (_name, pruned) => {
    expect(() => fromConfigMap(cm({ revision: 'a', objects: '[]', pruned }))).toThrow(/data\.pruned/);
  });

  it('counts the deletions within the window and forgets older ones when it records more', () => {
    const hour = 3_600_000;
    const t0 = Date.parse('2026-12-04T10:00:00Z');
    const records = [{ at: new Date(t0).toISOString(), count: 4 }, { at: new Date(t0 + hour).toISOString(), count: 2 }];
    expect(prunedSince(records, t0 + 30 * 60_000)).toBe(2);
    expect(prunedSince(records, t0)).toBe(6);
    expect(withPruned(records, 0, t0 + 2 * hour, t0 + hour)).toEqual(records);
    expect(withPruned(records, 1, t0 + 2 * hour, t0 + hour)).toEqual([records[1], { at: new Date(t0 + 2 * hour).toISOString(), count: 1 }]);
  });
});

describe('the digests of settled objects in the inventory', () => {
  const cm = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gitfed-inventory', namespace: 'gitfed-system' }, data });
  const keys = ['v1/ConfigMap/a/x', 'v1/Namespace/a'];
  const digests = { 'v1/Namespace/a': { desired: 'AAAA_-1', fields: 'BBBB' }, 'v1/ConfigMap/a/x': { desired: 'CCCC', fields: 'DD-_' } };

  it('round-trip, encoded as a list aligned with the sorted keys, `<desired>.<fields>` each', () => {
    const inv = { revision: 'r', keys, digests };
    expect((toConfigMap(inv).data as Record<string, string>).digests).toBe('["CCCC.DD-_","AAAA_-1.BBBB"]');
    expect(fromConfigMap(toConfigMap(inv))).toEqual(inv);
  });

  it('a key without a digest is null in the list', () => {
    const inv = { revision: 'r', keys, digests: { 'v1/Namespace/a': digests['v1/Namespace/a'] } };
    expect((toConfigMap(inv).data as Record<string, string>).digests).toBe('[null,"AAAA_-1.BBBB"]');
    expect(fromConfigMap(toConfigMap(inv))).toEqual(inv);
  });

  it('the object by key that earlier releases wrote is still read', () => {
    const text = '{"v1/ConfigMap/a/x":"CCCC.DD-_","v1/Namespace/a":"AAAA_-1.BBBB"}';
    expect(fromConfigMap(cm({ revision: 'r', objects: JSON.stringify(keys), digests: text }))).toEqual({ revision: 'r', keys, digests });
  });

  it.each([
    ['shorter', '["CCCC.DD-_"]'],
    ['longer', '["CCCC.DD-_","AAAA_-1.BBBB","EEEE.FFFF"]'],
  ])('a list %s than the keys reads as none: it cannot say which digest is whose', (_name, text) => {
    expect(fromConfigMap(cm({ revision: 'r', objects: JSON.stringify(keys), digests: text }))).toEqual({ revision: 'r', keys });
  });

  it('equal digests encode equally whatever order they were added in', () => {
    const reversed = Object.fromEntries(Object.entries(digests).reverse());
    expect(toConfigMap({ revision: 'r', keys, digests: reversed })).toEqual(toConfigMap({ revision: 'r', keys, digests }));
    expect(sameInventory({ revision: 'r', keys, digests }, { revision: 'r', keys, digests: reversed })).toBe(true);
  });

  it.each([
    ['a changed desired digest', { ...digests, 'v1/Namespace/a': { desired: 'ZZZZ', fields: 'BBBB' } }],
    ['a changed fields digest', { ...digests, 'v1/Namespace/a': { desired: 'AAAA_-1', fields: 'ZZZZ' } }],
    ['one digest fewer', { 'v1/Namespace/a': digests['v1/Namespace/a'] }],
    ['no digests', undefined],
  ])('sameInventory sees %s', (_name, next) => {
    expect(sameInventory({ revision: 'r', keys, digests }, { revision: 'r', keys, ...(next ? { digests: next } : {}) })).toBe(false);
  });

  it('an empty map is no field at all, and reads as an inventory without digests', () => {
    expect(toConfigMap({ revision: 'r', keys, digests: {} }).data).toEqual({ revision: 'r', objects: JSON.stringify(keys) });
    expect(sameInventory({ revision: 'r', keys, digests: {} }, { revision: 'r', keys })).toBe(true);
  });

  it('an inventory written before digests existed reads as before: none recorded', () => {
    expect(fromConfigMap(cm({ revision: 'r', objects: JSON.stringify(keys) }))).toEqual({ revision: 'r', keys });
  });

  it.each([
    ['not JSON', '{'],
    ['a number', '7'],
    ['null', 'null'],
    ['a string', '"AAAA.BBBB"'],
  ])('malformed digests (%s) read as none, never an error', (_name, text) => {
    expect(fromConfigMap(cm({ revision: 'r', objects: JSON.stringify(keys), digests: text }))).toEqual({ revision: 'r', keys });
  });

  it.each([
    ['a value that is not a string', { 'v1/Namespace/a': 7 }],
    ['a value without its two parts', { 'v1/Namespace/a': 'AAAA' }],
    ['a value with an empty part', { 'v1/Namespace/a': 'AAAA.' }],
    ['a value with characters outside base64url', { 'v1/Namespace/a': 'AA+A.BBBB' }],
    ['a key the inventory does not list', { 'v1/ConfigMap/a/gone': 'AAAA.BBBB' }],
  ])('an entry (of an object by key) with %s is dropped, the others kept', (_name, bad) => {
    const text = JSON.stringify({ 'v1/ConfigMap/a/x': 'CCCC.DD-_', ...bad });
    expect(fromConfigMap(cm({ revision: 'r', objects: JSON.stringify(keys), digests: text })).digests).toEqual({ 'v1/ConfigMap/a/x': { desired: 'CCCC', fields: 'DD-_' } });
  });

  it.each([
    ['a value that is not a string', 7],
    ['a value without its two parts', 'AAAA'],
    ['a value with characters outside base64url', 'AA+A.BBBB'],
  ])('an entry (of the list) with %s is dropped, the others kept', (_name, bad) => {
    const text = JSON.stringify(['CCCC.DD-_', bad]);
    expect(fromConfigMap(cm({ revision: 'r', objects: JSON.stringify(keys), digests: text })).digests).toEqual({ 'v1/ConfigMap/a/x': { desired: 'CCCC', fields: 'DD-_' } });
  });
});
