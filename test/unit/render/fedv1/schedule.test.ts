import { describe, expect, it } from 'vitest';
import { bindingOf, clustersWith, docs, kubefedCluster, NOT_READY, objectIn, renderFiles, replicasIn, warningsOf } from '../kubefed/fixtures.js';

const CLUSTERS = docs(kubefedCluster('a', { tier: 'gold', zone: '1' }), kubefedCluster('b', { tier: 'silver', zone: '2' }), kubefedCluster('c', { zone: '3' }));
const DEPLOYMENT_PREFERENCES = 'federation.kubernetes.io/deployment-preferences';
const REPLICA_SET_PREFERENCES = 'federation.kubernetes.io/replica-set-preferences';
const CLUSTER_SELECTOR = 'federation.alpha.kubernetes.io/cluster-selector';

function workload(kind: string, annotations: Record<string, string>, replicas: number | null = 6) {
  return {
    apiVersion: 'apps/v1', kind, metadata: { name: 'w', namespace: 'shop', annotations },
    spec: { ...(replicas === null ? {} : { replicas }), selector: { matchLabels: { app: 'w' } }, template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'w', image: 'nginx' }] } } },
  };
}
const render = (objects: Record<string, unknown>[], clusters = CLUSTERS) => renderFiles({ 'clusters.yaml': clusters, 'app.yaml': docs(...objects) });
const ONLY_A = JSON.stringify({ clusters: { a: { weight: 1 } } });

describe('Federation v1 replica preferences (§8.1)', () => {
  it.each<[string, string, Record<string, string>, number | null, Record<string, number>]>([
    ['a Deployment reads deployment-preferences', 'Deployment', { [DEPLOYMENT_PREFERENCES]: ONLY_A }, 6, { a: 6, b: 0, c: 0 }],
    ['a Deployment does not read replica-set-preferences: it is split evenly', 'Deployment', { [REPLICA_SET_PREFERENCES]: ONLY_A }, 6, { a: 2, b: 2, c: 2 }],
    ['a ReplicaSet reads replica-set-preferences', 'ReplicaSet', { [REPLICA_SET_PREFERENCES]: ONLY_A }, 6, { a: 6, b: 0, c: 0 }],
    ['a ReplicaSet does not read deployment-preferences: it is split evenly', 'ReplicaSet', { [DEPLOYMENT_PREFERENCES]: ONLY_A }, 6, { a: 2, b: 2, c: 2 }],
    ['keys of the preferences are case-insensitive', 'Deployment', { [DEPLOYMENT_PREFERENCES]: '{"Clusters": {"a": {"Weight": 2}, "*": {"WEIGHT": 1}}}' }, 8, { a: 4, b: 2, c: 2 }],
    ['invalid JSON falls back to the even split', 'Deployment', { [DEPLOYMENT_PREFERENCES]: '{"clusters": ' }, 6, { a: 2, b: 2, c: 2 }],
    ['a decodable annotation without clusters places 0 everywhere (no "*" default in Federation v1)', 'Deployment', { [DEPLOYMENT_PREFERENCES]: '{"rebalance": true}' }, 6, { a: 0, b: 0, c: 0 }],
    ['the total is the object\'s own spec.replicas', 'Deployment', { [DEPLOYMENT_PREFERENCES]: '{"clusters": {"*": {"weight": 1}}}' }, 9, { a: 3, b: 3, c: 3 }],
    ['an absent spec.replicas is the API server default 1', 'Deployment', { [DEPLOYMENT_PREFERENCES]: '{"clusters": {"*": {"weight": 1}}}' }, null, { a: 0, b: 0, c: 0 }],
    ['minReplicas, maxReplicas and weights plan as in KubeFed', 'Deployment', { [DEPLOYMENT_PREFERENCES]: '{"clusters": {"a": {"minReplicas": 3, "weight": 0}, "b": {"maxReplicas": 1, "weight": 1}, "c": {"weight": 1}}}' }, 10, { a: 3, b: 1, c: 6 }],
  ])('%s', (_rule, kind, annotations, replicas, expected) => {
    const plan = render([workload(kind, annotations, replicas)]);
    const got = replicasIn(plan, kind, 'w');
    if (replicas === null) {
      // one replica over three equal clusters: the hash of "<cluster>shop/w" decides which
      expect(Object.values(got).sort()).toEqual([0, 0, 1]);
    } else expect(got).toEqual(expected);
    expect(Object.keys(got)).toEqual(['a', 'b', 'c']);
  });

  it('every candidate cluster receives a copy, 0 replicas included, and the copy keeps labels and annotations', () => {
    const annotations = { [DEPLOYMENT_PREFERENCES]: ONLY_A, other: 'kept' };
    const plan = render([{ ...workload('Deployment', annotations), metadata: { name: 'w', namespace: 'shop', labels: { app: 'w' }, annotations } }]);
    const b = objectIn(plan, 'b', 'Deployment', 'w', 'shop');
    expect(b?.spec).toMatchObject({ replicas: 0 });
    expect(b?.metadata.annotations).toEqual(annotations);
    expect(b?.metadata.labels).toEqual({ app: 'w', 'app.kubernetes.io/managed-by': 'gitfed' });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/w')).toEqual({
      resource: 'apps/v1/Deployment/shop/w', policy: DEPLOYMENT_PREFERENCES, clusters: [{ name: 'a', replicas: 6 }, { name: 'b', replicas: 0 }, { name: 'c', replicas: 0 }],
    });
  });

  it('undecodable preferences and a preferences key of the other kind are reported as warnings', () => {
    expect(warningsOf(render([workload('Deployment', { [DEPLOYMENT_PREFERENCES]: '{' })]))).toEqual([expect.stringMatching(/^Deployment\/shop\/w: annotation federation.kubernetes.io\/deployment-preferences cannot be decoded/)]);
    expect(warningsOf(render([workload('Deployment', { [REPLICA_SET_PREFERENCES]: ONLY_A })]))).toEqual([`Deployment/shop/w: a Deployment reads only annotation ${DEPLOYMENT_PREFERENCES}; its replicas are split evenly`]);
  });

  it('ties are broken by the FNV-1 hash of the cluster name followed by "namespace/name"', () => {
    const fnv1 = (text: string) => [...Buffer.from(text)].reduce((h, b) => (Math.imul(h, 16777619) ^ b) >>> 0, 2166136261);
    const plan = render([workload('ReplicaSet', { [REPLICA_SET_PREFERENCES]: '{"clusters": {"*": {"weight": 1}}}' }, 1)]);
    const winner = ['a', 'b', 'c'].sort((x, y) => fnv1(`${x}shop/w`) - fnv1(`${y}shop/w`))[0] as string;
    expect(Object.entries(replicasIn(plan, 'ReplicaSet', 'w')).filter(([, r]) => r === 1).map(([c]) => c)).toEqual([winner]);
  });
});

