import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../src/model/kube.js';
import { difference, fieldSet, fromFieldsV1, intersection, pathKey, recursiveDifference, sameOr, toFieldsV1, union } from '../../../../src/sim/ssa/field-set.js';
import { decodeFields, encodeFields } from '../../../../src/sim/ssa/fields-cache.js';
import { fieldElement } from '../../../../src/sim/ssa/path.js';
import { apply, deployment, entries, update } from './helpers.js';

const f = fieldElement;

describe('shared FieldsV1 trees', () => {
  it('two objects applied with the same fields share one frozen tree, encoded as before', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const b = apply(undefined, { ...deployment({ replicas: 3 }), metadata: { name: 'other', namespace: 'default', labels: { app: 'web' } } }, 'A');
    const [ea] = entries(a);
    const [eb] = entries(b);
    expect(ea?.fieldsV1).toBe(eb?.fieldsV1);
    expect(Object.isFrozen(ea?.fieldsV1)).toBe(true);
    expect(JSON.stringify(ea?.fieldsV1)).toBe(JSON.stringify(toFieldsV1(fromFieldsV1(ea?.fieldsV1))));
  });

  it('a stored tree cannot be changed in place: another object shares it', () => {
    const [entry] = entries(apply(undefined, deployment({ replicas: 2 }), 'A'));
    const tree = entry?.fieldsV1 as JsonObject;
    expect(() => { tree['f:extra'] = {}; }).toThrow(TypeError);
    expect(() => { (tree['f:spec'] as JsonObject)['f:extra'] = {}; }).toThrow(TypeError);
  });

  it('an entry a write leaves alone keeps its tree; the writer gets its own', () => {
    const applied = apply(undefined, deployment({ replicas: 2 }), 'A');
    const status = update(applied, { ...applied, status: { replicas: 2 } }, 'kube-controller-manager', { sub: 'status', t: 1 });
    const before = entries(applied).find((e) => e.manager === 'A');
    const after = entries(status).find((e) => e.manager === 'A');
    expect(after?.fieldsV1).toBe(before?.fieldsV1);
    expect(entries(status).find((e) => e.manager === 'kube-controller-manager')?.fieldsV1).toEqual({ 'f:status': { 'f:replicas': {} } });
  });

  it('an apply of the same fields again keeps the applier\'s set and tree', () => {
    const first = apply(undefined, deployment({ replicas: 2 }), 'A');
    const again = apply(first, deployment({ replicas: 3 }), 'A', { t: 1 });
    expect(again.spec).toMatchObject({ replicas: 3 });
    expect(entries(again)[0]?.fieldsV1).toBe(entries(first)[0]?.fieldsV1);
  });

  it('decoding a shared tree gives its paths; a tree from elsewhere is decoded as ever', () => {
    const set = fieldSet([[f('spec'), f('replicas')], [f('metadata'), f('labels'), f('app')]]);
    const tree = encodeFields(set);
    expect([...decodeFields(tree).keys()].sort()).toEqual([...set.keys()].sort());
    const plain = { 'f:spec': { 'f:paused': {} } };
    expect([...decodeFields(plain).values()]).toEqual([[f('spec'), f('paused')]]);
    // a copy made by a reader is not the shared tree, and stays writable
    const copy = structuredClone(tree);
    copy['f:x'] = {};
    expect(decodeFields(copy).size).toBe(set.size + 1);
  });
});

describe('set operations that change nothing return their operand', () => {
  const a = fieldSet([[f('a')], [f('b'), f('c')]]);
  const other = fieldSet([[f('z')]]);
  it.each([
    ['union with nothing', () => union(a, fieldSet([])), a],
    ['union with a subset', () => union(a, fieldSet([[f('a')]])), a],
    ['union of a subset', () => union(fieldSet([[f('a')]]), a), a],
    ['nothing with a union', () => union(fieldSet([]), a), a],
    ['difference of a disjoint set', () => difference(a, other), a],
    ['intersection with a superset', () => intersection(a, union(a, other)), a],
    ['recursive difference of an unrelated prefix', () => recursiveDifference(a, [[f('y')]]), a],
  ])('%s', (_name, op, same) => {
    expect(op()).toBe(same);
  });

  it('sameOr keeps the known set only for exactly the same paths', () => {
    expect(sameOr(a, fieldSet([[f('b'), f('c')], [f('a')]]))).toBe(a);
    const more = fieldSet([[f('a')], [f('b'), f('c')], [f('d')]]);
    expect(sameOr(a, more)).toBe(more);
    const fewer = fieldSet([[f('a')]]);
    expect(sameOr(a, fewer)).toBe(fewer);
    expect(sameOr(undefined, fewer)).toBe(fewer);
  });

  it('and a changed result is a new set with the right paths', () => {
    expect([...union(fieldSet([[f('a')]]), other).keys()]).toEqual([pathKey([f('a')]), pathKey([f('z')])]);
    expect([...difference(a, fieldSet([[f('a')]])).keys()]).toEqual([pathKey([f('b'), f('c')])]);
    expect([...recursiveDifference(a, [[f('b')]]).keys()]).toEqual([pathKey([f('a')])]);
    expect(a.size).toBe(2);
  });
});

describe('path keys', () => {
  it.each([
    ['a NUL inside a field name', [f('a\u0000f:b')], [f('a'), f('b')]],
    ['an element spelled like a JSON key', ['["f:a","f:b"]'], [f('a'), f('b')]],
    ['the root and an empty element', [], ['']],
  ])('two paths do not share a key: %s', (_name, one, two) => {
    expect(pathKey(one)).not.toBe(pathKey(two));
  });
});
