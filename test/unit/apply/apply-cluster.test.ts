import { describe, expect, it, vi } from 'vitest';
import { applyObjects } from '../../../src/apply/apply-cluster.js';
import { changedPaths, sameContent } from '../../../src/kube/compare-objects.js';
import { groupByStage } from '../../../src/kube/apply-order.js';
import type { KubeObject } from '../../../src/model/kube.js';
import { configMap, crd, FakeCluster, namespace } from './fake-cluster.js';

const widget = (name: string, ns: string): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: ns }, spec: { size: 1 } });

describe('applyObjects', () => {
  it('creates missing objects, leaves equal ones unwritten and configures changed ones', async () => {
    const fake = new FakeCluster('member1', [namespace('default'), configMap('same'), configMap('old', 'default', { k: 'before' })]);
    const entries = await applyObjects(fake, [configMap('same'), configMap('old', 'default', { k: 'after' }), configMap('new')], { dryRun: false });
    expect(entries.map((e) => [e.subject, e.action, e.reason])).toEqual([
      ['ConfigMap/default/same', 'unchanged', undefined],
      ['ConfigMap/default/old', 'configured', 'changed data.k'],
      ['ConfigMap/default/new', 'created', undefined],
    ]);
    expect(fake.writes.map((w) => w.key).sort()).toEqual(['v1/ConfigMap/default/new', 'v1/ConfigMap/default/old']);
    expect(fake.objects.get('v1/ConfigMap/default/same')?.metadata.resourceVersion).toBe('2');
  });

  it('applies Namespaces and CRDs before the objects that need them, whatever the input order', async () => {
    const fake = new FakeCluster();
    const entries = await applyObjects(fake, [widget('w', 'shop'), configMap('c', 'shop'), namespace('shop'), crd('example.com', 'Widget')], { dryRun: false });
    expect(entries.every((e) => e.action === 'created')).toBe(true);
    const order = fake.writes.map((w) => w.key);
    expect(order.slice(0, 2).sort()).toEqual(['apiextensions.k8s.io/v1/CustomResourceDefinition/widgets.example.com', 'v1/Namespace/shop']);
    // the CRD was read back (Established) before the second stage started
    const firstGet = fake.calls.findIndex((c) => c.op === 'get' && c.key.startsWith('apiextensions') && fake.calls.indexOf(c) > 1);
    const widgetApply = fake.calls.findIndex((c) => c.op === 'apply' && c.key.includes('Widget/shop/w'));
    expect(firstGet).toBeGreaterThan(-1);
    expect(firstGet).toBeLessThan(widgetApply);
  });

  it('keeps going after a failing object and reports why it failed', async () => {
    const fake = new FakeCluster('member1', [namespace('default')]);
    fake.fail = (call) => {
      if (call.op === 'apply' && call.key.endsWith('/bad')) throw new Error('admission webhook denied the request');
    };
    const entries = await applyObjects(fake, [configMap('a'), configMap('bad'), configMap('c')], { dryRun: false });
    expect(entries.map((e) => [e.subject, e.action])).toEqual([
      ['ConfigMap/default/a', 'created'],
      ['ConfigMap/default/bad', 'failed'],
      ['ConfigMap/default/c', 'created'],
    ]);
    expect(entries[1]?.reason).toBe('admission webhook denied the request');
  });

  it('fails a CRD that never becomes Established, and its objects fail on their own', async () => {
    const fake = new FakeCluster();
    const stuck = crd('example.com', 'Widget');
    stuck.status = { conditions: [{ type: 'Established', status: 'False' }] };
    // the wait polls on timers and reads Date: both run on vitest's fake clock
    vi.useFakeTimers();
    try {
      const run = applyObjects(fake, [stuck], { dryRun: false, establishedWait: { timeoutMs: 20, intervalMs: 5 } });
      await vi.advanceTimersByTimeAsync(20);
      const entries = await run;
      expect(entries[0]).toMatchObject({ action: 'failed', reason: 'not Established within 20 ms' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('dry run writes nothing and reports objects in a namespace it would create as created', async () => {
    const fake = new FakeCluster('member1', [namespace('default'), configMap('old', 'default', { k: 'before' })]);
    const entries = await applyObjects(fake, [namespace('shop'), configMap('c', 'shop'), configMap('old', 'default', { k: 'after' }), widget('w', 'default'), crd('example.com', 'Widget')], { dryRun: true });
    expect(fake.writes).toEqual([]);
    expect(Object.fromEntries(entries.map((e) => [e.subject, e.action]))).toEqual({
      'Namespace/shop': 'created',
      'CustomResourceDefinition/widgets.example.com': 'created',
      'ConfigMap/shop/c': 'created',
      'ConfigMap/default/old': 'configured',
      'Widget/default/w': 'created',
    });
    expect(entries.find((e) => e.subject === 'ConfigMap/shop/c')?.reason).toBe('Namespace/shop would be created first (dry run)');
  });

  it('runs at most `concurrency` objects at once inside a stage', async () => {
    const fake = new FakeCluster('member1', [namespace('default')]);
    let inFlight = 0;
    let peak = 0;
    // each read is held until the test lets it go: it answers only once as many reads as can start have started
    const held: (() => void)[] = [];
    const get = fake.get.bind(fake);
    fake.get = async (ref) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise<void>((r) => held.push(r));
      inFlight--;
      return get(ref);
    };
    const objects = Array.from({ length: 20 }, (_, i) => configMap(`c${i}`));
    let done = false;
    const run = applyObjects(fake, objects, { dryRun: false, concurrency: 3 }).finally(() => (done = true));
    // a macrotask turn lets every worker that can start reach its read; then the oldest read answers
    for (let turns = 0; !done && turns < 1000; turns++) {
      await new Promise((r) => setImmediate(r));
      held.shift()?.();
    }
    await run;
    expect(peak).toBe(3);
  });
});

describe('staging and comparison', () => {
  it('groups by APPLY_STAGES: CRDs and Namespaces, the rest, webhooks last', () => {
    const hook: KubeObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'h' } };
    const stages = groupByStage([hook, configMap('c'), namespace('n'), crd('g.io', 'K')]);
    expect(stages.map((s) => s.map((o) => o.kind))).toEqual([['Namespace', 'CustomResourceDefinition'], ['ConfigMap'], ['ValidatingWebhookConfiguration']]);
  });

  it.each([
    ['server-owned metadata and status differ', { metadata: { name: 'a', resourceVersion: '9', uid: 'u2', generation: 4, managedFields: [] }, status: { x: 1 } }, []],
    ['a label differs', { metadata: { name: 'a', labels: { l: '2' } } }, ['metadata.labels.l']],
    ['a data value differs', { data: { k: 'w' } }, ['data.k']],
    ['a list grows', { data: { k: 'v' }, list: [1, 2, 3] }, ['list']],
  ] as [string, Partial<KubeObject>, string[]][])('changedPaths: %s', (_name, override, paths) => {
    const live = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '1', uid: 'u', labels: { l: '1' } }, data: { k: 'v' }, list: [1, 2] } as KubeObject;
    const dry = { ...structuredClone(live), ...override, metadata: { ...live.metadata, ...(override.metadata ?? {}) } } as KubeObject;
    if (!('list' in override)) dry.list = [1, 2];
    expect(changedPaths(live, dry)).toEqual(paths);
    expect(sameContent(live, dry)).toBe(paths.length === 0);
  });
});

