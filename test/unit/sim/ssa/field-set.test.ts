import { describe, expect, it } from 'vitest';
import { fieldPathStrings, fieldSet, fromFieldsV1, toFieldsV1 } from '../../../../src/sim/ssa/field-set.js';
import { fieldElement, keyElement, pathToString, valueElement, indexElement } from '../../../../src/sim/ssa/path.js';
import { apply, deployment, entries } from './helpers.js';

const WORKED_EXAMPLE = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"nginx"}': {
            '.': {}, 'f:image': {}, 'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
};

describe('FieldsV1 encoding (§1.3)', () => {
  it('exact encoding of the worked example §1.5, key order included', () => {
    const obj = apply(undefined, deployment({ replicas: 2 }), 'A');
    const [entry] = entries(obj);
    expect(entry).toMatchObject({ manager: 'A', operation: 'Apply', apiVersion: 'apps/v1', time: '2025-05-01T10:00:00Z', fieldsType: 'FieldsV1' });
    expect(JSON.stringify(entry?.fieldsV1)).toBe(JSON.stringify(WORKED_EXAMPLE));
    expect(Object.keys(entry ?? {})).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
  });

  it.each([
    ['worked example', WORKED_EXAMPLE],
    ['member with children gets "."', { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } }],
    ['set items', { 'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a.io/x"': {}, 'v:"b.io/y"': {} } } }],
    ['index items', { 'f:spec': { 'f:x': { 'i:2': {}, 'i:10': {} } } }],
  ])('FieldsV1 round trip: %s', (_name, fields) => {
    expect(JSON.stringify(toFieldsV1(fromFieldsV1(fields)))).toBe(JSON.stringify(fields));
  });

  it('element ordering: "." first, then f: byte-wise, then k:, v:, i:', () => {
    const set = fieldSet([
      [fieldElement('x'), indexElement(10)], [fieldElement('x'), indexElement(2)], [fieldElement('x'), valueElement('v')],
      [fieldElement('x'), keyElement({ name: 'a' })], [fieldElement('x'), fieldElement('b')], [fieldElement('x'), fieldElement('B')],
      [fieldElement('x')],
    ]);
    expect(Object.keys(toFieldsV1(set)['f:x'] as object)).toEqual(['.', 'f:B', 'f:b', 'k:{"name":"a"}', 'v:"v"', 'i:2', 'i:10']);
  });

  it('key fields are sorted by name in k:{…}', () => {
    expect(keyElement({ protocol: 'TCP', containerPort: 80 })).toBe('k:{"containerPort":80,"protocol":"TCP"}');
  });

  it.each([
    [[fieldElement('spec'), fieldElement('replicas')], '.spec.replicas'],
    [[fieldElement('spec'), fieldElement('containers'), keyElement({ name: 'nginx' }), fieldElement('image')], '.spec.containers[name="nginx"].image'],
    [[fieldElement('ports'), keyElement({ containerPort: 80, protocol: 'TCP' })], '.ports[containerPort=80,protocol="TCP"]'],
    [[fieldElement('finalizers'), valueElement('x')], '.finalizers[="x"]'],
    [[fieldElement('args'), indexElement(3)], '.args[3]'],
  ])('human path string %#', (path, text) => {
    expect(pathToString(path)).toBe(text);
  });

  it('decoding: {} is a member, a non-empty object only a prefix unless it holds "."', () => {
    expect(fieldPathStrings(fromFieldsV1({ 'f:a': { 'f:b': {} }, 'f:c': { '.': {}, 'f:d': {} } }))).toEqual(['.c', '.a.b', '.c.d']) // SMD Set.Iterate: members of a level before child subtrees;
  });
});
