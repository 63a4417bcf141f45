import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { snapshotOf } from '../../../helpers/builders.js';

const cm = (name: string, ns?: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}data: {a: b}\n`;
const cluster = (name: string) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\n`;
const errors = (files: Record<string, string>) => loadCatalog(snapshotOf(files)).diagnostics.filter((d) => d.severity === 'error');

describe('loadCatalog: files and documents', () => {
  it('reads every document of a multi-document file', () => {
    const c = loadCatalog(snapshotOf({ 'a.yaml': `${cm('one')}---\n${cm('two')}---\n${cluster('m1')}` }));
    expect(c.templates.map((t) => t.key)).toEqual(['v1/ConfigMap/default/one', 'v1/ConfigMap/default/two']);
    expect(c.templates.map((t) => t.source)).toEqual([{ file: 'a.yaml', line: 1 }, { file: 'a.yaml', line: 7 }]);
    expect(c.clusters.map((x) => x.name)).toEqual(['m1']);
    expect(c.diagnostics).toEqual([]);
  });

  it.each<[string, string]>([
    ['a dot-directory is skipped', '.git/x.yaml'],
    ['a nested dot-directory is skipped', 'apps/.cache/x.yaml'],
    ['a non-manifest extension is skipped', 'apps/x.txt'],
    ['the repository config file gitfed.yaml is not a template', 'gitfed.yaml'],
  ])('%s', (_name, path) => {
    const c = loadCatalog(snapshotOf({ [path]: cm('skipped'), 'apps/kept.yaml': cm('kept') }));
    expect(c.templates.map((t) => t.object.metadata.name)).toEqual(['kept']);
    expect(c.diagnostics).toEqual([]);
  });

  it('expands kind: List into its items, each with the line of its item', () => {
    const list = [
      'apiVersion: v1', 'kind: List', 'items:',
      '  - apiVersion: v1', '    kind: ConfigMap', '    metadata: {name: a}',
      '  - apiVersion: cluster.karmada.io/v1alpha1', '    kind: Cluster', '    metadata: {name: m1}',
      '  - apiVersion: v1', '    kind: ConfigMap', '    metadata: {name: b, labels: {x: 1}}',
    ].join('\n');
    const c = loadCatalog(snapshotOf({ 'l.yaml': list }));
    expect(c.templates.map((t) => [t.key, t.source.line])).toEqual([['v1/ConfigMap/default/a', 4]]);
    expect(c.clusters.map((x) => [x.name, x.source.line])).toEqual([['m1', 7]]);
    // the error inside item 2 points at its own line and names the field relative to the item
    expect(c.diagnostics).toEqual([expect.objectContaining({ severity: 'error', file: 'l.yaml', line: 12, field: 'metadata.labels.x' })]);
  });

  it.each<[string, string, string]>([
    ['a namespaced template without a namespace goes to default', cm('a'), 'v1/ConfigMap/default/a'],
    ['a namespaced template keeps its namespace', cm('a', 'team'), 'v1/ConfigMap/team/a'],
    ['a Namespace is cluster-scoped', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n', 'v1/Namespace/team'],
    ['a ClusterRole is cluster-scoped even with a namespace written', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: x}\n', 'rbac.authorization.k8s.io/v1/ClusterRole/r'],
    ['a CRD is cluster-scoped', 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n', 'apiextensions.k8s.io/v1/CustomResourceDefinition/widgets.example.com'],
    ['an unknown custom kind is namespaced', 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n', 'example.com/v1/Gadget/default/g'],
  ])('%s', (_name, text, key) => {
    const c = loadCatalog(snapshotOf({ 'a.yaml': text }));
    expect(c.templates.map((t) => t.key)).toEqual([key]);
  });

  it('a kind declared cluster-scoped by a CRD in the repository gets no namespace, wherever the CRD is', () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata: {name: widgets.example.com}',
      'spec:', '  group: example.com', '  scope: Cluster', '  names: {kind: Widget, plural: widgets}',
    ].join('\n');
    const nsCrd = crd.replace('scope: Cluster', 'scope: Namespaced').replace(/Widget/g, 'Gizmo').replace(/widgets/g, 'gizmos');
    const c = loadCatalog(snapshotOf({
      'a/widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: ignored}\n',
      'a/gizmo.yaml': 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: g}\n',
      'z/crds.yaml': `${crd}\n---\n${nsCrd}\n`,
    }));
    const keys = c.templates.map((t) => t.key);
    expect(keys).toContain('example.com/v1/Widget/w');
    expect(keys).toContain('example.com/v1/Gizmo/default/g');
    expect(c.templates.find((t) => t.key === 'example.com/v1/Widget/w')?.object.metadata).toEqual({ name: 'w' });
  });

  it('does not share objects with the snapshot text or between loads', () => {
    const snap = snapshotOf({ 'a.yaml': cm('a') });
    const first = loadCatalog(snap);
    (first.templates[0]?.object.metadata as { name: string }).name = 'changed';
    expect(loadCatalog(snap).templates[0]?.object.metadata.name).toBe('a');
  });
});

