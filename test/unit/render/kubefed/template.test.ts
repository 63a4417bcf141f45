import { describe, expect, it } from 'vitest';
import {
  bindingOf, clustersWith, deploymentTemplate, docs, federated, fedNamespace, ftc, FTC_CONFIGMAPS, FTC_DEPLOYMENTS, FTC_NAMESPACES, kubefedCluster,
  objectIn, renderFiles, replicasIn, STANDARD_FTCS, warningsOf, errorsOf,
} from './fixtures.js';

const CLUSTERS = docs(kubefedCluster('c1'), kubefedCluster('c2'));
const ALL = { clusterSelector: {} };

describe('KubeFed rendering of one cluster\'s object (§5 steps 1–3, 6)', () => {
  const render = (template: Record<string, unknown> | undefined, kind = 'Deployment', name = 'web') => renderFiles({
    'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS,
    'app.yaml': docs(fedNamespace('shop'), federated(kind, 'shop', name, { ...(template === undefined ? {} : { template }), placement: ALL })),
  });

  it('spec.replicas of the template is copied to every cluster, not divided', () => {
    expect(replicasIn(render(deploymentTemplate(5)), 'Deployment', 'web')).toEqual({ c1: 5, c2: 5 });
  });

  it('template annotations and finalizers are dropped, with a warning each (annotations only come from overrides)', () => {
    const template = { ...deploymentTemplate(), metadata: { labels: { app: 'web' }, annotations: { a: 'b' }, finalizers: ['x/y'] } };
    const plan = render(template);
    expect(objectIn(plan, 'c1', 'Deployment', 'web', 'shop')?.metadata).toEqual({ name: 'web', namespace: 'shop', labels: { app: 'web', 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' } });
    expect(warningsOf(plan)).toEqual([
      'FederatedDeployment/shop/web: spec.template.metadata.annotations is dropped by KubeFed (set it through overrides)',
      'FederatedDeployment/shop/web: spec.template.metadata.finalizers is dropped by KubeFed (set it through overrides)',
    ]);
  });

  it('metadata.name and metadata.namespace come from the federated object, overwriting the template\'s', () => {
    const template = { ...deploymentTemplate(), metadata: { name: 'other', namespace: 'elsewhere', labels: { app: 'web' } } };
    const obj = objectIn(render(template), 'c1', 'Deployment', 'web', 'shop');
    expect(obj?.metadata.name).toBe('web');
    expect(obj?.metadata.namespace).toBe('shop');
  });

  it('kind comes from the FTC\'s target type, whatever the template says', () => {
    const obj = objectIn(render({ ...deploymentTemplate(), kind: 'StatefulSet' }), 'c1', 'Deployment', 'web', 'shop');
    expect(obj?.kind).toBe('Deployment');
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['apiVersion defaults to the FTC target group/version', deploymentTemplate(), 'Deployment', 'apps/v1'],
    ['the template\'s own apiVersion is kept', { ...deploymentTemplate(), apiVersion: 'apps/v1beta2' }, 'Deployment', 'apps/v1beta2'],
    ['a core type defaults to "v1", never KubeFed\'s literal "/v1"', { data: { a: 'b' } }, 'ConfigMap', 'v1'],
  ])('%s', (_rule, template, kind, apiVersion) => {
    const name = kind === 'Deployment' ? 'web' : 'cfg';
    expect(objectIn(render(template, kind, name), 'c1', kind, name, 'shop')?.apiVersion).toBe(apiVersion);
  });

  it('template labels are kept and kubefed.io/managed: "true" is added', () => {
    expect(objectIn(render(deploymentTemplate()), 'c2', 'Deployment', 'web', 'shop')?.metadata.labels).toEqual({ app: 'web', 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' });
  });

  it('kubefed.io/managed is added after overrides: an override replacing all labels cannot remove it', () => {
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS,
      'app.yaml': docs(fedNamespace('shop'), federated('ConfigMap', 'shop', 'cfg', {
        template: { metadata: { labels: { a: '1' } }, data: {} }, placement: ALL,
        overrides: [{ clusterName: 'c1', clusterOverrides: [{ path: '/metadata/labels', value: { b: '2' } }] }],
      })),
    });
    expect(objectIn(plan, 'c1', 'ConfigMap', 'cfg', 'shop')?.metadata.labels).toEqual({ b: '2', 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' });
  });

  it('an absent template renders an object with only its identity', () => {
    expect(objectIn(render(undefined, 'ConfigMap', 'cfg'), 'c1', 'ConfigMap', 'cfg', 'shop')).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', labels: { 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' } },
    });
  });

  it('a cluster-scoped target gets no namespace', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'r.yaml': docs(federated('ClusterRole', undefined, 'reader', { template: { metadata: { namespace: 'x' }, rules: [] }, placement: ALL })) });
    expect(objectIn(plan, 'c1', 'ClusterRole', 'reader')?.metadata).toEqual({ name: 'reader', labels: { 'kubefed.io/managed': 'true', 'app.kubernetes.io/managed-by': 'gitfed' } });
    expect(bindingOf(plan, 'rbac.authorization.k8s.io/v1/ClusterRole/reader')?.policy).toBe('FederatedClusterRole/reader');
  });

  it('a namespaced federated object without a namespace is in default, as the API server would put it', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'app.yaml': docs(fedNamespace('default'), federated('ConfigMap', undefined, 'cfg', { template: { data: {} }, placement: ALL })) });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(['c1', 'c2']);
    expect(bindingOf(plan, 'v1/ConfigMap/default/cfg')?.policy).toBe('FederatedConfigMap/default/cfg');
  });
});