describe('applyObjects for objects whose fields nobody else wrote (direct)', () => {
  const key = 'v1/ConfigMap/default/a';
  const seeded = () => new FakeCluster('member1', [namespace('default'), configMap('a', 'default', { k: 'before' })]);

  it.each([
    ['a real run applies once, without a dry run first', false, [{ op: 'apply', key, dryRun: false }]],
    ['a dry run sends only the dry-run apply', true, [{ op: 'apply', key, dryRun: true }]],
  ])('%s', async (_name, dryRun, calls) => {
    const fake = seeded();
    const live = fake.objects.get(key) as KubeObject;
    const told: string[] = [];
    const entries = await applyObjects(fake, [configMap('a', 'default', { k: 'after' })], {
      dryRun, direct: new Set([key]), observed: new Map([[key, { live }]]), onResult: (k) => told.push(k),
    });
    expect(entries).toEqual([{ key, subject: 'ConfigMap/default/a', action: 'configured', reason: 'changed data.k' }]);
    expect(fake.calls).toEqual(calls);
    expect(told).toEqual(dryRun ? [] : [key]);
  });

  it('a manifest equal to the live object is unchanged, and its result still told', async () => {
    const fake = seeded();
    const live = fake.objects.get(key) as KubeObject;
    const told = new Map<string, KubeObject>();
    const entries = await applyObjects(fake, [configMap('a', 'default', { k: 'before' })], {
      dryRun: false, direct: new Set([key]), observed: new Map([[key, { live }]]), onResult: (k, o) => told.set(k, o),
    });
    expect(entries.map((e) => e.action)).toEqual(['unchanged']);
    expect(told.get(key)?.data).toEqual({ k: 'before' });
  });
});

describe('onResult: what the apply reports as it stands', () => {
  it('tells created and configured objects with the server\'s answer; never failed ones, nor anything in a dry run', async () => {
    const fake = new FakeCluster('member1', [namespace('default'), configMap('old', 'default', { k: 'before' })]);
    fake.fail = (call) => {
      if (call.op === 'apply' && call.key.endsWith('/bad')) throw new Error('denied');
    };
    const objects = [configMap('old', 'default', { k: 'after' }), configMap('new'), configMap('bad')];
    const told = new Map<string, KubeObject>();
    await applyObjects(fake, objects, { dryRun: false, onResult: (k, o) => told.set(k, o) });
    expect([...told.keys()].sort()).toEqual(['v1/ConfigMap/default/new', 'v1/ConfigMap/default/old']);
    expect(told.get('v1/ConfigMap/default/old')?.metadata.resourceVersion).toBe(fake.objects.get('v1/ConfigMap/default/old')?.metadata.resourceVersion);
    const dry = new Map<string, KubeObject>();
    await applyObjects(fake, [configMap('old', 'default', { k: 'again' }), configMap('other')], { dryRun: true, onResult: (k, o) => dry.set(k, o) });
    expect(dry.size).toBe(0);
  });

  it('tells an unchanged object only when gitfed already owns what its apply would own', async () => {
    // the fake's managedFields carry no fieldsV1: nothing shows ownership, so nothing is told
    const fake = new FakeCluster('member1', [namespace('default'), configMap('same')]);
    const told: string[] = [];
    const entries = await applyObjects(fake, [configMap('same')], { dryRun: false, onResult: (k) => told.push(k) });
    expect(entries.map((e) => e.action)).toEqual(['unchanged']);
    expect(told).toEqual([]);
  });
});
