import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import type { FieldOverrider, SubPatchOperation } from '../../../../src/model/policy.js';
import { applyFieldOverrider, goYamlKeyLess, jsonToYaml, patchJson, patchYaml } from '../../../../src/render/overrides/field.js';

const configMap = (data: Record<string, unknown>): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data }) as KubeObject;
const dataOf = (obj: KubeObject, key: string): unknown => (obj as unknown as { data: Record<string, unknown> }).data[key];
const op = (operator: SubPatchOperation['operator'], subPath: string, value?: unknown): SubPatchOperation => ({
  operator,
  subPath,
  ...(value === undefined ? {} : { value }),
});

describe('fieldOverrider with yaml', () => {
  it.each<[string, string, SubPatchOperation[], string]>([
    ['yaml output has sorted keys and 2-space indent', 'z: 1\na:\n    w: 2\n    v: 1\n', [op('replace', '/z', 3)], 'a:\n  v: 1\n  w: 2\nz: 3\n'],
    ['yaml 1.1 key y is read as boolean true like go-yaml v2', 'y: 1\n', [op('add', '/b', 2)], 'b: 2\n"true": 1\n'],
    ['yaml comments and original formatting are lost', '# top\nb: [1, 2]   # trailing\n', [op('add', '/c', 'v')], 'b:\n- 1\n- 2\nc: v\n'],
    ['yaml add under an existing map', 'db:\n  host: a\n', [op('add', '/db/port', 5432)], 'db:\n  host: a\n  port: 5432\n'],
    ['yaml remove drops a key', 'a: 1\nb: 2\n', [op('remove', '/a')], 'b: 2\n'],
    ['yaml add with "-" appends to a list', 'l:\n- a\n', [op('add', '/l/-', 'b')], 'l:\n- a\n- b\n'],
    ['yaml value can be an object', 'a: 1\n', [op('replace', '/a', { k: 'v' })], 'a:\n  k: v\n'],
    ['yaml strings that look like other types are quoted', 'a: x\n', [op('replace', '/a', 'true')], 'a: "true"\n'],
    ['yaml 1.1 booleans (on/yes) are read as booleans', 'a: on\nb: x\n', [op('remove', '/b')], 'a: true\n'],
    ['yaml timestamps stay strings and are quoted', 'd: 2001-12-14\nb: x\n', [op('remove', '/b')], 'd: "2001-12-14"\n'],
    ['yaml keys sort like go-yaml (numbers numerically, non-letters first)', 'k10: 1\nk9: 2\na: 3\nK: 4\n_x: 5\n', [op('add', '/b', 0)], '_x: 5\nK: 4\na: 3\nb: 0\nk9: 2\nk10: 1\n'],
  ])('%s', (_name, raw, ops, expected) => {
    expect(patchYaml(raw, ops)).toBe(expected);
  });

  it.each<[string, string, SubPatchOperation[]]>([
    ['yaml replace of a missing key is an error', 'a: 1\n', [op('replace', '/b', 2)]],
    ['yaml add under a missing parent is an error', 'a: 1\n', [op('add', '/b/c', 2)]],
    ['yaml that is not a map or list is an error', 'just a string', [op('add', '/b', 2)]],
    ['empty yaml is an error', '', [op('add', '/b', 2)]],
    ['invalid yaml is an error', 'a: [1\n', [op('add', '/b', 2)]],
  ])('%s', (_name, raw, ops) => {
    expect(() => patchYaml(raw, ops)).toThrow();
  });
});

describe('fieldOverrider with json', () => {
  it.each<[string, string, SubPatchOperation[], string]>([
    ['json output is compact', '{\n  "a": 1,\n  "b": {"c": 2}\n}', [op('replace', '/b/c', 3)], '{"a":1,"b":{"c":3}}'],
    ['json keeps key order and appends new keys', '{"b":1,"a":2}', [op('add', '/c', 3)], '{"b":1,"a":2,"c":3}'],
    ['json arrays: add at index, remove at -1', '[1,2,3]', [op('add', '/0', 0), op('remove', '/-1')], '[0,1,2]'],
    ['json escapes <, > and & like Go', '{"a":"x"}', [op('replace', '/a', '<b>&')], '{"a":"\\u003cb\\u003e\\u0026"}'],
    ['an empty json string is returned unchanged', '', [op('add', '/a', 1)], ''],
  ])('%s', (_name, raw, ops, expected) => {
    expect(patchJson(raw, ops)).toBe(expected);
  });

  it.each<[string, string, SubPatchOperation[]]>([
    ['json remove of a missing key is an error', '{"a":1}', [op('remove', '/b')]],
    ['invalid json is an error', '{a:1}', [op('add', '/b', 1)]],
    ['a json scalar document is an error', '"text"', [op('add', '/b', 1)]],
    ['json null document is an error', 'null', [op('add', '/b', 1)]],
  ])('%s', (_name, raw, ops) => {
    expect(() => patchJson(raw, ops)).toThrow();
  });
});

