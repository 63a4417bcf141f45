import { describe, expect, it } from 'vitest';
import { refKey, refOf } from '../../../src/kube/object-ref.js';
import { fromConfigMap } from '../../../src/apply/inventory.js';
import { reconcileCluster, type ReconcileClusterOptions } from '../../../src/reconcile/reconcile-cluster.js';
import { GitfedError } from '../../../src/model/errors.js';
import type { KubeObject } from '../../../src/model/kube.js';
import { configMap, FakeCluster, foreign, namespace, type FakeCall } from './fake-cluster.js';

const INVENTORY = 'v1/ConfigMap/gitfed-system/gitfed-inventory';
const key = (o: KubeObject): string => refKey(refOf(o));
const plan = (revision: string, objects: KubeObject[], extra: Partial<ReconcileClusterOptions> = {}): ReconcileClusterOptions =>
  ({ objects, revision, dryRun: false, allowMassPrune: false, ...extra });

/** inventoryOf is the revision and list the inventory holds (the guard's history is tested on its own). */
function inventoryOf(fake: FakeCluster): { revision: string | null; keys: readonly string[] } | undefined {
  const cm = fake.objects.get(INVENTORY);
  if (!cm) return undefined;
  const { revision, keys } = fromConfigMap(cm);
  return { revision, keys };
}

/** crashAt makes the fake behave like a reconciler process that died at the matching call: nothing after it reaches the cluster. */
function crashAt(fake: FakeCluster, at: (call: FakeCall) => boolean): void {
  let dead = false;
  fake.fail = (call) => {
    if (dead || at(call)) {
      dead = true;
      throw new Error('crash');
    }
  };
}

const ns = namespace('shop');
const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => configMap(n, 'shop')) as [KubeObject, KubeObject, KubeObject, KubeObject];

