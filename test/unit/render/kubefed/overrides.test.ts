import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../src/model/kube.js';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { snapshotOf } from '../../../helpers/builders.js';
import { bindingOf, clustersWith, docs, federated, fedNamespace, kubefedCluster, objectIn, renderFiles, STANDARD_FTCS, warningsOf } from './fixtures.js';

const CLUSTERS = docs(kubefedCluster('c1'), kubefedCluster('c2'));
const TEMPLATE = { metadata: { labels: { app: 'web' } }, data: { a: '1', list: '' }, items: ['x', 'y'] };
type Override = { op?: string; path: string; value?: unknown };

/** renderOverrides renders a FederatedConfigMap placed on c1 and c2, with these overrides. */
function renderOverrides(overrides: { clusterName: string; clusterOverrides: Override[] }[], placement: Record<string, unknown> = { clusters: [{ name: 'c1' }, { name: 'c2' }] }) {
  const template = JSON.parse(JSON.stringify(TEMPLATE)) as JsonObject;
  return renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(fedNamespace('shop'), federated('ConfigMap', 'shop', 'cfg', { template, placement, overrides })) });
}

const on = (cluster: string, ...clusterOverrides: Override[]) => ({ clusterName: cluster, clusterOverrides });
const c1Object = (plan: ReturnType<typeof renderOverrides>) => objectIn(plan, 'c1', 'ConfigMap', 'cfg', 'shop') as JsonObject | undefined;

describe('KubeFed overrides validation (§6): any violation voids the resource on every cluster (ApplyOverridesFailed)', () => {
  it.each<[string, ReturnType<typeof on>[], string]>([
    ['a clusterName listed twice', [on('c1', { path: '/data/a', value: '2' }), on('c1', { path: '/data/b', value: '3' })], 'cluster "c1" appears more than once'],
    ['a path listed twice for one cluster', [on('c1', { path: '/data/a', value: '2' }, { op: 'add', path: '/data/a', value: '3' })], 'path "/data/a" appears more than once for cluster "c1"'],
    ['forbidden path /metadata/namespace', [on('c2', { path: '/metadata/namespace', value: 'x' })], 'override[0] for cluster "c2" has an invalid path: /metadata/namespace'],
    ['forbidden path /metadata/name', [on('c1', { path: '/data/a', value: '2' }, { path: '/metadata/name', value: 'x' })], 'override[1] for cluster "c1" has an invalid path: /metadata/name'],
    ['forbidden path /metadata/generateName', [on('c1', { op: 'add', path: '/metadata/generateName', value: 'x' })], 'override[0] for cluster "c1" has an invalid path: /metadata/generateName'],
    ['forbidden path /kind', [on('c1', { path: '/kind', value: 'Secret' })], 'override[0] for cluster "c1" has an invalid path: /kind'],
    ['a violation in the overrides of a cluster outside the placement', [on('elsewhere', { path: '/kind', value: 'Secret' })], 'override[0] for cluster "elsewhere" has an invalid path: /kind'],
  ])('%s', (_rule, overrides, message) => {
    const plan = renderOverrides(overrides);
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual([]);
    // KubeFed changes nothing anywhere: the binding keeps what the clusters hold
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')).toMatchObject({ clusters: [], reason: `ApplyOverridesFailed: ${message}` });
    expect(warningsOf(plan)).toEqual([`FederatedConfigMap/shop/cfg is propagated nowhere: ApplyOverridesFailed: ${message}`]);
  });

  it.each<[string, ReturnType<typeof on>[]]>([
    ['/apiVersion may be overridden', [on('c1', { path: '/apiVersion', value: 'v1' })]],
    ['the same path for two different clusters is fine', [on('c1', { path: '/data/a', value: '2' }), on('c2', { path: '/data/a', value: '3' })]],
    ['the same path with another spelling is another path', [on('c1', { path: '/data/a', value: '2' }, { path: '/data/a/', op: 'remove' })]],
  ])('%s', (_rule, overrides) => {
    const plan = renderOverrides(overrides);
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')?.reason).toBeUndefined();
  });

  it('no cluster selected: the overrides are never validated', () => {
    const plan = renderOverrides([on('c1', { path: '/kind', value: 'x' })], { clusters: [] });
    expect(warningsOf(plan)).toEqual([]);
  });
});

describe('KubeFed overrides schema (CRD): refused documents are errors with file, line and field', () => {
  it.each<[string, string, number, string]>([
    ['op must be add, remove, replace or empty', '      - {op: move, path: /data/a}', 14, 'spec.overrides[0].clusterOverrides[0].op'],
    ['path is required', '      - {op: add, value: x}', 14, 'spec.overrides[0].clusterOverrides[0].path'],
  ])('%s', (_rule, line, at, field) => {
    const text = [
      'apiVersion: types.kubefed.io/v1beta1', 'kind: FederatedConfigMap', 'metadata:', '  name: cfg', '  namespace: shop', 'spec:',
      '  template:', '    data: {a: "1"}', '  placement:', '    clusters: [{name: c1}]', '  overrides:', '  - clusterName: c1', '    clusterOverrides:', line,
    ].join('\n');
    const c = loadCatalog(snapshotOf({ 'app.yaml': text }));
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ file: 'app.yaml', line: at, field })]);
  });
});

