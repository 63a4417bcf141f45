import { describe, expect, it } from 'vitest';
import {
  bindingOf, deploymentTemplate, docs, federated, fedNamespace, FTC_DEPLOYMENTS, FTC_NAMESPACES, ftc, kubefedCluster, NOT_READY, objectIn, renderFiles,
  replicasIn, rsp, STANDARD_FTCS, warningsOf,
} from './fixtures.js';

const CLUSTERS = docs(kubefedCluster('c1', { tier: 'a' }), kubefedCluster('c2', { tier: 'a' }), kubefedCluster('c3', { tier: 'b' }));
const ALL = { clusterSelector: {} };
type Obj = Record<string, unknown>;

/** fnv1 is Go's hash/fnv New32 (FNV-1, multiply then xor), written here independently of the engine. */
function fnv1(text: string): number {
  let h = 2166136261;
  for (const b of Buffer.from(text, 'utf8')) h = (Math.imul(h, 16777619) ^ b) >>> 0;
  return h;
}

/** renderRsp renders FederatedDeployment shop/web (placement `placement`) with an RSP of that spec. */
function renderRsp(spec: Obj, opts: { placement?: Obj; nsPlacement?: Obj; template?: Obj; overrides?: Obj[]; clusters?: string; ftcs?: string; extra?: Obj[] } = {}) {
  const fed = federated('Deployment', 'shop', 'web', {
    template: opts.template ?? deploymentTemplate(3), placement: opts.placement ?? ALL, ...(opts.overrides ? { overrides: opts.overrides } : {}),
  });
  return renderFiles({
    'clusters.yaml': opts.clusters ?? CLUSTERS, 'ftc.yaml': opts.ftcs ?? STANDARD_FTCS,
    'app.yaml': docs(fedNamespace('shop', opts.nsPlacement ?? ALL), fed, rsp('shop', 'web', spec), ...(opts.extra ?? [])),
  });
}
const web = (plan: ReturnType<typeof renderRsp>) => replicasIn(plan, 'Deployment', 'web');

describe('ReplicaSchedulingPreference binding and activation (§7.1)', () => {
  it('an RSP binds to the federated object of targetKind with the same namespace and name; the binding names the RSP', () => {
    const plan = renderRsp({ totalReplicas: 6 });
    expect(web(plan)).toEqual({ c1: 2, c2: 2, c3: 2 });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/web')?.policy).toBe('ReplicaSchedulingPreference/shop/web');
  });

  it('an RSP of another name does nothing (there is no selector)', () => {
    const plan = renderRsp({ totalReplicas: 6 });
    const other = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS,
      'app.yaml': docs(fedNamespace('shop'), federated('Deployment', 'shop', 'web', { template: deploymentTemplate(3), placement: ALL }), rsp('shop', 'other', { totalReplicas: 6 })),
    });
    expect(web(plan)).toEqual({ c1: 2, c2: 2, c3: 2 });
    expect(web(other)).toEqual({ c1: 3, c2: 3, c3: 3 });
    expect(warningsOf(other)).toEqual(['ReplicaSchedulingPreference/shop/other: no FederatedDeployment shop/other of a scheduled, enabled type; it does nothing']);
  });

  it.each<[string]>([['FederatedConfigMap'], ['Deployment'], ['federateddeployment']])('targetKind %s is neither FederatedDeployment nor FederatedReplicaSet: the RSP is ignored', (targetKind) => {
    const plan = renderRsp({ targetKind, totalReplicas: 6 });
    expect(web(plan)).toEqual({ c1: 3, c2: 3, c3: 3 });
    expect(warningsOf(plan)).toEqual([`ReplicaSchedulingPreference/shop/web: targetKind "${targetKind}" is neither FederatedDeployment nor FederatedReplicaSet; KubeFed ignores it`]);
  });

  it('targetKind FederatedReplicaSet schedules a FederatedReplicaSet', () => {
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS,
      'app.yaml': docs(fedNamespace('shop'), federated('ReplicaSet', 'shop', 'rs', { template: deploymentTemplate(1), placement: ALL }), rsp('shop', 'rs', { targetKind: 'FederatedReplicaSet', totalReplicas: 3 })),
    });
    expect(replicasIn(plan, 'ReplicaSet', 'rs')).toEqual({ c1: 1, c2: 1, c3: 1 });
  });

  it('with the deployments FTC Disabled the scheduler is stopped too: nothing propagates and the RSP does nothing', () => {
    const plan = renderRsp({ totalReplicas: 6 }, { ftcs: docs(FTC_NAMESPACES, ftc({ group: 'apps', kind: 'Deployment', plural: 'deployments' }, 'Disabled')) });
    expect(web(plan)).toEqual({});
  });

  it('no ready cluster: the RSP does nothing', () => {
    const clusters = docs(kubefedCluster('c1', {}, NOT_READY), kubefedCluster('c2', {}, NOT_READY));
    const plan = renderRsp({ totalReplicas: 6 }, { clusters, placement: { clusters: [{ name: 'c1' }] } });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/web')).toMatchObject({ policy: 'FederatedDeployment/shop/web', clusters: [], notReady: ['c1'] });
    expect(warningsOf(plan)).toEqual(['ReplicaSchedulingPreference/shop/web does nothing: no ready cluster']);
  });
});