describe('applyFieldOverrider', () => {
  const fo = (fieldPath: string, ops: { yaml?: SubPatchOperation[]; json?: SubPatchOperation[] }): FieldOverrider => ({ fieldPath, ...ops });

  it('patches the string at fieldPath and leaves the rest', () => {
    const obj = configMap({ 'app.yaml': 'a: 1\n', other: 'keep' });
    const out = applyFieldOverrider(obj, fo('/data/app.yaml', { yaml: [op('replace', '/a', 2)] }));
    expect(dataOf(out, 'app.yaml')).toBe('a: 2\n');
    expect(dataOf(out, 'other')).toBe('keep');
    expect(dataOf(obj, 'app.yaml')).toBe('a: 1\n');
  });

  it('fieldPath is a JSON pointer: ~1 addresses a key with "/"', () => {
    const out = applyFieldOverrider(configMap({ 'a/b.json': '{"x":1}' }), fo('/data/a~1b.json', { json: [op('replace', '/x', 2)] }));
    expect(dataOf(out, 'a/b.json')).toBe('{"x":2}');
  });

  it('yaml wins when both yaml and json are given', () => {
    const out = applyFieldOverrider(configMap({ c: 'a: 1\n' }), fo('/data/c', { yaml: [op('replace', '/a', 2)], json: [op('remove', '/zz')] }));
    expect(dataOf(out, 'c')).toBe('a: 2\n');
  });

  it('neither yaml nor json empties the field, as Karmada does', () => {
    expect(dataOf(applyFieldOverrider(configMap({ c: 'a: 1\n' }), fo('/data/c', {})), 'c')).toBe('');
  });

  it.each([
    ['a missing fieldPath is an error', '/data/missing'],
    ['a fieldPath to a non-string is an error', '/data/num'],
    ['a fieldPath to an object is an error', '/data'],
    ['a fieldPath through a missing parent is an error', '/spec/x'],
    ['a fieldPath without leading "/" is an error', 'data/c'],
  ])('%s', (_name, fieldPath) => {
    expect(() => applyFieldOverrider(configMap({ c: 'a: 1\n', num: 5 }), fo(fieldPath, { yaml: [op('replace', '/a', 2)] }))).toThrow();
  });
});

describe('a value the fieldOverrider cannot parse is reported without its text (it may be a Secret\'s)', () => {
  const fo = (fieldPath: string, ops: { yaml?: SubPatchOperation[]; json?: SubPatchOperation[] }): FieldOverrider => ({ fieldPath, ...ops });
  it.each<[string, string, 'yaml' | 'json', RegExp]>([
    ['JSON that is not JSON', 'hunter2-secret', 'json', /^the value is not valid JSON$/],
    ['JSON cut short', '{"a": "hunter2-secret"', 'json', /^the value is not valid JSON( \(at position \d+\))?$/],
    ['JSON with trailing text', '{"a": 1} hunter2-secret', 'json', /^the value is not valid JSON \(at position 9\)$/],
    ['YAML with a nested compact mapping', 'a: b: hunter2-secret', 'yaml', /^the value is not valid YAML \(at line 1, column 4\)$/],
    ['YAML with an unclosed quote', '"hunter2-secret', 'yaml', /^the value is not valid YAML \(at line 1, column \d+\)$/],
  ])('%s', (_name, value, format, message) => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, stringData: { c: value } } as KubeObject;
    const ops = [op('add', '/a', 1)];
    let thrown: unknown;
    try {
      applyFieldOverrider(secret, fo('/stringData/c', format === 'yaml' ? { yaml: ops } : { json: ops }));
    } catch (err) {
      thrown = err;
    }
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('hunter2');
    expect((thrown as Error).cause).toBeUndefined();
  });
});

describe('yaml rendering helpers', () => {
  it.each([
    ['a', 'b', true],
    ['B', 'a', true],
    ['_a', 'a', true],
    ['a9', 'a10', true],
    ['a10', 'a9', false],
    ['ab', 'abc', true],
  ])('goYamlKeyLess(%j, %j) is %s', (a, b, expected) => {
    expect(goYamlKeyLess(a, b)).toBe(expected);
  });

  it.each([
    ['null', { a: null }, 'a: null\n'],
    ['empty map and list', { a: {}, b: [] }, 'a: {}\nb: []\n'],
    ['multi-line strings use a literal block', { a: 'x\ny' }, 'a: |-\n  x\n  y\n'],
    ['an empty string is double-quoted', { a: '' }, 'a: ""\n'],
    ['a string that cannot be plain is single-quoted', { a: 'k: v' }, "a: 'k: v'\n"],
  ])('jsonToYaml renders %s like go-yaml', (_name, value, expected) => {
    expect(jsonToYaml(value)).toBe(expected);
  });
});
