import { describe, expect, it } from 'vitest';
import { decodeFieldsV1, pathToString } from '../../../src/kube/fields-v1.js';
import { latestOwner, listKeyNames, ownersOf, ownership } from '../../../src/drift/managers.js';

// The worked example of ssa-semantics.md §1.5: applied by gitfed, scaled by kubectl, image edited by kubectl-edit.
const managedFields = [
  {
    manager: 'gitfed', operation: 'Apply', apiVersion: 'apps/v1', time: '2025-05-01T10:00:00Z', fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {}, 'f:name': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    },
  },
  { manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', subresource: 'scale', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
  {
    manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: '2025-05-01T11:00:00Z', fieldsType: 'FieldsV1',
    fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {} } } } } } },
  },
];

const container = ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}'];

describe('decodeFieldsV1', () => {
  it.each([
    ['a leaf `{}` is a member', { 'f:spec': { 'f:replicas': {} } }, ['.spec.replicas']],
    ['a prefix is not a member without `.`', { 'f:metadata': { 'f:labels': { 'f:app': {} } } }, ['.metadata.labels.app']],
    ['`.` makes a prefix a member', { 'f:spec': { 'f:strategy': { '.': {}, 'f:type': {} } } }, ['.spec.strategy', '.spec.strategy.type']],
    ['list items by key', { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } }, ['.ports[port=80,protocol="TCP"]', '.ports[port=80,protocol="TCP"].port']],
    ['set items', { 'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} } } }, ['.metadata.finalizers[="a/b"]']],
    ['anything but an object decodes to nothing', 'f:spec', []],
  ])('%s', (_what, fields, paths) => {
    expect(decodeFieldsV1(fields).map(pathToString)).toEqual(paths);
  });
});

describe('ownersOf', () => {
  const tree = ownership(managedFields);
  const managers = (path: string[]) => ownersOf(tree, path).map((o) => o.manager);

  it.each([
    ['a scaled field belongs to the scale writer', ['f:spec', 'f:replicas'], ['kubectl']],
    ['an edited image inside a keyed item belongs to its editor', [...container, 'f:image'], ['kubectl-edit']],
    ['the item key field belongs to the applier', [...container, 'f:name'], ['gitfed']],
    ['an unowned field inside an owned item falls back to the item', [...container, 'f:imagePullPolicy'], ['gitfed']],
    ['a field under an atomic map belongs to its owner', ['f:spec', 'f:selector', 'f:matchLabels', 'f:app'], ['gitfed']],
    ['a port item keyed with its defaulted protocol', [...container, 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}', 'f:protocol'], ['gitfed']],
    ['a list compared whole: the owners of its items', ['f:spec', 'f:template', 'f:spec', 'f:containers'], ['gitfed', 'kubectl-edit']],
    ['a defaulted field nobody wrote', ['f:spec', 'f:strategy', 'f:type'], []],
    ['a status field', ['f:status', 'f:replicas'], []],
  ])('%s', (_what, path, expected) => {
    expect(managers(path)).toEqual(expected);
  });

  it('keeps the subresource and operation of an owner', () => {
    expect(ownersOf(tree, ['f:spec', 'f:replicas'])).toEqual([{ manager: 'kubectl', operation: 'Update', subresource: 'scale' }]);
  });

  it('unreadable managedFields own nothing', () => {
    expect(ownersOf(ownership('garbage'), ['f:spec'])).toEqual([]);
    expect(ownersOf(ownership([{ operation: 'Apply', fieldsV1: { 'f:spec': {} } }]), ['f:spec'])).toEqual([]);
  });
});

describe('listKeyNames and latestOwner', () => {
  const tree = ownership(managedFields);
  it.each([
    ['containers are keyed by name', ['f:spec', 'f:template', 'f:spec', 'f:containers'], ['name']],
    ['ports by containerPort and protocol', [...container, 'f:ports'], ['containerPort', 'protocol']],
    ['a list with no recorded items has no keys', ['f:spec', 'f:template', 'f:spec', 'f:volumes'], undefined],
  ])('%s', (_what, path, keys) => {
    expect(listKeyNames(tree, path)).toEqual(keys);
  });

  it('the owner with the newest time wins; an absent time counts as oldest', () => {
    const owners = [{ manager: 'a', operation: 'Update' }, { manager: 'b', operation: 'Update', time: '2025-01-01T00:00:00Z' }, { manager: 'c', operation: 'Apply', time: '2024-01-01T00:00:00Z' }];
    expect(latestOwner(owners)?.manager).toBe('b');
    expect(latestOwner([])).toBeUndefined();
  });
});