describe('RSP candidates (§7.2)', () => {
  it('without intersectWithClusterSelector: all ready clusters; the object\'s own placement is ignored and overwritten', () => {
    expect(web(renderRsp({ totalReplicas: 6 }, { placement: { clusters: [] } }))).toEqual({ c1: 2, c2: 2, c3: 2 });
    expect(web(renderRsp({ totalReplicas: 6 }, { placement: { clusterSelector: { matchLabels: { tier: 'b' } } } }))).toEqual({ c1: 2, c2: 2, c3: 2 });
  });

  it('intersectWithClusterSelector uses only the clusterSelector (the clusters list is ignored)', () => {
    const placement = { clusters: [{ name: 'c3' }], clusterSelector: { matchLabels: { tier: 'a' } } };
    expect(web(renderRsp({ totalReplicas: 6, intersectWithClusterSelector: true }, { placement }))).toEqual({ c1: 3, c2: 3 });
  });

  it('intersectWithClusterSelector intersects with the FederatedNamespace\'s selector placement', () => {
    const nsPlacement = { clusterSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] } };
    expect(web(renderRsp({ totalReplicas: 6, intersectWithClusterSelector: true }, { nsPlacement }))).toEqual({ c1: 3, c2: 3 });
  });

  it('intersectWithClusterSelector ignores the FederatedNamespace\'s clusters list too, which still limits the result afterwards', () => {
    const nsPlacement = { clusterSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }, clusters: [{ name: 'c1' }] };
    expect(web(renderRsp({ totalReplicas: 6, intersectWithClusterSelector: true }, { nsPlacement }))).toEqual({ c1: 3 });
  });

  it('intersectWithClusterSelector without a clusterSelector selects nothing: the RSP is a no-op and the placement stays as written', () => {
    const plan = renderRsp({ totalReplicas: 6, intersectWithClusterSelector: true }, { placement: { clusters: [{ name: 'c2' }] } });
    expect(web(plan)).toEqual({ c2: 3 });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/web')?.policy).toBe('FederatedDeployment/shop/web');
  });

  it('intersectWithClusterSelector without a FederatedNamespace is an error of the scheduler: the RSP is a no-op', () => {
    const plan = renderFiles({
      'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS,
      'app.yaml': docs(federated('Deployment', 'shop', 'web', { template: deploymentTemplate(3), placement: ALL }), rsp('shop', 'web', { totalReplicas: 6, intersectWithClusterSelector: true })),
    });
    expect(web(plan)).toEqual({});
    expect(warningsOf(plan)).toContain('ReplicaSchedulingPreference/shop/web does nothing: FederatedNamespace shop is missing');
  });
});

