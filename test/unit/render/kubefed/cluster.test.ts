import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { snapshotOf } from '../../../helpers/builders.js';
import {
  bindingOf, clustersWith, deploymentTemplate, docs, federated, fedNamespace, kubefedCluster, NOT_READY, READY, renderFiles, rsp, STANDARD_FTCS,
} from './fixtures.js';

const karmadaCluster = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name, labels } });
const everywhere = (ns = 'shop') => docs(fedNamespace(ns), federated('ConfigMap', ns, 'cfg', { template: { data: { a: 'b' } }, placement: { clusterSelector: {} } }));

describe('KubeFedCluster readiness (§3): status from the repository when it carries one, no status means ready', () => {
  it.each<[string, Record<string, unknown> | undefined, boolean]>([
    ['a KubeFedCluster without status is ready', undefined, true],
    ['condition Ready "True" is ready', READY, true],
    ['condition Ready "False" is not ready', { conditions: [{ type: 'Ready', status: 'False' }] }, false],
    ['condition Ready "Unknown" is not ready', { conditions: [{ type: 'Ready', status: 'Unknown' }] }, false],
    ['only condition Offline "True" (no Ready) is not ready', { conditions: [{ type: 'Offline', status: 'True' }] }, false],
    ['Ready "True" next to other conditions is ready', { conditions: [{ type: 'Offline', status: 'False' }, { type: 'Ready', status: 'True' }] }, true],
    ['a status with an empty conditions list is not ready', { conditions: [] }, false],
    ['a status without conditions (zones and region only) is not ready, as KubeFed reads it', { region: 'eu', zones: ['a'] }, false],
    ['Ready "true" in lower case is not ready (only the exact "True" counts)', { conditions: [{ type: 'Ready', status: 'true' }] }, false],
  ])('%s', (_rule, status, ready) => {
    const plan = renderFiles({ 'clusters.yaml': docs(kubefedCluster('c1', {}, status), kubefedCluster('c2')), 'ftc.yaml': STANDARD_FTCS, 'app.yaml': everywhere() });
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(ready ? ['c1', 'c2'] : ['c2']);
    const binding = bindingOf(plan, 'v1/ConfigMap/shop/cfg');
    expect(binding?.clusters.map((c) => c.name)).toEqual(ready ? ['c1', 'c2'] : ['c2']);
    // KubeFed neither creates, updates nor deletes in a cluster that is not ready: its objects are kept
    expect(binding?.notReady).toEqual(ready ? undefined : ['c1']);
    expect(Object.keys(plan.clusters)).toEqual(['c1', 'c2']);
  });

  it('a cluster that is not ready is no candidate of the replica scheduler', () => {
    const plan = renderFiles({
      'clusters.yaml': docs(kubefedCluster('c1', {}, NOT_READY), kubefedCluster('c2'), kubefedCluster('c3')), 'ftc.yaml': STANDARD_FTCS,
      'app.yaml': docs(fedNamespace('shop'), federated('Deployment', 'shop', 'web', { template: deploymentTemplate(), placement: { clusters: [{ name: 'c1' }] } }), rsp('shop', 'web', { totalReplicas: 4 })),
    });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/web')?.clusters).toEqual([{ name: 'c2', replicas: 2 }, { name: 'c3', replicas: 2 }]);
  });
});

describe('KubeFedCluster membership (§1)', () => {
  it.each<[string, string | undefined, boolean]>([
    ['a KubeFedCluster in kube-federation-system is a member', 'kube-federation-system', true],
    ['a KubeFedCluster without a namespace is a member (as applied to the KubeFed namespace)', undefined, true],
    ['a KubeFedCluster in another namespace is not a member', 'elsewhere', false],
  ])('%s', (_rule, namespace, member) => {
    const cluster = kubefedCluster('c1', { env: 'prod' });
    const meta = cluster.metadata as Record<string, unknown>;
    if (namespace === undefined) delete meta.namespace;
    else meta.namespace = namespace;
    const c = loadCatalog(snapshotOf({ 'clusters.yaml': docs(cluster) }));
    expect(c.clusters.map((x) => x.name)).toEqual(member ? ['c1'] : []);
    expect(c.diagnostics.map((d) => d.severity)).toEqual(member ? [] : ['warning']);
  });

  it('a KubeFedCluster becomes a member cluster with its labels, status region and zones, and gitfed.io/context', () => {
    const cluster = kubefedCluster('c1', { env: 'prod' }, { ...READY, region: 'eu', zones: ['eu-1a'] });
    (cluster.metadata as Record<string, unknown>).annotations = { 'gitfed.io/context': 'ctx-1' };
    const [c] = loadCatalog(snapshotOf({ 'clusters.yaml': docs(cluster) })).clusters;
    expect(c).toMatchObject({ name: 'c1', labels: { env: 'prod' }, region: 'eu', zones: ['eu-1a'], context: 'ctx-1', ready: true, source: { file: 'clusters.yaml', line: 1 } });
  });

  it('KubeFedClusters and Karmada Clusters mix freely: both are members and both are matched by KubeFed selectors', () => {
    const plan = renderFiles({
      'kubefed.yaml': docs(kubefedCluster('kf', { env: 'prod' })), 'karmada.yaml': docs(karmadaCluster('km', { env: 'prod' }), karmadaCluster('dev', { env: 'dev' })),
      'ftc.yaml': STANDARD_FTCS,
      'app.yaml': docs(fedNamespace('shop'), federated('ConfigMap', 'shop', 'cfg', { template: { data: { a: 'b' } }, placement: { clusterSelector: { matchLabels: { env: 'prod' } } } })),
    });
    expect(Object.keys(plan.clusters)).toEqual(['dev', 'kf', 'km']);
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(['kf', 'km']);
  });

  it('one cluster name declared twice, by a KubeFedCluster and a Karmada Cluster, is an error with both places', () => {
    const c = loadCatalog(snapshotOf({ 'a.yaml': docs(karmadaCluster('m1')), 'b.yaml': docs(kubefedCluster('m1')) }));
    expect(c.diagnostics).toEqual([{ severity: 'error', file: 'b.yaml', line: 1, message: 'cluster m1 is declared twice (first at a.yaml:1)' }]);
  });

  it('one cluster name declared twice by two KubeFedClusters is an error', () => {
    const c = loadCatalog(snapshotOf({ 'a.yaml': docs(kubefedCluster('m1'), kubefedCluster('m1')) }));
    expect(c.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([['error', 3, 'cluster m1 is declared twice (first at a.yaml:1)']]);
  });

  it('Karmada policies place templates on KubeFedClusters too', () => {
    const pp = { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'p', namespace: 'default' }, spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap' }], placement: { clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } } } };
    const plan = renderFiles({ 'c.yaml': docs(kubefedCluster('kf', { env: 'prod' }), kubefedCluster('other')), 'p.yaml': docs(pp), 'cm.yaml': docs({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {} }) });
    expect(clustersWith(plan, 'ConfigMap', 'x')).toEqual(['kf']);
  });
});
