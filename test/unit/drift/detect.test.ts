import { describe, expect, it } from 'vitest';
import type { ClusterClient } from '../../../src/kube/cluster-client.js';
import { refKey, refOf } from '../../../src/kube/object-ref.js';
import { detectDrift, driftModeOf, inspectDrift, leftAlone } from '../../../src/drift/detect.js';
import type { DriftMode } from '../../../src/model/drift.js';
import { GitfedError } from '../../../src/model/errors.js';
import type { KubeObject } from '../../../src/model/kube.js';

const cm = (name: string, value: string, mode?: DriftMode): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name, namespace: 'shop', ...(mode ? { annotations: { 'gitfed.io/drift': mode } } : {}) },
  data: { k: value },
});
const key = (o: KubeObject) => refKey(refOf(o));

/** editedLive is what the cluster holds after `kubectl-edit` changed data.k of a ConfigMap gitfed applied. */
function editedLive(obj: KubeObject, value: string): KubeObject {
  return {
    ...obj, data: { k: value },
    metadata: { ...obj.metadata, resourceVersion: '7', managedFields: [
      { manager: 'gitfed', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': {} } } },
      { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:k': {} } } },
    ] },
  };
}

/** fakeClient serves `live` objects; a dry-run apply returns the planned object (gitfed would take every field back). */
function fakeClient(live: Map<string, KubeObject>, calls: string[] = [], failing = new Set<string>()): ClusterClient {
  return {
    cluster: 'member1',
    get: async (ref) => {
      calls.push(`get ${refKey(ref)}`);
      if (failing.has(refKey(ref))) throw new GitfedError('ClusterApiError', `member1: ${ref.kind}/${ref.name}`, 'get failed (500)');
      return live.get(refKey(ref)) ?? null;
    },
    apply: async (obj, opts) => {
      calls.push(`apply ${key(obj)} dryRun=${opts.dryRun} force=${opts.force}`);
      return { ...obj, metadata: { ...obj.metadata, resourceVersion: '7' } };
    },
    delete: async () => { throw new Error('drift must not delete'); },
    list: async () => [],
  };
}

describe('driftModeOf', () => {
  it.each<[string, string | undefined, DriftMode, DriftMode]>([
    ['the annotation wins', 'report', 'correct', 'report'],
    ['ignore by annotation', 'ignore', 'report', 'ignore'],
    ['no annotation: the repository default', undefined, 'report', 'report'],
    ['an unknown value: the repository default', 'fix-it', 'correct', 'correct'],
  ])('%s', (_what, annotation, defaultMode, expected) => {
    const obj = cm('a', 'v');
    if (annotation) obj.metadata.annotations = { 'gitfed.io/drift': annotation };
    expect(driftModeOf(obj, defaultMode)).toBe(expected);
  });
});

describe('detectDrift', () => {
  const a = cm('a', 'v');
  const b = cm('b', 'v', 'report');
  const c = cm('c', 'v', 'ignore');

  it('reports a field another manager changed, with its mode, and only reads (GET and forced dry run)', async () => {
    const calls: string[] = [];
    const live = new Map([[key(a), editedLive(a, 'x')], [key(b), editedLive(b, 'y')], [key(c), editedLive(c, 'z')]]);
    const drift = await detectDrift(fakeClient(live, calls), [a, b, c], { inventory: [key(a), key(b), key(c)], defaultMode: 'correct' });
    expect(drift).toEqual({ cluster: 'member1', objects: [
      { key: 'v1/ConfigMap/shop/a', subject: 'ConfigMap/shop/a', type: 'modified', mode: 'correct', fields: [{ path: 'data.k', desired: 'v', live: 'x', manager: 'kubectl-edit' }] },
      { key: 'v1/ConfigMap/shop/b', subject: 'ConfigMap/shop/b', type: 'modified', mode: 'report', fields: [{ path: 'data.k', desired: 'v', live: 'y', manager: 'kubectl-edit' }] },
    ] });
    expect(calls.filter((x) => x.startsWith('apply')).every((x) => x.endsWith('dryRun=true force=true'))).toBe(true);
    // ignore-mode objects are not even read
    expect(calls.some((x) => x.includes('/c'))).toBe(false);
  });

  it.each<[string, readonly string[] | null, string[]]>([
    ['missing and in the inventory: missing drift', ['v1/ConfigMap/shop/a'], ['v1/ConfigMap/shop/a missing']],
    ['missing and not in the inventory: a new object', ['v1/ConfigMap/shop/other'], []],
    ['no inventory at all: nothing can be missing', null, []],
  ])('%s', async (_what, inventory, expected) => {
    const drift = await detectDrift(fakeClient(new Map()), [a], { inventory, defaultMode: 'correct' });
    expect(drift.objects.map((o) => `${o.key} ${o.type}`)).toEqual(expected);
  });

  it('masks Secret values', async () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { k: 'c2VjcmV0' } };
    const live = { ...editedLive(secret, 'aGFja2Vk'), kind: 'Secret' };
    const drift = await detectDrift(fakeClient(new Map([[key(secret), live]])), [secret], { inventory: [key(secret)], defaultMode: 'correct' });
    expect(drift.objects[0]?.fields).toEqual([{ path: 'data.k', desired: '***', live: '***', manager: 'kubectl-edit' }]);
  });

  it('a failing check is the cluster\'s error for owned objects, and skipped for objects gitfed never applied', async () => {
    const failing = new Set([key(a), key(b)]);
    const drift = await inspectDrift(fakeClient(new Map(), [], failing), [a, b], { inventory: [key(b)], defaultMode: 'correct' });
    expect(drift.drift.error).toBe('ConfigMap/shop/b: get failed (500)');
    expect(drift.unchecked).toEqual([key(b)]);
  });
});

describe('leftAlone', () => {
  const objects = [cm('a', 'v'), cm('b', 'v', 'report'), cm('c', 'v', 'ignore'), cm('d', 'v', 'report'), cm('e', 'v', 'report')];
  const live = new Map(objects.slice(0, 4).map((o, i) => [key(o), i === 3 ? o : editedLive(o, 'x')]));

  it('drifted objects in report or ignore mode are left alone; correct ones and objects without drift are applied', async () => {
    const inspection = await inspectDrift(fakeClient(live, [], new Set([key(objects[4] as KubeObject)])), objects, { inventory: objects.map(key), defaultMode: 'correct' });
    // a: correct (re-applied); b: report + drift; c: ignore + drift; d: report, no drift; e: report, could not be checked
    expect(leftAlone(inspection, objects, 'correct')).toEqual([
      { key: 'v1/ConfigMap/shop/b', reason: 'drifted (report mode): not applied' },
      { key: 'v1/ConfigMap/shop/c', reason: 'drifted (ignore mode): not applied' },
      { key: 'v1/ConfigMap/shop/e', reason: 'drift could not be checked (report mode): not applied' },
    ]);
  });
});