describe('RSP defaulting and planner rows (§7.3, §7.4) with key "shop/web"', () => {
  it.each<[string, Obj | undefined, number, Record<string, number>]>([
    ['an absent clusters map means "*": {weight: 1}', undefined, 6, { c1: 2, c2: 2, c3: 2 }],
    ['an empty clusters map means "*": {weight: 1}', {}, 6, { c1: 2, c2: 2, c3: 2 }],
    ['a map without "*": clusters without an entry are planned 0 and still receive the workload', { c1: { weight: 1 } }, 6, { c1: 6, c2: 0, c3: 0 }],
    ['weights divide in proportion', { c1: { weight: 1 }, c2: { weight: 2 }, c3: { weight: 3 } }, 12, { c1: 2, c2: 4, c3: 6 }],
    ['"*" applies to clusters without an explicit entry', { c1: { weight: 2 }, '*': { weight: 1 } }, 8, { c1: 4, c2: 2, c3: 2 }],
    ['an explicit entry replaces "*" completely (no field-wise merge)', { '*': { minReplicas: 3, weight: 1 }, c1: { weight: 1 } }, 6, { c1: 0, c2: 3, c3: 3 }],
    ['"*" is a literal key, not a glob', { 'c*': { weight: 1 } }, 6, { c1: 0, c2: 0, c3: 0 }],
    ['entries for non-candidate clusters are ignored', { nowhere: { weight: 100 }, '*': { weight: 1 } }, 3, { c1: 1, c2: 1, c3: 1 }],
    ['minReplicas are granted first', { c1: { minReplicas: 4, weight: 1 }, '*': { weight: 1 } }, 7, { c1: 5, c2: 1, c3: 1 }],
    ['maxReplicas caps a cluster and the rest goes to the others', { c1: { maxReplicas: 1, weight: 1 }, '*': { weight: 1 } }, 9, { c1: 1, c2: 4, c3: 4 }],
    ['all weights 0: fewer replicas than totalReplicas are scheduled', { '*': { weight: 0 } }, 6, { c1: 0, c2: 0, c3: 0 }],
    ['all clusters at max: the surplus is dropped', { '*': { maxReplicas: 1, weight: 1 } }, 9, { c1: 1, c2: 1, c3: 1 }],
    ['minReplicas with weight 0 only place the minimums', { '*': { minReplicas: 2, weight: 0 } }, 9, { c1: 2, c2: 2, c3: 2 }],
    ['totalReplicas 0 places 0 everywhere, still on every candidate', undefined, 0, { c1: 0, c2: 0, c3: 0 }],
  ])('%s', (_rule, clusters, totalReplicas, expected) => {
    expect(web(renderRsp({ totalReplicas, ...(clusters === undefined ? {} : { clusters }) }))).toEqual(expected);
  });

  it('remainders go to the earliest clusters in (weight desc, FNV-1(cluster + "ns/name") asc) order, not alphabetically', () => {
    const order = ['c1', 'c2', 'c3'].sort((a, b) => fnv1(`${a}shop/web`) - fnv1(`${b}shop/web`));
    const plan = web(renderRsp({ totalReplicas: 2 }));
    expect(plan).toEqual({ [order[0] as string]: 1, [order[1] as string]: 1, [order[2] as string]: 0 });
  });

  it('ties depend on the RSP key: the same preferences under another name may pick another cluster', () => {
    const winner = (name: string) => ['c1', 'c2', 'c3'].sort((a, b) => fnv1(`${a}shop/${name}`) - fnv1(`${b}shop/${name}`))[0];
    for (const name of ['web', 'api', 'db', 'queue']) {
      const plan = renderFiles({
        'clusters.yaml': CLUSTERS, 'ftc.yaml': STANDARD_FTCS,
        'app.yaml': docs(fedNamespace('shop'), federated('Deployment', 'shop', name, { template: deploymentTemplate(3), placement: ALL }), rsp('shop', name, { totalReplicas: 1 })),
      });
      expect(Object.entries(replicasIn(plan, 'Deployment', name)).filter(([, r]) => r === 1).map(([c]) => c)).toEqual([winner(name)]);
    }
  });

  it('ceil rounding: 50 over three equal clusters is 17/17/16', () => {
    expect(Object.values(web(renderRsp({ totalReplicas: 50 }))).sort()).toEqual([16, 17, 17]);
  });

  it('the template\'s spec.replicas is irrelevant, and may be absent', () => {
    expect(web(renderRsp({ totalReplicas: 6 }, { template: deploymentTemplate(undefined) }))).toEqual({ c1: 2, c2: 2, c3: 2 });
    expect(web(renderRsp({ totalReplicas: 6 }, { template: deploymentTemplate(100) }))).toEqual({ c1: 2, c2: 2, c3: 2 });
  });

  it('rebalance changes nothing in a stateless render (no current replica counts)', () => {
    const prefs = { c1: { weight: 1 }, c2: { weight: 2 } };
    expect(web(renderRsp({ totalReplicas: 9, rebalance: true, clusters: prefs }))).toEqual(web(renderRsp({ totalReplicas: 9, rebalance: false, clusters: prefs })));
  });
});

