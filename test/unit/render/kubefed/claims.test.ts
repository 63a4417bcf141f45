import { describe, expect, it } from 'vitest';
import { bindingOf, clustersWith, docs, errorsOf, federated, fedNamespace, ftc, kubefedCluster, renderFiles, STANDARD_FTCS } from './fixtures.js';

const CLUSTERS = docs(kubefedCluster('c1'), kubefedCluster('c2'));
const ALL = { clusterSelector: {} };
const plainConfigMap = (annotations?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', ...(annotations ? { annotations } : {}) }, data: { a: 'b' } });
const pp = { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'all-configmaps', namespace: 'shop' }, spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap' }] } };
const SELECTOR = { 'federation.alpha.kubernetes.io/cluster-selector': '[]' };

describe('one owner per resource: a template claimed by Karmada and by KubeFed (or Federation v1) is an error naming both', () => {
  it('a PropagationPolicy and a FederatedConfigMap placing the same ConfigMap', () => {
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'policy.yaml': docs(pp), 'cm.yaml': docs(plainConfigMap()),
      'fed.yaml': docs(fedNamespace('shop'), federated('ConfigMap', 'shop', 'cfg', { template: { data: {} }, placement: ALL })),
    });
    expect(errorsOf(plan)).toEqual(['v1/ConfigMap/shop/cfg is placed both by FederatedConfigMap/shop/cfg (fed.yaml:3) and by PropagationPolicy/shop/all-configmaps (policy.yaml:1); keep one owner']);
    expect(plan.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'fed.yaml', line: 3 });
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')).toBeUndefined();
  });

  it('a PropagationPolicy and a Federation v1 cluster-selector annotation on the same template', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'policy.yaml': docs(pp), 'cm.yaml': docs(plainConfigMap(SELECTOR)) });
    expect(errorsOf(plan)).toEqual(['v1/ConfigMap/shop/cfg is placed both by federation.alpha.kubernetes.io/cluster-selector (cm.yaml:1) and by PropagationPolicy/shop/all-configmaps (policy.yaml:1); keep one owner']);
  });

  it('a FederatedConfigMap and a Federation v1 annotated ConfigMap of the same name', () => {
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'cm.yaml': docs(plainConfigMap(SELECTOR)),
      'fed.yaml': docs(fedNamespace('shop'), federated('ConfigMap', 'shop', 'cfg', { template: { data: {} }, placement: ALL })),
    });
    expect(errorsOf(plan)).toEqual(['v1/ConfigMap/shop/cfg is placed both by FederatedConfigMap/shop/cfg (fed.yaml:3) and by federation.alpha.kubernetes.io/cluster-selector (cm.yaml:1); keep one owner']);
  });

  it('two federated kinds whose FTCs target the same kind, with one name', () => {
    // the plural name is free text: a second FTC for apps/v1 Deployments may call them "deploys"
    const second = ftc({ group: 'apps', kind: 'Deployment', plural: 'deploys' });
    (second.spec as Record<string, unknown>).federatedType = { group: 'legacy.example.com', version: 'v1', kind: 'FedDeploy', pluralName: 'feddeploys', scope: 'Namespaced' };
    const legacy = { apiVersion: 'legacy.example.com/v1', kind: 'FedDeploy', metadata: { name: 'web', namespace: 'shop' }, spec: { placement: ALL } };
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'ftc2.yaml': docs(second),
      'fed.yaml': docs(fedNamespace('shop'), federated('Deployment', 'shop', 'web', { placement: ALL }), legacy),
    });
    expect(errorsOf(plan)).toEqual(['apps/v1/Deployment/shop/web is placed both by FederatedDeployment/shop/web (fed.yaml:3) and by FedDeploy/shop/web (fed.yaml:5); keep one owner']);
  });

  it('Karmada\'s namespace sync is no claim: a Namespace with a FederatedNamespace goes only where that places it', () => {
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS,
      'ns.yaml': docs({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, fedNamespace('shop', { clusters: [{ name: 'c2' }] })),
    });
    expect(errorsOf(plan)).toEqual([]);
    expect(clustersWith(plan, 'Namespace', 'shop')).toEqual(['c2']);
    expect(bindingOf(plan, 'v1/Namespace/shop')?.policy).toBe('FederatedNamespace/shop/shop');
  });

  it('a plain Namespace without FederatedNamespace keeps Karmada\'s namespace sync (to every cluster)', () => {
    const plan = renderFiles({ 'clusters.yaml': CLUSTERS, 'ns.yaml': docs({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }) });
    expect(clustersWith(plan, 'Namespace', 'shop')).toEqual(['c1', 'c2']);
    expect(bindingOf(plan, 'v1/Namespace/shop')?.policy).toBe('namespace-sync');
  });

  it('a federated object and a plain template of its target without any Karmada policy: KubeFed places it, no conflict', () => {
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS, 'cm.yaml': docs(plainConfigMap()),
      'fed.yaml': docs(fedNamespace('shop'), federated('ConfigMap', 'shop', 'cfg', { template: { data: { from: 'kubefed' } }, placement: { clusters: [{ name: 'c1' }] } })),
    });
    expect(errorsOf(plan)).toEqual([]);
    expect(plan.clusters.c1?.find((o) => o.kind === 'ConfigMap')?.data).toEqual({ from: 'kubefed' });
  });
});