describe('KubeFed overrides application (§6): evanphx/json-patch v4.11.0 on the rendered object', () => {
  it.each<[string, Override[], Record<string, unknown>]>([
    ['an empty op is replace', [{ path: '/data/a', value: '2' }], { data: { a: '2', list: '' } }],
    ['op replace of an existing key', [{ op: 'replace', path: '/data/a', value: '2' }], { data: { a: '2', list: '' } }],
    ['replace of a missing key whose parent exists adds it (v4.11.0, not RFC 6902)', [{ op: 'replace', path: '/data/b', value: 'new' }], { data: { a: '1', list: '', b: 'new' } }],
    ['a missing op (replace) of a missing key adds it too', [{ path: '/spec', value: { replicas: 2 } }], { spec: { replicas: 2 } }],
    ['add of an object key creates it', [{ op: 'add', path: '/data/b', value: 'x' }], { data: { a: '1', list: '', b: 'x' } }],
    ['add of an existing object key overwrites it', [{ op: 'add', path: '/data/a', value: 'x' }], { data: { a: 'x', list: '' } }],
    ['remove of an existing key', [{ op: 'remove', path: '/data/a' }], { data: { list: '' } }],
    ['add /metadata/annotations works although template annotations are stripped', [{ op: 'add', path: '/metadata/annotations', value: { k: 'v' } }], { metadata: { name: 'cfg', namespace: 'shop', labels: { app: 'web', 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' }, annotations: { k: 'v' } } }],
    ['add in an array inserts before the index', [{ op: 'add', path: '/items/1', value: 'z' }], { items: ['x', 'z', 'y'] }],
    ['add in an array at its length appends', [{ op: 'add', path: '/items/2', value: 'z' }], { items: ['x', 'y', 'z'] }],
    ['add in an array at "-" appends', [{ op: 'add', path: '/items/-', value: 'z' }], { items: ['x', 'y', 'z'] }],
    ['replace of an array element', [{ op: 'replace', path: '/items/0', value: 'z' }], { items: ['z', 'y'] }],
    ['remove of an array element', [{ op: 'remove', path: '/items/0' }], { items: ['y'] }],
    ['~1 in a path is "/" and ~0 is "~"', [{ op: 'add', path: '/data/a~1b~0c', value: 'x' }], { data: { a: '1', list: '', 'a/b~c': 'x' } }],
    ['0 is a real value', [{ path: '/data/a', value: 0 }], { data: { a: 0, list: '' } }],
    ['false is a real value', [{ path: '/data/a', value: false }], { data: { a: false, list: '' } }],
    ['"" is a real value', [{ path: '/data/a', value: '' }], { data: { a: '', list: '' } }],
    ['a null value is left out of the patch, so the operation writes null', [{ op: 'add', path: '/data/a', value: null }], { data: { a: null, list: '' } }],
    ['operations run in list order', [{ path: '/data', value: { z: '1' } }, { op: 'add', path: '/data/y', value: '2' }], { data: { z: '1', y: '2' } }],
  ])('%s', (_rule, overrides, expected) => {
    const plan = renderOverrides([on('c1', ...overrides)]);
    expect(c1Object(plan)).toMatchObject(expected);
    expect(objectIn(plan, 'c2', 'ConfigMap', 'cfg', 'shop')?.data).toEqual({ a: '1', list: '' });
    expect(warningsOf(plan)).toEqual([]);
  });

  it.each<[string, Override[]]>([
    ['remove of a missing key fails', [{ op: 'remove', path: '/data/missing' }]],
    ['replace of /metadata/annotations/<k> fails: the template annotations were stripped', [{ op: 'replace', path: '/metadata/annotations/k', value: 'v' }]],
    ['remove of /metadata/annotations/<k> fails for the same reason', [{ op: 'remove', path: '/metadata/annotations/k' }]],
    ['every intermediate segment must exist: add below a missing key fails', [{ op: 'add', path: '/spec/template/x', value: 1 }]],
    ['add in an array past its length fails', [{ op: 'add', path: '/items/3', value: 'z' }]],
    ['replace of an out-of-range array index fails', [{ op: 'replace', path: '/items/2', value: 'z' }]],
    ['remove of an out-of-range array index fails', [{ op: 'remove', path: '/items/5' }]],
    ['an array index that is not a number fails', [{ op: 'add', path: '/items/x', value: 'z' }]],
    ['the root path "" fails in v4.11.0', [{ op: 'replace', path: '', value: {} }]],
    ['the first failing operation fails the whole patch, even after successful ones', [{ path: '/data/a', value: '2' }, { op: 'remove', path: '/data/missing' }]],
  ])('%s: that cluster only gets nothing, and what it holds is kept', (_rule, overrides) => {
    const plan = renderOverrides([on('c1', ...overrides)]);
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(['c2']);
    // a KubeFed cluster voided by a failing override is not listed in the binding; reconcile keeps the copy it has
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')?.clusters).toEqual([{ name: 'c2' }]);
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')?.overrideFailed).toEqual(['c1']);
    expect(warningsOf(plan)).toEqual([expect.stringMatching(/^FederatedConfigMap\/shop\/cfg is not rendered for cluster c1: /)]);
  });

  it('overrides for clusters outside the placement are ignored and never add placement', () => {
    const plan = renderOverrides([on('c2', { path: '/data/a', value: '2' })], { clusters: [{ name: 'c1' }] });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(['c1']);
    expect(c1Object(plan)?.data).toEqual({ a: '1', list: '' });
  });
});