describe('What the RSP writes (§7.5)', () => {
  it('clusters planned 0 are placed too and receive the workload with replicas 0', () => {
    const plan = renderRsp({ totalReplicas: 2, clusters: { c1: { weight: 1 } } });
    expect(bindingOf(plan, 'apps/v1/Deployment/shop/web')?.clusters).toEqual([{ name: 'c1', replicas: 2 }, { name: 'c2', replicas: 0 }, { name: 'c3', replicas: 0 }]);
    expect((objectIn(plan, 'c3', 'Deployment', 'web', 'shop')?.spec as { replicas: number }).replicas).toBe(0);
  });

  it('an existing /spec/replicas override is updated in place and the cluster\'s other overrides are kept', () => {
    const overrides = [{ clusterName: 'c1', clusterOverrides: [{ path: '/spec/replicas', value: 99 }, { op: 'add', path: '/metadata/annotations', value: { a: 'b' } }] }];
    const plan = renderRsp({ totalReplicas: 6 }, { overrides });
    expect(web(plan)).toEqual({ c1: 2, c2: 2, c3: 2 });
    expect(objectIn(plan, 'c1', 'Deployment', 'web', 'shop')?.metadata.annotations).toEqual({ a: 'b' });
  });

  it('replicas planned for clusters outside the FederatedNamespace placement are lost, not redistributed', () => {
    const plan = renderRsp({ totalReplicas: 6 }, { nsPlacement: { clusters: [{ name: 'c1' }] } });
    expect(web(plan)).toEqual({ c1: 2 });
  });

  it('invalid overrides make the scheduler fail: the RSP does nothing and the resource is propagated nowhere', () => {
    const overrides = [{ clusterName: 'c1', clusterOverrides: [{ path: '/kind', value: 'x' }] }];
    const plan = renderRsp({ totalReplicas: 6 }, { overrides });
    expect(web(plan)).toEqual({});
    expect(warningsOf(plan)).toContain('ReplicaSchedulingPreference/shop/web does nothing: override[0] for cluster "c1" has an invalid path: /kind');
  });

  it('the RSP works without any FTC for replicasets (only deployments.apps and namespaces are needed)', () => {
    expect(web(renderRsp({ totalReplicas: 3 }, { ftcs: docs(FTC_NAMESPACES, FTC_DEPLOYMENTS) }))).toEqual({ c1: 1, c2: 1, c3: 1 });
  });
});