describe('FederatedTypeConfig (§2)', () => {
  const app = docs(fedNamespace('shop'), federated('ConfigMap', 'shop', 'cfg', { template: { data: {} }, placement: ALL }));

  it.each<[string, string, string[]]>([
    ['propagation Enabled propagates', 'Enabled', ['c1', 'c2']],
    ['propagation Disabled propagates nothing', 'Disabled', []],
  ])('%s', (_rule, propagation, expected) => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_NAMESPACES, ftc({ kind: 'ConfigMap', plural: 'configmaps' }, propagation)), 'app.yaml': app });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(expected);
  });

  it('with propagation Disabled the objects already propagated are left in place (the binding keeps them)', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_NAMESPACES, ftc({ kind: 'ConfigMap', plural: 'configmaps' }, 'Disabled')), 'app.yaml': app });
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')).toEqual({ resource: 'v1/ConfigMap/shop/cfg', policy: 'FederatedConfigMap/shop/cfg', clusters: [], reason: 'FederatedTypeConfig configmaps has propagation Disabled' });
  });

  it.each<[string]>([['enabled'], ['On'], ['']])('propagation must be exactly Enabled or Disabled: "%s" is an error', (propagation) => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_NAMESPACES, ftc({ kind: 'ConfigMap', plural: 'configmaps' }, propagation)), 'app.yaml': app });
    expect(errorsOf(plan)).toHaveLength(1);
  });

  it('a federated kind without an FTC is not propagated (a warning says so)', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_NAMESPACES), 'app.yaml': app });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual([]);
    expect(warningsOf(plan)).toEqual(['FederatedConfigMap/shop/cfg: no FederatedTypeConfig declares FederatedConfigMap (types.kubefed.io/v1beta1), so KubeFed does not propagate it']);
  });

  it('a repository without any FTC propagates no federated object', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'app.yaml': app });
    expect(Object.values(plan.clusters).flat()).toEqual([]);
  });

  it('a namespaced type needs the namespaces FTC: without it nothing namespaced propagates', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_CONFIGMAPS), 'app.yaml': app });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual([]);
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')?.reason).toBe('missing FederatedTypeConfig for namespaces');
  });

  it.each<[string, string, string | undefined]>([
    ['the name of a core type\'s FTC is its plural name', 'configmaps', undefined],
    ['the name of another group\'s FTC is <plural>.<group>', 'deployments.apps', undefined],
    ['the bare plural name is refused when the target has a group', 'deployments', 'deployments.apps'],
    ['any other name is an error', 'deploys', 'deployments.apps'],
  ])('%s', (_rule, name, expected) => {
    const config = name.startsWith('config') ? ftc({ kind: 'ConfigMap', plural: 'configmaps' }) : structuredClone(FTC_DEPLOYMENTS);
    (config.metadata as Record<string, unknown>).name = name;
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_NAMESPACES, config) });
    expect(errorsOf(plan)).toEqual(expected === undefined ? [] : [`must be "${expected}", the target type's plural name qualified by its group`]);
  });

  it('targetType pluralName and group default from the FTC name', () => {
    const config = structuredClone(FTC_DEPLOYMENTS);
    const target = (config.spec as { targetType: Record<string, unknown> }).targetType;
    delete target.group;
    delete target.pluralName;
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_NAMESPACES, config),
      'app.yaml': docs(fedNamespace('shop'), federated('Deployment', 'shop', 'web', { template: deploymentTemplate(), placement: ALL })),
    });
    expect(objectIn(plan, 'c1', 'Deployment', 'web', 'shop')?.apiVersion).toBe('apps/v1');
  });

  it('an FTC may name a federated type of its own group: its objects are federated objects, not templates', () => {
    const config = ftc({ kind: 'ConfigMap', plural: 'configmaps' });
    (config.spec as { federatedType: Record<string, unknown> }).federatedType = { group: 'fed.example.com', version: 'v1', kind: 'FedConfigMap', pluralName: 'fedconfigmaps', scope: 'Namespaced' };
    const object = { apiVersion: 'fed.example.com/v1', kind: 'FedConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, spec: { template: { data: {} }, placement: { clusters: [{ name: 'c2' }] } } };
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ftc.yaml': docs(FTC_NAMESPACES, config), 'app.yaml': docs(fedNamespace('shop'), object) });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(['c2']);
    expect(clustersWith(plan, 'FedConfigMap', 'cfg')).toEqual([]);
  });
});
