import { describe, expect, it } from 'vitest';
import {
  bindingOf, clustersWith, docs, federated, fedNamespace, kubefedCluster, renderFiles, STANDARD_FTCS, warningsOf,
} from './fixtures.js';

const CLUSTERS = docs(kubefedCluster('c1'), kubefedCluster('c2', { foo: 'bar' }), kubefedCluster('c3', { foo: 'baz', env: 'prod' }));
const ROLE = { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };

/** placeRole renders a cluster-scoped FederatedClusterRole (no FederatedNamespace involved) with this spec. */
function placeRole(spec: Record<string, unknown>) {
  const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'role.yaml': docs(federated('ClusterRole', undefined, 'reader', spec)) });
  return { plan, clusters: clustersWith(plan, 'ClusterRole', 'reader') };
}

const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, ...(values ? { values } : {}) });

describe('KubeFed placement (§4 rules 1–3): clusters versus clusterSelector', () => {
  it.each<[string, Record<string, unknown> | undefined, string[]]>([
    ['clusters present is the whole answer: the clusterSelector is ignored', { clusters: [{ name: 'c1' }], clusterSelector: { matchLabels: { foo: 'bar' } } }, ['c1']],
    ['clusters: [] selects no cluster, even with an empty (match-all) selector', { clusters: [], clusterSelector: {} }, []],
    ['clusters: [] selects no cluster, even with a matching selector', { clusters: [], clusterSelector: { matchLabels: { foo: 'bar' } } }, []],
    ['clusters: null counts as absent: the selector decides', { clusters: null, clusterSelector: { matchLabels: { foo: 'bar' } } }, ['c2']],
    ['neither clusters nor clusterSelector selects no cluster', {}, []],
    ['no spec.placement at all selects no cluster', undefined, []],
    ['clusterSelector: null selects no cluster', { clusterSelector: null }, []],
    ['an empty clusterSelector {} selects every cluster', { clusterSelector: {} }, ['c1', 'c2', 'c3']],
    ['clusterSelector {matchLabels: {}} selects every cluster', { clusterSelector: { matchLabels: {} } }, ['c1', 'c2', 'c3']],
    ['clusterSelector {matchExpressions: []} selects every cluster', { clusterSelector: { matchExpressions: [] } }, ['c1', 'c2', 'c3']],
    ['matchLabels selects by equality on KubeFedCluster labels', { clusterSelector: { matchLabels: { foo: 'bar' } } }, ['c2']],
    ['matchLabels and matchExpressions are ANDed', { clusterSelector: { matchLabels: { foo: 'baz' }, matchExpressions: [expr('env', 'In', ['prod'])] } }, ['c3']],
    ['matchExpressions are ANDed with each other', { clusterSelector: { matchExpressions: [expr('foo', 'Exists'), expr('env', 'DoesNotExist')] } }, ['c2']],
    ['operator In', { clusterSelector: { matchExpressions: [expr('foo', 'In', ['bar', 'baz'])] } }, ['c2', 'c3']],
    ['operator NotIn also matches clusters lacking the key', { clusterSelector: { matchExpressions: [expr('foo', 'NotIn', ['bar'])] } }, ['c1', 'c3']],
    ['operator Exists', { clusterSelector: { matchExpressions: [expr('env', 'Exists')] } }, ['c3']],
    ['operator DoesNotExist', { clusterSelector: { matchExpressions: [expr('foo', 'DoesNotExist')] } }, ['c1']],
    ['unknown names in clusters are silently dropped (intersection with known clusters)', { clusters: [{ name: 'c1' }, { name: 'nowhere' }] }, ['c1']],
    ['a name listed twice in clusters is placed once', { clusters: [{ name: 'c2' }, { name: 'c2' }] }, ['c2']],
  ])('%s', (_rule, placement, expected) => {
    const { plan, clusters } = placeRole({ template: ROLE, ...(placement === undefined ? {} : { placement }) });
    expect(clusters).toEqual(expected);
    expect(bindingOf(plan, 'rbac.authorization.k8s.io/v1/ClusterRole/reader')?.clusters.map((c) => c.name)).toEqual(expected);
    expect(plan.diagnostics).toEqual([]);
  });
});

