import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../../src/model/kube.js';
import { applyJsonPatch } from '../../../../src/render/overrides/json-patch.js';
import type { PatchOperation } from '../../../../src/render/overrides/json-patch.js';

const doc = (): JsonValue => ({ a: { b: 1, list: [10, 20, 30] }, 'x/y': 'slash', 't~k': 'tilde', n: null });

describe('applyJsonPatch (evanphx/json-patch v5 defaults)', () => {
  it.each<[string, PatchOperation, JsonValue]>([
    ['add to an existing object member overwrites it', { op: 'add', path: '/a/b', value: 2 }, { a: { b: 2, list: [10, 20, 30] } }],
    ['add creates a new member under an existing parent', { op: 'add', path: '/a/c', value: 'new' }, { a: { b: 1, c: 'new', list: [10, 20, 30] } }],
    ['add with "-" appends to an array', { op: 'add', path: '/a/list/-', value: 40 }, { a: { b: 1, list: [10, 20, 30, 40] } }],
    ['add at index inserts before that element', { op: 'add', path: '/a/list/1', value: 15 }, { a: { b: 1, list: [10, 15, 20, 30] } }],
    ['add at index == length appends', { op: 'add', path: '/a/list/3', value: 40 }, { a: { b: 1, list: [10, 20, 30, 40] } }],
    ['add at -1 appends (negative add counts in the grown array)', { op: 'add', path: '/a/list/-1', value: 40 }, { a: { b: 1, list: [10, 20, 30, 40] } }],
    ['add at -2 inserts before the last element', { op: 'add', path: '/a/list/-2', value: 25 }, { a: { b: 1, list: [10, 20, 25, 30] } }],
    ['add at -(length+1) inserts first', { op: 'add', path: '/a/list/-4', value: 5 }, { a: { b: 1, list: [5, 10, 20, 30] } }],
    ['replace at -1 changes the last element', { op: 'replace', path: '/a/list/-1', value: 99 }, { a: { b: 1, list: [10, 20, 99] } }],
    ['remove at -1 drops the last element', { op: 'remove', path: '/a/list/-1' }, { a: { b: 1, list: [10, 20] } }],
    ['remove at index drops that element', { op: 'remove', path: '/a/list/0' }, { a: { b: 1, list: [20, 30] } }],
    ['replace of a null-valued member is allowed', { op: 'replace', path: '/n', value: 1 }, { n: 1 }],
    ['~1 in a path addresses a key containing "/"', { op: 'replace', path: '/x~1y', value: 'v' }, { 'x/y': 'v' }],
    ['an absent value is written as null', { op: 'add', path: '/z' }, { z: null }],
    ['a path without leading "/" loses its first token', { op: 'add', path: 'ignored/z', value: 1 }, { z: 1 }],
    ['array index with leading "+" is accepted like strconv.Atoi', { op: 'replace', path: '/a/list/+1', value: 0 }, { a: { b: 1, list: [10, 0, 30] } }],
  ])('%s', (_name, op, expected) => {
    expect(applyJsonPatch(doc(), [op])).toMatchObject(expected as object);
  });

  it.each<[string, PatchOperation]>([
    ['replace of a missing member is an error', { op: 'replace', path: '/a/missing', value: 1 }],
    ['remove of a missing member is an error', { op: 'remove', path: '/a/missing' }],
    ['add under a missing parent is an error (no auto-creation)', { op: 'add', path: '/nope/child', value: 1 }],
    ['add under a null parent is an error', { op: 'add', path: '/n/child', value: 1 }],
    ['add through a scalar is an error', { op: 'add', path: '/a/b/c', value: 1 }],
    ['add past the end of an array is an error', { op: 'add', path: '/a/list/4', value: 1 }],
    ['add below -(length+1) is an error', { op: 'add', path: '/a/list/-5', value: 1 }],
    ['replace at index == length is an error', { op: 'replace', path: '/a/list/3', value: 1 }],
    ['remove below -length is an error', { op: 'remove', path: '/a/list/-4' }],
    ['replace with "-" is an error', { op: 'replace', path: '/a/list/-', value: 1 }],
    ['a non-numeric array index is an error', { op: 'add', path: '/a/list/x', value: 1 }],
    ['remove of the whole document is an error', { op: 'remove', path: '' }],
    ['a path without any "/" is an error', { op: 'add', path: 'z', value: 1 }],
  ])('%s', (_name, op) => {
    expect(() => applyJsonPatch(doc(), [op])).toThrow();
  });

  it('~0 in a path addresses a key containing "~"', () => {
    expect(applyJsonPatch(doc(), [{ op: 'remove', path: '/t~0k' }])).not.toHaveProperty(['t~k']);
  });

  it('replace of the whole document swaps it', () => {
    expect(applyJsonPatch(doc(), [{ op: 'replace', path: '', value: { only: true } }])).toEqual({ only: true });
  });

  it('operations apply in order, each seeing the previous result', () => {
    const out = applyJsonPatch({ a: {} }, [
      { op: 'add', path: '/a/b', value: { c: 1 } },
      { op: 'replace', path: '/a/b/c', value: 2 },
    ]);
    expect(out).toEqual({ a: { b: { c: 2 } } });
  });

  it('never mutates the document or the values', () => {
    const input = doc();
    const snapshot = structuredClone(input);
    const value = { deep: [1] };
    const out = applyJsonPatch(input, [{ op: 'add', path: '/a/v', value }]) as { a: { v: { deep: number[] } } };
    out.a.v.deep.push(2);
    expect(input).toEqual(snapshot);
    expect(value).toEqual({ deep: [1] });
  });
});
