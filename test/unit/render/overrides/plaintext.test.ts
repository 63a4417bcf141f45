import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import type { PlaintextOverrider } from '../../../../src/model/policy.js';
import { applyPlaintext } from '../../../../src/render/overrides/plaintext.js';
import { makeDeployment } from '../../../helpers/builders.js';

const base = (): KubeObject => makeDeployment('web', { replicas: 3, labels: { app: 'web' } });
const p = (operator: PlaintextOverrider['operator'], path: string, value?: unknown): PlaintextOverrider => ({
  operator,
  path,
  ...(value === undefined ? {} : { value }),
});

describe('plaintext overrider', () => {
  it.each<[string, PlaintextOverrider[], string, unknown]>([
    ['add to an existing object member overwrites it', [p('add', '/spec/replicas', 7)], 'spec.replicas', 7],
    ['replace changes an existing member', [p('replace', '/metadata/labels/app', 'x')], 'metadata.labels.app', 'x'],
    ['add with "-" appends to an array', [p('add', '/spec/template/spec/containers/-', { name: 'side' })], 'spec.template.spec.containers.1.name', 'side'],
    ['negative array indices count from the end', [p('replace', '/spec/template/spec/containers/-1/image', 'busybox')], 'spec.template.spec.containers.0.image', 'busybox'],
    ['entries apply in order as one patch', [p('add', '/metadata/annotations', {}), p('add', '/metadata/annotations/a', 'b')], 'metadata.annotations.a', 'b'],
    ['value may be any JSON', [p('add', '/spec/extra', { list: [1, { x: null }] })], 'spec.extra.list.1.x', null],
  ])('%s', (_name, ops, at, expected) => {
    const out = applyPlaintext(base(), ops);
    const got = at.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], out);
    expect(got).toEqual(expected);
  });

  it('"/" in keys is written ~1', () => {
    const out = applyPlaintext(base(), [p('add', '/metadata/labels/example.com~1team', 'a')]);
    expect(out.metadata.labels?.['example.com/team']).toBe('a');
  });

  it('remove deletes a member', () => {
    expect(applyPlaintext(base(), [p('remove', '/spec/replicas')])).not.toHaveProperty(['spec', 'replicas']);
  });

  it.each<[string, PlaintextOverrider[]]>([
    ['replace of a missing member is an error', [p('replace', '/spec/missing', 1)]],
    ['remove of a missing member is an error', [p('remove', '/metadata/annotations/x')]],
    ['add under a missing parent is an error (no auto-creation)', [p('add', '/metadata/annotations/x', 'y')]],
    ['a later failing entry fails the whole patch', [p('add', '/spec/replicas', 1), p('remove', '/nope')]],
    ['removing kind is an error', [p('remove', '/kind')]],
  ])('%s', (_name, ops) => {
    expect(() => applyPlaintext(base(), ops)).toThrow();
  });

  it('does not mutate its input', () => {
    const obj = base();
    const snapshot = structuredClone(obj);
    applyPlaintext(obj, [p('add', '/spec/replicas', 9), p('remove', '/metadata/labels/app')]);
    expect(obj).toEqual(snapshot);
  });
});
