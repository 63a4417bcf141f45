import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import type { LabelAnnotationOverrider } from '../../../../src/model/policy.js';
import { applyLabelAnnotationOverrider } from '../../../../src/render/overrides/labels-annotations.js';
import type { MetadataMap } from '../../../../src/render/overrides/labels-annotations.js';
import { makeDeployment } from '../../../helpers/builders.js';

describe.each<MetadataMap>(['labels', 'annotations'])('%s overrider', (field) => {
  const obj = (current?: Record<string, string>): KubeObject => {
    const d = makeDeployment('web');
    return { ...d, metadata: { name: 'web', namespace: 'default', ...(current ? { [field]: current } : {}) } };
  };
  const ov = (operator: LabelAnnotationOverrider['operator'], value: Record<string, string>): LabelAnnotationOverrider => ({ operator, value });

  it.each<[string, Record<string, string> | undefined, LabelAnnotationOverrider, Record<string, string> | undefined]>([
    ['add creates the map if missing', undefined, ov('add', { a: '1' }), { a: '1' }],
    ['add overwrites an existing value', { a: 'old', b: '2' }, ov('add', { a: 'new' }), { a: 'new', b: '2' }],
    ['add with an empty value does not create the map', undefined, ov('add', {}), undefined],
    ['replace changes existing keys', { a: 'old' }, ov('replace', { a: 'new' }), { a: 'new' }],
    ['replace skips missing label keys', { a: 'old' }, ov('replace', { a: 'new', b: 'added?' }), { a: 'new' }],
    ['replace on a missing map is a no-op', undefined, ov('replace', { a: '1' }), undefined],
    ['remove deletes existing keys and ignores the value', { a: '1', b: '2' }, ov('remove', { a: 'whatever' }), { b: '2' }],
    ['remove skips missing keys', { a: '1' }, ov('remove', { zz: '' }), { a: '1' }],
    ['keys containing "/" are escaped, not split', { 'app.kubernetes.io/name': 'x' }, ov('replace', { 'app.kubernetes.io/name': 'y' }), { 'app.kubernetes.io/name': 'y' }],
    ['add of a key containing "/" works', undefined, ov('add', { 'example.com/team': 'a' }), { 'example.com/team': 'a' }],
  ])('%s', (_name, current, overrider, expected) => {
    const out = applyLabelAnnotationOverrider(obj(current), field, overrider);
    expect(out.metadata[field]).toEqual(expected);
  });

  it("operates on the object's own metadata, not the pod template", () => {
    const out = applyLabelAnnotationOverrider(obj(), field, ov('add', { app: 'changed' })) as unknown as {
      spec: { template: { metadata: { labels: Record<string, string> } } };
    };
    expect(out.spec.template.metadata.labels).toEqual({ app: 'web' });
  });

  it('does not mutate its input', () => {
    const input = obj({ a: '1' });
    const snapshot = structuredClone(input);
    applyLabelAnnotationOverrider(input, field, ov('add', { b: '2' }));
    applyLabelAnnotationOverrider(input, field, ov('remove', { a: '' }));
    expect(input).toEqual(snapshot);
  });
});
