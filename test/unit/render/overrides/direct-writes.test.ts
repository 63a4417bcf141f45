import { describe, expect, it } from 'vitest';
import { deepCopy } from '../../../../src/kube/deep-copy.js';
import type { JsonValue, KubeObject } from '../../../../src/model/kube.js';
import type { ImageOverrider, LabelAnnotationOverrider } from '../../../../src/model/policy.js';
import { applyImageOverriderInPlace, overrideImage } from '../../../../src/render/overrides/image.js';
import { applyJsonPatch, escapePointerKey, type PatchOperation } from '../../../../src/render/overrides/json-patch.js';
import { applyLabelAnnotationOverriderInPlace } from '../../../../src/render/overrides/labels-annotations.js';

// The label, annotation and container image overriders write their keys directly; Karmada builds JSON patches.
// Each case here is run both ways: the direct write must give the patch's object, or fail with its message.

function outcome(run: () => unknown): unknown {
  try {
    return { object: run() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** karmadaLabels is the patch Karmada sends for a label or annotation overrider on obj. */
function karmadaLabels(obj: KubeObject, field: 'labels' | 'annotations', o: LabelAnnotationOverrider): KubeObject {
  const m = (obj.metadata as Record<string, unknown>)[field];
  const strings = typeof m === 'object' && m !== null && !Array.isArray(m) && Object.values(m).every((v) => typeof v === 'string') ? (m as Record<string, string>) : undefined;
  let doc = obj;
  if (o.operator === 'add' && Object.keys(o.value ?? {}).length > 0 && !strings) doc = { ...obj, metadata: { ...obj.metadata, [field]: {} } };
  const patch: PatchOperation[] = Object.entries(o.value ?? {})
    .filter(([k]) => o.operator === 'add' || Object.hasOwn(strings ?? {}, k))
    .map(([k, value]) => ({ op: o.operator, path: `/metadata/${field}/${escapePointerKey(k)}`, value }));
  return applyJsonPatch(doc as unknown as JsonValue, patch) as unknown as KubeObject;
}

const meta = (labels: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels, annotations: { a: 'b' } } as KubeObject['metadata'] });

const LABEL_CASES: [string, unknown, LabelAnnotationOverrider][] = [
  ['add to a map', { app: 'x' }, { operator: 'add', value: { team: 't', app: 'y' } }],
  ['add to a missing map', undefined, { operator: 'add', value: { team: 't' } }],
  ['add to a map holding a number (replaced by a new map)', { n: 1 }, { operator: 'add', value: { team: 't' } }],
  ['add a key with "/"', {}, { operator: 'add', value: { 'example.com/team': 't' } }],
  ['add a key with "~1" (decoded by the patch)', {}, { operator: 'add', value: { 'a~1b': 't' } }],
  ['replace a key with "~1" (the decoded key is missing)', { 'a~1b': 'x' }, { operator: 'replace', value: { 'a~1b': 't' } }],
  ['add "__proto__" (refused by the patch)', {}, { operator: 'add', value: JSON.parse('{"__proto__": "t"}') as Record<string, string> }],
  ['replace a present and a missing key', { app: 'x' }, { operator: 'replace', value: { app: 'y', gone: 'z' } }],
  ['remove a present and a missing key', { app: 'x', keep: 'k' }, { operator: 'remove', value: { app: '', gone: '' } }],
  ['remove from a missing map', undefined, { operator: 'remove', value: { app: '' } }],
];

const pod = (containers: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } as KubeObject['spec'] });

/** karmadaImages is the patch Karmada sends for a container image overrider: one replace per container. */
function karmadaImages(obj: KubeObject, o: ImageOverrider): KubeObject {
  const containers = (obj.spec as { containers: Record<string, unknown>[] }).containers;
  const patch: PatchOperation[] = containers.map((c, i) => {
    const path = `/spec/containers/${i}/image`;
    try {
      return { op: 'replace', path, value: overrideImage(String(c.image ?? ''), o) };
    } catch (err) {
      throw new Error(`${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  });
  return applyJsonPatch(obj as unknown as JsonValue, patch) as unknown as KubeObject;
}

const IMAGE_CASES: [string, unknown][] = [
  ['two containers', [{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'registry.example.com/x/y@sha256:' + 'a'.repeat(64) }]],
  ['a container without image', [{ name: 'a', image: 'nginx' }, { name: 'b' }]],
];

describe('direct overrider writes equal Karmada\'s JSON patches', () => {
  for (const field of ['labels', 'annotations'] as const) {
    for (const [name, labels, o] of LABEL_CASES) {
      it(`${field}: ${name}`, () => {
        const obj = field === 'labels' ? meta(labels) : { ...meta({}), metadata: { name: 'c', annotations: labels } as KubeObject['metadata'] };
        expect(outcome(() => applyLabelAnnotationOverriderInPlace(deepCopy(obj), field, o))).toEqual(outcome(() => karmadaLabels(obj, field, o)));
      });
    }
  }
  for (const [name, containers] of IMAGE_CASES) {
    it(`image: ${name}`, () => {
      const o: ImageOverrider = { component: 'Registry', operator: 'replace', value: 'mirror.example.com' };
      expect(outcome(() => applyImageOverriderInPlace(deepCopy(pod(containers)), o))).toEqual(outcome(() => karmadaImages(pod(containers), o)));
    });
  }
});