describe('Federation v1 cluster selector annotation (§8.2)', () => {
  const cm = (selector: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', annotations: { [CLUSTER_SELECTOR]: selector } }, data: {} });
  it.each<[string, string, string[]]>([
    ['a selector places any kind on the clusters it matches', '[{"key": "tier", "operator": "in", "values": ["gold", "silver"]}]', ['a', 'b']],
    ['!= also matches clusters without the label', '[{"key": "tier", "operator": "!=", "values": ["gold"]}]', ['b', 'c']],
    ['requirements are ANDed', '[{"key": "tier", "operator": "exists"}, {"key": "zone", "operator": "gt", "values": ["1"]}]', ['b']],
    ['an empty list matches every cluster', '[]', ['a', 'b', 'c']],
    ['an unknown operator sends the object nowhere', '[{"key": "tier", "operator": "like", "values": ["gold"]}]', []],
    ['bad JSON sends the object nowhere', '[{"key": ', []],
  ])('%s', (_rule, selector, expected) => {
    const plan = render([cm(selector)]);
    expect(clustersWith(plan, 'ConfigMap', 'cfg')).toEqual(expected);
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')?.policy).toBe(CLUSTER_SELECTOR);
  });

  it('an invalid selector changes nothing anywhere: the binding keeps what the clusters hold, and a warning says why', () => {
    const plan = render([cm('[{"key": "tier", "operator": "like"}]')]);
    expect(bindingOf(plan, 'v1/ConfigMap/shop/cfg')?.reason).toMatch(/^invalid federation.alpha.kubernetes.io\/cluster-selector: /);
    expect(warningsOf(plan)).toEqual([expect.stringMatching(/^ConfigMap\/shop\/cfg: annotation federation.alpha.kubernetes.io\/cluster-selector is invalid/)]);
  });

  it('the planner only sees the clusters that pass the selector', () => {
    const plan = render([workload('Deployment', { [CLUSTER_SELECTOR]: '[{"key": "tier", "operator": "exists"}]' }, 6)]);
    expect(replicasIn(plan, 'Deployment', 'w')).toEqual({ a: 3, b: 3 });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/w')?.policy).toBe(CLUSTER_SELECTOR);
  });

  it('a cluster that is not ready is no candidate and is left alone', () => {
    const clusters = docs(kubefedCluster('a', {}, NOT_READY), kubefedCluster('b'), kubefedCluster('c'));
    const plan = render([workload('Deployment', { [DEPLOYMENT_PREFERENCES]: '{"clusters": {"*": {"weight": 1}}}' }, 6)], clusters);
    expect(replicasIn(plan, 'Deployment', 'w')).toEqual({ b: 3, c: 3 });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/w')?.notReady).toEqual(['a']);
  });

  it('an object without any Federation v1 annotation is not placed by Federation v1', () => {
    const plan = render([workload('Deployment', {})]);
    expect(plan.bindings).toEqual([]);
  });
});
