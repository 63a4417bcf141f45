import { describe, expect, it } from 'vitest';
import type { ClusterCondition, ReadyStatus } from '../../../../src/model/cluster-health.js';
import { renderSnapshot, type HealthInput } from '../../../../src/render/index.js';
import { snapshotOf } from '../../../helpers/builders.js';

// Failover in render (karmada-semantics §8a): the taints health adds and the moment are inputs, the placement
// is a fresh schedule without the clusters a NoExecute taint evicts.

const T0 = Date.parse('2026-12-04T10:00:00Z');
const clusterDoc = (name: string, pods: number) =>
  `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\nspec: {region: r-${name}}\nstatus:\n  resourceSummary:\n    allocatable: {pods: ${pods}, cpu: "100"}\n`;
const CLUSTERS = [clusterDoc('m1', 10), clusterDoc('m2', 20), clusterDoc('m3', 30)].join('---\n');
const web = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: app, image: nginx}]}\n`;
const policy = (placement: string) => `apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: app}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]\n  placement: ${placement}\n`;
const DIVIDED = '{replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}}';
const ready = (status: ReadyStatus, since = T0): ClusterCondition => ({
  type: 'Ready', status, reason: status === 'True' ? 'ClusterReady' : 'ClusterNotReachable', message: '',
  lastProbeTime: new Date(since).toISOString(), lastTransitionTime: new Date(since).toISOString().replace('.000Z', 'Z'),
});
const health = (down: Record<string, ReadyStatus>, secondsLater: number): HealthInput => ({
  conditions: new Map(['m1', 'm2', 'm3'].map((n) => [n, ready(down[n] ?? 'True')])),
  now: T0 + secondsLater * 1000,
});

/** replicasOf renders and tells, per cluster holding web, its replicas (Duplicated: the template's). */
function replicasOf(placement: string, h: HealthInput | undefined, extra: Record<string, string> = {}, replicas = 6): Record<string, number> {
  const { plan } = renderSnapshot(snapshotOf({ 'clusters.yaml': CLUSTERS, 'app.yaml': `${web(replicas)}---\n${policy(placement)}`, ...extra }), undefined, undefined, h);
  expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const out: Record<string, number> = {};
  for (const [cluster, objects] of Object.entries(plan.clusters)) {
    const w = objects.find((o) => o.kind === 'Deployment');
    if (w) out[cluster] = (w.spec as { replicas: number }).replicas;
  }
  return out;
}

const OFF = { 'gitfed.yaml': 'failover: {defaultTaintPolicy: false}\n' };

describe('failover: which clusters leave the placement', () => {
  it.each<[string, string, HealthInput | undefined, Record<string, string>, Record<string, number>]>([
    ['without health, render ignores it', DIVIDED, undefined, {}, { m1: 2, m2: 2, m3: 2 }],
    ['every member Ready: nothing moves', DIVIDED, health({}, 1000), {}, { m1: 2, m2: 2, m3: 2 }],
    ['built-in policy: an unreachable member stays while the default 300 s toleration runs', DIVIDED, health({ m3: 'Unknown' }, 299), {}, { m1: 2, m2: 2, m3: 2 }],
    ['built-in policy: at 300 s the toleration expired, static weights are renormalised over the survivors', DIVIDED, health({ m3: 'Unknown' }, 300), {}, { m1: 3, m2: 3 }],
    ['built-in policy: a not-ready member (Ready=False) leaves the same way', DIVIDED, health({ m2: 'False' }, 300), {}, { m1: 3, m3: 3 }],
    ['failover.defaultTolerationSeconds shortens the default toleration', DIVIDED, health({ m3: 'Unknown' }, 30), { 'gitfed.yaml': 'failover: {defaultTolerationSeconds: 30}\n' }, { m1: 3, m2: 3 }],
    ['the built-in policy turned off: NoSchedule taints only, nothing moves', DIVIDED, health({ m3: 'Unknown' }, 100_000), OFF, { m1: 2, m2: 2, m3: 2 }],
    ['a policy\'s own toleration without tolerationSeconds tolerates for ever',
      '{clusterTolerations: [{key: cluster.karmada.io/unreachable, operator: Exists, effect: NoExecute}], replicaScheduling: {replicaSchedulingType: Divided}}',
      health({ m3: 'Unknown' }, 100_000), {}, { m1: 2, m2: 2, m3: 2 }],
    ['a policy\'s own toleration of 0 s evicts at once',
      '{clusterTolerations: [{key: cluster.karmada.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 0}], replicaScheduling: {replicaSchedulingType: Divided}}',
      health({ m3: 'Unknown' }, 0), {}, { m1: 3, m2: 3 }],
    ['an own toleration of one key leaves the default for the other key',
      '{clusterTolerations: [{key: cluster.karmada.io/unreachable, operator: Exists, effect: NoExecute}], replicaScheduling: {replicaSchedulingType: Divided}}',
      health({ m2: 'False' }, 300), {}, { m1: 3, m3: 3 }],
    ['an Exists toleration without a key is the policy\'s own toleration of every key',
      '{clusterTolerations: [{operator: Exists}], replicaScheduling: {replicaSchedulingType: Divided}}', health({ m3: 'Unknown' }, 100_000), {}, { m1: 2, m2: 2, m3: 2 }],
  ])('%s', (_rule, placement, h, extra, expected) => {
    expect(replicasOf(placement, h, extra)).toEqual(expected);
  });
});

describe('failover: the policy\'s own division and constraints still hold', () => {
  it.each<[string, string, Record<string, ReadyStatus>, Record<string, number>]>([
    ['static weights: the survivors keep their ratio', '{replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted, weightPreference: {staticWeightList: [{targetCluster: {clusterNames: [m1]}, weight: 1}, {targetCluster: {clusterNames: [m2]}, weight: 2}, {targetCluster: {clusterNames: [m3]}, weight: 3}]}}}',
      { m3: 'Unknown' }, { m1: 2, m2: 4 }],
    ['dynamic weights: divided by the survivors\' available replicas', '{replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted, weightPreference: {dynamicWeight: AvailableReplicas}}}',
      { m3: 'Unknown' }, { m1: 2, m2: 4 }],
    ['Aggregated: the shortest prefix of the survivors by capacity', '{replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}}',
      { m3: 'Unknown' }, { m2: 6 }],
    ['affinity: replicas stay on the clusters the policy names', '{clusterAffinity: {clusterNames: [m1, m3]}, replicaScheduling: {replicaSchedulingType: Divided}}',
      { m3: 'Unknown' }, { m1: 6 }],
    ['Duplicated without spread constraints: no replacement for the evicted cluster', '{clusterAffinity: {clusterNames: [m1, m3]}}',
      { m3: 'Unknown' }, { m1: 6 }],
    ['Duplicated with a spread constraint asking for 2 clusters: healthy, the two largest', '{spreadConstraints: [{spreadByField: cluster, maxGroups: 2, minGroups: 2}]}',
      {}, { m2: 6, m3: 6 }],
    ['Duplicated with a spread constraint asking for 2 clusters: a replacement is picked', '{spreadConstraints: [{spreadByField: cluster, maxGroups: 2, minGroups: 2}]}',
      { m3: 'Unknown' }, { m1: 6, m2: 6 }],
    ['Duplicated with spread constraints: the replacement is the next candidate', '{spreadConstraints: [{spreadByField: cluster, maxGroups: 2, minGroups: 2}]}',
      { m2: 'Unknown' }, { m1: 6, m3: 6 }],
  ])('%s', (_rule, placement, down, expected) => {
    expect(replicasOf(placement, health(down, 300))).toEqual(expected);
  });

  it('no feasible cluster left: nothing is placed and the binding says why', () => {
    const { plan } = renderSnapshot(snapshotOf({ 'clusters.yaml': CLUSTERS, 'app.yaml': `${web(6)}---\n${policy('{clusterAffinity: {clusterNames: [m3]}}')}` }), undefined, undefined, health({ m3: 'Unknown' }, 300));
    expect(plan.clusters.m3).toEqual([]);
    expect(plan.bindings[0]?.reason).toContain('cluster(s) had taint {cluster.karmada.io/unreachable:NoExecute} whose toleration expired');
  });

  it('a spread constraint that cannot be met by the survivors places nothing', () => {
    const placement = '{spreadConstraints: [{spreadByField: cluster, maxGroups: 3, minGroups: 3}]}';
    expect(replicasOf(placement, health({ m3: 'Unknown' }, 300))).toEqual({});
  });
});

describe('application failover: ClusterEviction leaves out the clusters a template is evicted from', () => {
  /** render with application failover's evictions as the running reconciler hands them over */
  const evictedRender = (placement: string, evicted: string[]) => renderSnapshot(
    snapshotOf({ 'clusters.yaml': CLUSTERS, 'app.yaml': `${web(6)}---\n${policy(placement)}` }),
    (catalog) => ({ ...catalog, appEvictions: new Map([['apps/v1/Deployment/app/web', new Set(evicted)]]) }),
  );
  const placed = (placement: string, evicted: string[]) => {
    const { plan } = evictedRender(placement, evicted);
    return Object.fromEntries(Object.entries(plan.clusters).flatMap(([c, objects]) => objects.filter((o) => o.kind === 'Deployment').map((o) => [c, (o.spec as { replicas: number }).replicas])));
  };

  it.each<[string, string, string[], Record<string, number>]>([
    ['static weights are renormalised over the clusters left', DIVIDED, ['m3'], { m1: 3, m2: 3 }],
    ['dynamic weights divide by the available replicas of the clusters left', '{replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted, weightPreference: {dynamicWeight: AvailableReplicas}}}', ['m2'], { m1: 2, m3: 4 }],
    ['Duplicated: the evicted cluster gets no copy', '{clusterAffinity: {clusterNames: [m1, m3]}}', ['m1'], { m3: 6 }],
    ['an eviction of another template changes nothing here', DIVIDED, [], { m1: 2, m2: 2, m3: 2 }],
  ])('%s', (_rule, placement, evicted, expected) => {
    expect(placed(placement, evicted)).toEqual(expected);
  });

  it('the binding lists the evicted clusters; with none left, Karmada\'s reason', () => {
    expect(evictedRender(DIVIDED, ['m3']).plan.bindings[0]?.evicted).toEqual(['m3']);
    const { plan } = evictedRender('{clusterAffinity: {clusterNames: [m3]}}', ['m3']);
    expect(plan.bindings[0]?.reason).toBe('0/3 clusters are available: 1 cluster(s) is in the process of eviction, 2 cluster(s) did not match the placement cluster affinity constraint.');
  });
});