describe('reconcileCluster', () => {
  it('first run creates everything and records the inventory; a second run writes nothing', async () => {
    const fake = new FakeCluster();
    const first = await reconcileCluster(fake, plan('r1', [ns, a, b]));
    expect(first.error).toBeUndefined();
    expect(first.entries.map((e) => [e.key, e.action])).toEqual([
      ['v1/ConfigMap/shop/a', 'created'], ['v1/ConfigMap/shop/b', 'created'], ['v1/Namespace/shop', 'created'],
    ]);
    expect(inventoryOf(fake)).toEqual({ revision: 'r1', keys: [key(a), key(b), key(ns)] });
    expect(fake.objects.get('v1/Namespace/gitfed-system')?.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'gitfed' });

    fake.calls.length = 0;
    const second = await reconcileCluster(fake, plan('r1', [ns, a, b]));
    expect(second.entries.every((e) => e.action === 'unchanged')).toBe(true);
    expect(fake.writes).toEqual([]);
  });

  it('with drift checked, each object is read and dry-run applied once per cycle, not again by the apply', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b], { drift: { defaultMode: 'correct' } }));
    fake.calls.length = 0;
    await reconcileCluster(fake, plan('r1', [ns, a, b], { drift: { defaultMode: 'correct' } }));
    const perObject = (k: string) => fake.calls.filter((call) => call.key === k).map((call) => (call.op === 'apply' && call.dryRun ? 'dry-run' : call.op));
    for (const o of [ns, a, b]) expect(perObject(key(o))).toEqual(['get', 'dry-run']);
  });

  it('a new revision with the same objects only rewrites the inventory revision', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a]));
    fake.calls.length = 0;
    await reconcileCluster(fake, plan('r2', [ns, a]));
    expect(fake.writes.map((w) => w.key)).toEqual([INVENTORY]);
    expect(inventoryOf(fake)?.revision).toBe('r2');
  });

  it('prunes an object removed from the plan and forgets it', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b]));
    const result = await reconcileCluster(fake, plan('r2', [ns, a]));
    expect(result.entries.find((e) => e.key === key(b))?.action).toBe('pruned');
    expect(fake.objects.has(key(b))).toBe(false);
    expect(inventoryOf(fake)).toEqual({ revision: 'r2', keys: [key(a), key(ns)] });
  });

  it('never touches objects it does not own', async () => {
    const fake = new FakeCluster('member1', [namespace('shop'), configMap('theirs', 'shop')]);
    await reconcileCluster(fake, plan('r1', [ns, a]));
    await reconcileCluster(fake, plan('r2', [ns]));
    expect(fake.objects.has('v1/ConfigMap/shop/theirs')).toBe(true);
  });

  it('a crash between apply and prune leaves the new object listed, and the rerun prunes without touching the plan', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b]));
    // r2 drops b and adds c; the process dies at the first read of the prune
    crashAt(fake, (call) => call.op === 'get' && call.key === key(b));
    await reconcileCluster(fake, plan('r2', [ns, a, c]));
    expect(fake.objects.has(key(c))).toBe(true);
    expect(inventoryOf(fake)?.keys).toContain(key(c));

    fake.fail = undefined;
    const rerun = await reconcileCluster(fake, plan('r2', [ns, a, c]));
    expect(rerun.entries.filter((e) => e.action === 'pruned').map((e) => e.key)).toEqual([key(b)]);
    expect([key(ns), key(a), key(c)].every((k) => fake.objects.has(k))).toBe(true);
    expect(inventoryOf(fake)).toEqual({ revision: 'r2', keys: [key(a), key(c), key(ns)] });
  });

  it('a crash in the middle of a prune loses nothing; the rerun finishes it', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b, c, d]));
    let deletes = 0;
    crashAt(fake, (call) => call.op === 'delete' && ++deletes === 2);
    await reconcileCluster(fake, plan('r2', [ns, a], { allowMassPrune: true, concurrency: 1 }));
    expect(inventoryOf(fake)?.keys).toEqual([key(a), key(b), key(c), key(d), key(ns)]);

    fake.fail = undefined;
    const rerun = await reconcileCluster(fake, plan('r2', [ns, a], { allowMassPrune: true }));
    expect(rerun.entries.filter((e) => e.action === 'pruned').map((e) => [e.key, e.reason])).toEqual([
      [key(b), 'already gone'], [key(c), undefined], [key(d), undefined],
    ]);
    expect(fake.objects.has(key(a))).toBe(true);
    expect(inventoryOf(fake)).toEqual({ revision: 'r2', keys: [key(a), key(ns)] });
  });

  it('a crash during the apply keeps every planned object listed', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a]));
    crashAt(fake, (call) => call.op === 'apply' && call.key === key(c));
    await reconcileCluster(fake, plan('r2', [ns, a, b, c], { concurrency: 1 }));
    expect(inventoryOf(fake)?.keys).toEqual([key(a), key(b), key(c), key(ns)]);
  });

  it('the guard holds back a mass deletion, keeps those objects owned and reports them', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b, c]));
    const result = await reconcileCluster(fake, plan('r2', []));
    expect(result.heldBack?.keys).toEqual([key(a), key(b), key(c), key(ns)]);
    expect(result.entries.every((e) => e.action === 'held')).toBe(true);
    expect(fake.objects.has(key(a))).toBe(true);
    expect(inventoryOf(fake)?.keys).toHaveLength(4);
  });

  it('keep protects objects the render dropped this cycle; they stay in the inventory', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b]));
    const result = await reconcileCluster(fake, plan('r2', [ns, a], { keep: [key(b)] }));
    expect(result.entries.map((e) => e.action)).not.toContain('pruned');
    expect(fake.objects.has(key(b))).toBe(true);
    expect(inventoryOf(fake)).toEqual({ revision: 'r2', keys: [key(a), key(b), key(ns)] });
  });

  it('skip leaves planned objects unapplied this cycle; they stay in the inventory and are never pruned', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b]));
    const changed = configMap('a', 'shop', { k: 'new' });
    const before = fake.writes.length;
    const result = await reconcileCluster(fake, plan('r2', [ns, changed, b], { skip: [key(a)] }));
    expect(result.entries.find((e) => e.key === key(a))).toEqual({ key: key(a), subject: 'ConfigMap/shop/a', action: 'held', reason: 'not applied this cycle' });
    expect(fake.writes.slice(before).map((w) => w.key)).not.toContain(key(a));
    expect(fake.objects.get(key(a))?.data).toEqual({ k: 'v' });
    expect(inventoryOf(fake)?.keys).toContain(key(a));
  });

  it('dry run reports what would happen and writes nothing, not even the inventory', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a, b]));
    fake.calls.length = 0;
    const changed = configMap('a', 'shop', { k: 'changed' });
    const result = await reconcileCluster(fake, plan('r2', [ns, changed, c], { dryRun: true }));
    expect(fake.writes).toEqual([]);
    expect(Object.fromEntries(result.entries.map((e) => [e.key, e.action]))).toEqual({
      [key(a)]: 'configured', [key(b)]: 'pruned', [key(c)]: 'created', [key(ns)]: 'unchanged',
    });
    expect(inventoryOf(fake)?.revision).toBe('r1');
  });

  it('an unreadable inventory stops the cluster before anything is written', async () => {
    const broken: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gitfed-inventory', namespace: 'gitfed-system' }, data: { objects: '{' } };
    const fake = new FakeCluster('member1', [namespace('gitfed-system'), broken]);
    const result = await reconcileCluster(fake, plan('r1', [ns, a]));
    expect(result.error).toMatch(/^member1: gitfed-system\/gitfed-inventory: .*not JSON/);
    expect(fake.writes).toEqual([]);
  });

  it('a cluster that receives nothing and owns nothing gets no inventory', async () => {
    const fake = new FakeCluster();
    const result = await reconcileCluster(fake, plan('r1', []));
    expect(result).toEqual({ cluster: 'member1', revision: 'r1', dryRun: false, entries: [] });
    expect(fake.writes).toEqual([]);
  });

  it('the rolling window forgets deletions older than an hour (injected clock)', async () => {
    const fake = new FakeCluster();
    const objects = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => configMap(n, 'shop'));
    let now = Date.parse('2026-12-04T10:00:00Z');
    const at = (revision: string, keep: KubeObject[]) => reconcileCluster(fake, plan(revision, [ns, ...keep], { now: () => now }));
    await at('r1', objects);
    expect((await at('r2', objects.slice(3))).entries.filter((e) => e.action === 'pruned')).toHaveLength(3);
    // 3 of 7 went ten minutes ago; 2 more would make 5 of 7
    now += 10 * 60_000;
    expect((await at('r3', objects.slice(5))).heldBack?.reason).toContain('after 3 in the last hour');
    // an hour after the first prune the same step is allowed
    now += 51 * 60_000;
    expect((await at('r3', objects.slice(5))).entries.filter((e) => e.action === 'pruned')).toHaveLength(2);
  });

  it('settings are asked for the last revision applied without a held-back prune', async () => {
    const fake = new FakeCluster();
    const asked: (string | null)[] = [];
    const settingsFor = async (applied: string | null) => {
      asked.push(applied);
      return { allowMassPrune: false };
    };
    await reconcileCluster(fake, plan('r1', [ns, a, b, c], { settingsFor }));
    await reconcileCluster(fake, plan('r2', [ns], { settingsFor })); // held back: 3 of 4
    await reconcileCluster(fake, plan('r3', [ns], { settingsFor })); // still held back
    await reconcileCluster(fake, plan('r4', [ns, a, b, c], { settingsFor })); // nothing to delete: settles
    await reconcileCluster(fake, plan('r5', [ns, a, b, c], { settingsFor }));
    expect(asked).toEqual([null, 'r1', 'r1', 'r1', 'r4']);
  });

  it('an object whose create failed is a pending apply, not missing drift', async () => {
    const fake = new FakeCluster();
    const drift = { drift: { defaultMode: 'correct' as const } };
    await reconcileCluster(fake, plan('r1', [ns, a], drift));
    fake.fail = (call) => {
      if (call.op === 'apply' && !call.dryRun && call.key === key(b)) throw new GitfedError('ClusterApiError', 'member1: ConfigMap/shop/b', 'apply failed (503 ServiceUnavailable)');
    };
    const failed = await reconcileCluster(fake, plan('r2', [ns, a, b], drift));
    expect(failed.entries.find((e) => e.key === key(b))?.action).toBe('failed');
    fake.fail = undefined;
    const next = await reconcileCluster(fake, plan('r2', [ns, a, b], drift));
    expect(next.drift?.objects).toEqual([]);
    expect(next.entries.find((e) => e.key === key(b))?.action).toBe('created');
    expect(fromConfigMap(fake.objects.get(INVENTORY)!).pending).toBeUndefined();
  });

  it('an object a crash kept from being created is a pending apply, not missing drift', async () => {
    const fake = new FakeCluster();
    const drift = { drift: { defaultMode: 'correct' as const } };
    await reconcileCluster(fake, plan('r1', [ns, a], drift));
    crashAt(fake, (call) => call.op === 'apply' && call.key === key(b));
    await reconcileCluster(fake, plan('r2', [ns, a, b], { ...drift, concurrency: 1 }));
    expect(fromConfigMap(fake.objects.get(INVENTORY)!).pending).toEqual([key(b)]);
    fake.fail = undefined;
    const next = await reconcileCluster(fake, plan('r2', [ns, a, b], drift));
    expect(next.drift?.objects).toEqual([]);
    expect(next.entries.find((e) => e.key === key(b))?.action).toBe('created');
  });

  it('an object gitfed created and someone deleted is still missing drift', async () => {
    const fake = new FakeCluster();
    const drift = { drift: { defaultMode: 'correct' as const } };
    await reconcileCluster(fake, plan('r1', [ns, a, b], drift));
    fake.objects.delete(key(b));
    const next = await reconcileCluster(fake, plan('r1', [ns, a, b], drift));
    expect(next.drift?.objects.map((o) => [o.key, o.type])).toEqual([[key(b), 'missing']]);
  });

  it('an existing object gitfed did not create is left untouched and reported, unless adopted', async () => {
    const fake = new FakeCluster('member1', [namespace('shop'), foreign(configMap('theirs', 'shop'))]);
    const refused = await reconcileCluster(fake, plan('r1', [ns, configMap('theirs', 'shop', { k: 'mine' })]));
    expect(refused.entries.find((e) => e.key === 'v1/ConfigMap/shop/theirs')).toMatchObject({ action: 'failed', reason: expect.stringContaining('was not created by gitfed') });
    expect(fake.objects.get('v1/ConfigMap/shop/theirs')?.data).toEqual({ k: 'v' });
    const adopt = configMap('theirs', 'shop', { k: 'mine' });
    adopt.metadata.annotations = { 'gitfed.io/adopt': 'true' };
    const taken = await reconcileCluster(fake, plan('r2', [ns, adopt]));
    expect(taken.entries.find((e) => e.key === 'v1/ConfigMap/shop/theirs')?.action).toBe('configured');
  });

  it('an object gitfed applied stays its own even when another manager took every field', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a]));
    const live = fake.objects.get(key(a))!;
    live.metadata.managedFields = [{ manager: 'kubectl', operation: 'Apply' }];
    live.data = { k: 'changed' };
    const next = await reconcileCluster(fake, plan('r1', [ns, a]));
    expect(next.entries.find((e) => e.key === key(a))?.action).toBe('configured');
  });

  it('another reconciler\'s inventory stops the cluster; the masked owner earlier releases stored is the same owner and is rewritten clean', async () => {
    const fake = new FakeCluster();
    await reconcileCluster(fake, plan('r1', [ns, a], { owner: 'http://***@git.example/fleet' }));
    const same = await reconcileCluster(fake, plan('r2', [ns, a], { owner: 'http://git.example/fleet' }));
    expect(same.error).toBeUndefined();
    expect(inventoryOf(fake)?.revision).toBe('r2');
    fake.calls.length = 0;
    const other = await reconcileCluster(fake, plan('r3', [ns, a], { owner: 'http://git.example/other' }));
    expect(other.error).toContain('kept by another reconciler (http://git.example/fleet)');
    expect(fake.writes).toEqual([]);
  });
});
