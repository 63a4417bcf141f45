import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { snapshotOf } from '../../../helpers/builders.js';

const load = (files: Record<string, string>) => loadCatalog(snapshotOf(files));
const FED_CM = 'apiVersion: types.kubefed.io/v1beta1\nkind: FederatedConfigMap\nmetadata:\n  name: cfg\n  namespace: shop\nspec:\n  template:\n    data: {a: b}\n  placement:\n    clusters: [{name: c1}]\n';

describe('loadCatalog: KubeFed documents', () => {
  it('federated objects, FTCs, RSPs and KubeFedClusters are read as such, never as resource templates', () => {
    const c = load({
      'fed.yaml': FED_CM,
      'rsp.yaml': 'apiVersion: scheduling.kubefed.io/v1alpha1\nkind: ReplicaSchedulingPreference\nmetadata: {name: web, namespace: shop}\nspec: {targetKind: FederatedDeployment, totalReplicas: 3}\n',
      'ftc.yaml': 'apiVersion: core.kubefed.io/v1beta1\nkind: FederatedTypeConfig\nmetadata: {name: configmaps}\nspec:\n  targetType: {version: v1, kind: ConfigMap, scope: Namespaced}\n  federatedType: {group: types.kubefed.io, version: v1beta1, kind: FederatedConfigMap, pluralName: federatedconfigmaps, scope: Namespaced}\n  propagation: Enabled\n',
      'cluster.yaml': 'apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedCluster\nmetadata: {name: c1, namespace: kube-federation-system}\nspec: {apiEndpoint: \'https://c1.example\', secretRef: {name: c1}}\n',
    });
    expect(c.templates).toEqual([]);
    expect(c.diagnostics).toEqual([]);
    expect(c.clusters.map((x) => x.name)).toEqual(['c1']);
    expect(c.kubefed?.federated.map((f) => [f.kind, f.namespace, f.name, f.placement])).toEqual([['FederatedConfigMap', 'shop', 'cfg', { clusters: ['c1'] }]]);
    expect(c.kubefed?.rsps.map((r) => [r.namespace, r.name, r.totalReplicas])).toEqual([['shop', 'web', 3]]);
    expect(c.kubefed?.typeConfigs.map((f) => [f.name, f.targetType.pluralName, f.targetType.group])).toEqual([['configmaps', 'configmaps', '']]);
  });

  it('an object of types.kubefed.io without an FTC is still a federated object, not a template', () => {
    const c = load({ 'fed.yaml': FED_CM });
    expect(c.templates).toEqual([]);
    expect(c.kubefed?.federated).toHaveLength(1);
  });

  it.each<[string, string]>([
    ['KubeFedConfig', 'apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedConfig\nmetadata: {name: kubefed, namespace: kube-federation-system}\nspec: {scope: Cluster}\n'],
    ['a DNS record', 'apiVersion: multiclusterdns.kubefed.io/v1alpha1\nkind: ServiceDNSRecord\nmetadata: {name: web, namespace: shop}\nspec: {}\n'],
  ])('%s acts on the control plane only: ignored with a warning, never a template', (_name, text) => {
    const c = load({ 'x.yaml': text });
    expect(c.templates).toEqual([]);
    expect(c.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'x.yaml', line: 2, field: 'kind' })]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a federated object declared twice', { 'a.yaml': FED_CM, 'b.yaml': FED_CM }, 'federated object types.kubefed.io/v1beta1/FederatedConfigMap/shop/cfg is declared twice (first at a.yaml:1)'],
    ['an RSP declared twice', { 'a.yaml': 'apiVersion: scheduling.kubefed.io/v1alpha1\nkind: ReplicaSchedulingPreference\nmetadata: {name: w, namespace: s}\nspec: {targetKind: FederatedDeployment, totalReplicas: 1}\n---\napiVersion: scheduling.kubefed.io/v1alpha1\nkind: ReplicaSchedulingPreference\nmetadata: {name: w, namespace: s}\nspec: {targetKind: FederatedDeployment, totalReplicas: 2}\n' }, 'ReplicaSchedulingPreference s/w is declared twice (first at a.yaml:1)'],
  ])('%s is an error', (_name, files, message) => {
    expect(load(files).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([message]);
  });

  it.each<[string, string, string, number]>([
    ['an RSP needs totalReplicas', 'apiVersion: scheduling.kubefed.io/v1alpha1\nkind: ReplicaSchedulingPreference\nmetadata: {name: w, namespace: s}\nspec:\n  targetKind: FederatedDeployment\n', 'spec.totalReplicas', 4],
    ['an RSP weight must be an integer', 'apiVersion: scheduling.kubefed.io/v1alpha1\nkind: ReplicaSchedulingPreference\nmetadata: {name: w, namespace: s}\nspec:\n  targetKind: FederatedDeployment\n  totalReplicas: 3\n  clusters:\n    c1: {weight: "2"}\n', 'spec.clusters.c1.weight', 8],
    ['a placement cluster needs a name', FED_CM.replace('[{name: c1}]', '[{}]'), 'spec.placement.clusters[0].name', 10],
    ['placment (a typo) is an unknown field of a federated object', FED_CM.replace('placement:', 'placment:'), 'spec.placment', 9],
    ['weigth in an RSP is an unknown field', 'apiVersion: scheduling.kubefed.io/v1alpha1\nkind: ReplicaSchedulingPreference\nmetadata: {name: web, namespace: shop}\nspec:\n  targetKind: FederatedDeployment\n  totalReplicas: 3\n  clusters:\n    c1: {weigth: 2}\n', 'spec.clusters.c1.weigth', 8],
    ['a FederatedTypeConfig needs a targetType kind', 'apiVersion: core.kubefed.io/v1beta1\nkind: FederatedTypeConfig\nmetadata: {name: configmaps}\nspec:\n  targetType: {version: v1, scope: Namespaced}\n  federatedType: {group: types.kubefed.io, version: v1beta1, kind: FederatedConfigMap, scope: Namespaced}\n  propagation: Enabled\n', 'spec.targetType.kind', 5],
    ['a KubeFedCluster label must be a string', 'apiVersion: core.kubefed.io/v1beta1\nkind: KubeFedCluster\nmetadata:\n  name: c1\n  labels: {n: 1}\nspec: {apiEndpoint: \'https://c1.example\', secretRef: {name: c1}}\n', 'metadata.labels.n', 5],
  ])('%s: an error naming the file, line and field', (_name, text, field, line) => {
    expect(load({ 'x.yaml': text }).diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ file: 'x.yaml', line, field })]);
  });

  it('a misspelt placement field is an unknown field, and the name it stands for is missing, as strict validation reports them', () => {
    const errors = load({ 'x.yaml': FED_CM.replace('[{name: c1}]', '[{cluster: c1}]') }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ line: 10, field: 'spec.placement.clusters[0].name', message: 'is required' }),
      expect.objectContaining({ line: 10, field: 'spec.placement.clusters[0].cluster', message: 'unknown field "cluster"' }),
    ]);
  });
});