describe('KubeFed placement (§4 rule 2): a selector that cannot be built fails placement (ComputePlacementFailed)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['an operator other than In, NotIn, Exists, DoesNotExist', { matchExpressions: [expr('foo', 'Gt', ['1'])] }],
    ['a lower-case operator', { matchExpressions: [expr('foo', 'in', ['bar'])] }],
    ['In without values', { matchExpressions: [expr('foo', 'In', [])] }],
    ['Exists with values', { matchExpressions: [expr('foo', 'Exists', ['bar'])] }],
    ['an invalid label key', { matchLabels: { 'bad key': 'x' } }],
    ['an invalid label value', { matchLabels: { foo: 'not a label value' } }],
  ])('%s: propagated nowhere, reason ComputePlacementFailed, and a warning', (_rule, clusterSelector) => {
    const { plan, clusters } = placeRole({ template: ROLE, placement: { clusterSelector } });
    expect(clusters).toEqual([]);
    expect(bindingOf(plan, 'rbac.authorization.k8s.io/v1/ClusterRole/reader')?.reason).toMatch(/^ComputePlacementFailed: /);
    expect(warningsOf(plan)).toEqual([expect.stringMatching(/^FederatedClusterRole\/reader is propagated nowhere: ComputePlacementFailed/)]);
  });
});

describe('KubeFed placement (§4 rule 4): namespaced resources are limited by their FederatedNamespace', () => {
  const cm = (placement: Record<string, unknown>) => federated('ConfigMap', 'team', 'cfg', { template: { data: { a: 'b' } }, placement });
  const all = { clusterSelector: {} };
  it.each<[string, Record<string, unknown>[], string[], string[]]>([
    ['no FederatedNamespace: a namespaced resource goes nowhere (NamespaceNotFederated)', [cm(all)], [], []],
    ['placement is the resource placement ∩ the FederatedNamespace placement', [cm({ clusters: [{ name: 'c1' }, { name: 'c2' }] }), fedNamespace('team', { clusterSelector: { matchExpressions: [expr('foo', 'Exists')] } })], ['c2'], ['c2', 'c3']],
    ['the FederatedNamespace placement follows rule 1: its clusters: [] lets nothing in the namespace out', [cm(all), fedNamespace('team', { clusters: [], clusterSelector: {} })], [], []],
    ['the FederatedNamespace placement follows rule 2: no selector lets nothing out', [cm(all), fedNamespace('team', {})], [], []],
    ['the FederatedNamespace placement follows rule 2: an empty selector lets everything out', [cm(all), fedNamespace('team', all)], ['c1', 'c2', 'c3'], ['c1', 'c2', 'c3']],
    ['a FederatedNamespace of another namespace does not count', [cm(all), fedNamespace('other', all)], [], []],
  ])('%s', (_rule, objects, configMapIn, namespaceIn) => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(...objects) });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(configMapIn);
    expect(clustersWith(plan, 'Namespace', 'team')).toEqual(namespaceIn);
  });

  it('a namespace without FederatedNamespace is reported, and the resource is pruned rather than kept (KubeFed deletes it)', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(cm(all)) });
    expect(warningsOf(plan)).toEqual(['FederatedConfigMap/team/cfg: namespace team has no FederatedNamespace, so KubeFed propagates it nowhere (NamespaceNotFederated)']);
    expect(bindingOf(plan, 'v1/ConfigMap/team/cfg')).toEqual({ resource: 'v1/ConfigMap/team/cfg', policy: 'FederatedConfigMap/team/cfg', clusters: [] });
  });

  it('a cluster-scoped type is never limited by a FederatedNamespace', () => {
    const { clusters } = placeRole({ template: ROLE, placement: { clusterSelector: {} } });
    expect(clusters).toEqual(['c1', 'c2', 'c3']);
  });
});

describe('KubeFed placement (§4 rule 5): FederatedNamespace specifics', () => {
  const deploy = (ns: string) => federated('ConfigMap', ns, 'cfg', { template: { data: { a: 'b' } }, placement: { clusterSelector: {} } });
  it.each<[string]>([['default'], ['kube-system'], ['kube-public'], ['kube-federation-system']])(
    'system namespace %s: its Namespace is never propagated, but its FederatedNamespace still gates the resources in it', (ns) => {
      const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(fedNamespace(ns, { clusters: [{ name: 'c3' }] }), deploy(ns)) });
      expect(clustersWith(plan, 'Namespace', ns)).toEqual([]);
      expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(['c3']);
    });

  it('a FederatedNamespace named unlike its namespace is ignored (InvalidName): no Namespace, and it gates nothing', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(federated('Namespace', 'team', 'other', { placement: { clusterSelector: {} } }), deploy('team')) });
    expect(clustersWith(plan, 'Namespace', 'other')).toEqual([]);
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual([]);
    expect(warningsOf(plan)).toContain('FederatedNamespace/team/other must be named like its namespace (team); KubeFed ignores it (InvalidName)');
  });

  it('the Namespace object is rendered cluster-scoped, with the kubefed.io/managed label', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(fedNamespace('team', { clusters: [{ name: 'c1' }] })) });
    expect(plan.clusters.c1).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team', labels: { 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' } } }]);
  });
});
