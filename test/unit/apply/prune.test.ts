import { describe, expect, it } from 'vitest';
import { refKey, refOf } from '../../../src/kube/object-ref.js';
import { guardRefusal, pruneStale, type PruneOptions } from '../../../src/apply/prune.js';
import type { KubeObject } from '../../../src/model/kube.js';
import { configMap, crd, FakeCluster, namespace } from './fake-cluster.js';

const key = (o: KubeObject): string => refKey(refOf(o));
const base: PruneOptions = { dryRun: false, allowMassPrune: false, inventorySize: 10, planned: [] };

describe('mass-deletion guard', () => {
  it.each([
    ['half of the inventory is allowed', 5, 10, false, undefined],
    ['more than half is refused', 6, 10, false, 'more than 50% of the inventory'],
    ['the only object of a cluster is refused', 1, 1, false, 'more than 50% of the inventory'],
    ['one of two is allowed', 1, 2, false, undefined],
    ['100 of 1000 is allowed', 100, 1000, false, undefined],
    ['101 of 1000 is refused', 101, 1000, false, 'more than 100 objects'],
    ['allowMassPrune overrides', 10, 10, true, undefined],
    ['nothing to delete is fine', 0, 0, false, undefined],
  ])('%s', (_name, count, inventorySize, allowMassPrune, expected) => {
    const refusal = guardRefusal(count, { inventorySize, allowMassPrune });
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toContain(expected);
  });
});

describe('mass-deletion guard over a rolling hour', () => {
  it.each([
    ['nothing deleted lately: half is allowed', 5, 10, 0, undefined],
    ['a second commit may not go past half of what the cluster held', 3, 7, 3, 'after 3 in the last hour'],
    ['small steps up to half are allowed', 2, 8, 3, undefined],
    ['recent deletions count against maxCount too', 10, 1000, 95, 'more than 100 objects'],
  ])('%s', (_name, count, inventorySize, recentlyPruned, expected) => {
    const refusal = guardRefusal(count, { inventorySize, allowMassPrune: false, recentlyPruned });
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toContain(expected);
  });
});

describe('pruneStale', () => {
  it('deletes stale objects, counts already-gone ones as pruned and reports both', async () => {
    const fake = new FakeCluster('member1', [namespace('default'), configMap('a'), configMap('b')]);
    const result = await pruneStale(fake, [key(configMap('a')), key(configMap('gone'))], base);
    expect(result.entries.map((e) => [e.subject, e.action, e.reason])).toEqual([
      ['ConfigMap/default/gone', 'pruned', 'already gone'],
      ['ConfigMap/default/a', 'pruned', undefined],
    ]);
    expect(result.survivors).toEqual([]);
    expect([...fake.objects.keys()]).toEqual(['v1/Namespace/default', 'v1/ConfigMap/default/b']);
  });

  it('never deletes an object annotated gitfed.io/prune: disabled, and stops tracking it', async () => {
    const kept = configMap('kept');
    kept.metadata.annotations = { 'gitfed.io/prune': 'disabled' };
    const fake = new FakeCluster('member1', [namespace('default'), kept]);
    const result = await pruneStale(fake, [key(kept)], base);
    expect(result.entries[0]).toMatchObject({ action: 'skipped' });
    expect(result.survivors).toEqual([]);
    expect(fake.writes).toEqual([]);
  });

  it('holds everything back when the guard trips, keeps it owned and says why', async () => {
    const objs = [configMap('a'), configMap('b'), configMap('c')];
    const fake = new FakeCluster('member1', [namespace('default'), ...objs]);
    const result = await pruneStale(fake, objs.map(key), { ...base, inventorySize: 4 });
    expect(fake.writes).toEqual([]);
    expect(result.entries.every((e) => e.action === 'held')).toBe(true);
    expect(result.survivors).toEqual(objs.map(key));
    expect(result.heldBack).toEqual({ keys: objs.map(key), reason: expect.stringContaining('3 of 4 inventoried objects would be deleted') });
  });

  it('allowMassPrune lets the same prune through', async () => {
    const objs = [configMap('a'), configMap('b'), configMap('c')];
    const fake = new FakeCluster('member1', [namespace('default'), ...objs]);
    const result = await pruneStale(fake, objs.map(key), { ...base, inventorySize: 4, allowMassPrune: true });
    expect(result.heldBack).toBeUndefined();
    expect(fake.writes).toHaveLength(3);
  });

  it('the guard counts only what would really be deleted', async () => {
    const disabled = configMap('d');
    disabled.metadata.annotations = { 'gitfed.io/prune': 'disabled' };
    const fake = new FakeCluster('member1', [namespace('default'), configMap('a'), disabled]);
    const stale = [key(configMap('a')), key(disabled), key(configMap('gone1')), key(configMap('gone2'))];
    const result = await pruneStale(fake, stale, { ...base, inventorySize: 4 });
    expect(result.heldBack).toBeUndefined();
    expect(fake.objects.has(key(configMap('a')))).toBe(false);
  });

  it('keeps a Namespace or CRD that still holds planned objects', async () => {
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' } };
    const fake = new FakeCluster('member1', [namespace('shop'), crd('example.com', 'Widget')]);
    const stale = [key(namespace('shop')), key(crd('example.com', 'Widget'))];
    const result = await pruneStale(fake, stale, { ...base, planned: [widget] });
    expect(result.entries.map((e) => e.action)).toEqual(['held', 'held']);
    expect(result.survivors.sort()).toEqual(stale.sort());
    expect(fake.writes).toEqual([]);
  });

  it('deletes in reverse apply order: contents before their Namespace', async () => {
    const fake = new FakeCluster('member1', [namespace('shop'), configMap('a', 'shop')]);
    await pruneStale(fake, [key(namespace('shop')), key(configMap('a', 'shop'))], { ...base, allowMassPrune: true });
    expect(fake.writes.map((w) => w.key)).toEqual(['v1/ConfigMap/shop/a', 'v1/Namespace/shop']);
  });

  it('keeps an object whose delete failed owned, so the next run retries', async () => {
    const fake = new FakeCluster('member1', [namespace('default'), configMap('a'), configMap('b')]);
    fake.fail = (call) => {
      if (call.op === 'delete' && call.key.endsWith('/a')) throw new Error('connection reset');
    };
    const result = await pruneStale(fake, [key(configMap('a')), key(configMap('b'))], base);
    expect(result.entries.map((e) => [e.subject, e.action])).toEqual([['ConfigMap/default/a', 'failed'], ['ConfigMap/default/b', 'pruned']]);
    expect(result.survivors).toEqual([key(configMap('a'))]);
  });

  it('dry run deletes nothing but reports what would go', async () => {
    const fake = new FakeCluster('member1', [namespace('default'), configMap('a')]);
    const result = await pruneStale(fake, [key(configMap('a'))], { ...base, dryRun: true });
    expect(result.entries[0]).toMatchObject({ action: 'pruned', reason: 'would be deleted (dry run)' });
    expect(fake.writes).toEqual([]);
  });
});