describe('loadCatalog: duplicates and bad documents', () => {
  it.each<[string, Record<string, string>, string, number, RegExp]>([
    ['a duplicate cluster name is an error at the second declaration',
      { 'a.yaml': cluster('m1'), 'b.yaml': `# x\n${cluster('m1')}` }, 'b.yaml', 2, /^cluster m1 is declared twice \(first at a\.yaml:1\)$/],
    ['a duplicate template is an error at the second declaration (namespace defaulted first)',
      { 'a.yaml': cm('x'), 'b.yaml': cm('x', 'default') }, 'b.yaml', 1, /^resource v1\/ConfigMap\/default\/x is declared twice \(first at a\.yaml:1\)$/],
    ['a duplicate propagation policy is an error',
      { 'p.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: p}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n---\napiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: p}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: Secret}]\n' },
      'p.yaml', 7, /^policy ClusterPropagationPolicy\/\/p is declared twice \(first at p\.yaml:1\)$/],
    ['a duplicate override policy is an error',
      { 'o.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: OverridePolicy\nmetadata: {name: o, namespace: n}\nspec: {}\n---\napiVersion: policy.karmada.io/v1alpha1\nkind: OverridePolicy\nmetadata: {name: o, namespace: n}\nspec: {}\n' },
      'o.yaml', 6, /^policy OverridePolicy\/n\/o is declared twice/],
  ])('%s', (_name, files, file, line, message) => {
    const errs = errors(files);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ file, line });
    expect(errs[0]?.message).toMatch(message);
  });

  it.each<[string, Record<string, string>]>([
    ['same name in different namespaces', { 'a.yaml': cm('x', 'a'), 'b.yaml': cm('x', 'b') }],
    ['a PP and a CPP of the same name', {
      'p.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n---\napiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: p}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n',
    }],
  ])('no duplicate for %s', (_name, files) => {
    expect(errors(files)).toEqual([]);
  });

  it.each<[string, string, number, string | undefined, RegExp]>([
    ['invalid YAML names the file and line', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n namespace: b\n', 5, undefined, /^invalid YAML/],
    ['a template without a name', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n', 3, 'metadata.name', /is required/],
    ['a template without apiVersion', 'kind: ConfigMap\nmetadata: {name: a}\n', 1, 'apiVersion', /is required/],
    ['a non-string label', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    n: 1\n', 6, 'metadata.labels.n', /must be a string, got number 1/],
    ['a taint with a bad effect on a cluster', `${cluster('m1')}spec:\n  taints:\n    - key: k\n      effect: Never\n`, 8, 'spec.taints[0].effect', /unsupported value "Never"/],
  ])('%s', (_name, text, line, field, message) => {
    const c = loadCatalog(snapshotOf({ 'dir/f.yaml': text }));
    const errs = c.diagnostics.filter((d) => d.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ file: 'dir/f.yaml', line, ...(field ? { field } : {}) });
    expect(errs[0]?.message).toMatch(message);
    expect(c.templates).toEqual([]);
    expect(c.clusters).toEqual([]);
  });

  it('another policy.karmada.io kind is ignored with a warning: it never reaches member clusters', () => {
    const c = loadCatalog(snapshotOf({ 'q.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: FederatedResourceQuota\nmetadata: {name: a}\n' }));
    expect(c.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'q.yaml', line: 2, field: 'kind' })]);
    expect(c.templates).toEqual([]);
  });

  it('a PropagationPolicy being deleted claims nothing', () => {
    const pp = 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, deletionTimestamp: "2024-01-01T00:00:00Z"}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n';
    const c = loadCatalog(snapshotOf({ 'p.yaml': pp }));
    expect(c.diagnostics).toEqual([]);
    expect(c.propagationPolicies).toEqual([]);
  });

  it('files are read in path order so diagnostics are deterministic', () => {
    const c = loadCatalog(snapshotOf({ 'b.yaml': 'kind: [\n', 'a.yaml': 'kind: [\n' }));
    expect(c.diagnostics.map((d) => d.file)).toEqual(['a.yaml', 'b.yaml']);
  });
});

describe('loadCatalog: clusters', () => {
  it('normalises a cluster: labels, provider, region, zones, taints, deletion, context, summary', () => {
    const text = [
      'apiVersion: cluster.karmada.io/v1alpha1', 'kind: Cluster', 'metadata:', '  name: m1',
      '  labels: {env: prod}', '  annotations: {gitfed.io/context: ctx-1}', '  deletionTimestamp: "2024-01-01T00:00:00Z"',
      'spec:', '  provider: aws', '  region: eu', '  zones: [eu-1a, eu-1b]',
      '  taints: [{key: k, value: v, effect: NoSchedule}]',
      'status:', '  resourceSummary:', '    allocatable: {pods: 10, cpu: "4"}',
    ].join('\n');
    const [c] = loadCatalog(snapshotOf({ 'c.yaml': text })).clusters;
    expect(c).toEqual({
      name: 'm1', labels: { env: 'prod' }, provider: 'aws', region: 'eu', zones: ['eu-1a', 'eu-1b'],
      taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }], deleting: true, context: 'ctx-1',
      source: { file: 'c.yaml', line: 1 }, resourceSummary: { allocatable: { pods: 10, cpu: '4' } },
    });
  });

  it('a minimal cluster gets empty defaults and the deprecated spec.zone is only a warning', () => {
    const c = loadCatalog(snapshotOf({ 'c.yaml': `${cluster('m1')}spec:\n  zone: z1\n` }));
    expect(c.clusters[0]).toMatchObject({ labels: {}, provider: '', region: '', zones: [], taints: [], deleting: false, context: 'm1' });
    expect(c.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 6, field: 'spec.zone' })]);
  });
});
