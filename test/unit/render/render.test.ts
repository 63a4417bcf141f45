import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/model/catalog.js';
import type { KubeObject } from '../../../src/model/kube.js';
import { loadCatalog } from '../../../src/render/load/index.js';
import { render } from '../../../src/render/render.js';
import { snapshotOf } from '../../helpers/builders.js';

const clusterDoc = (name: string, extra = '') =>
  `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\n${extra}spec: {}\nstatus:\n  resourceSummary:\n    allocatable: {pods: 100, cpu: "100"}\n`;
const CLUSTERS = { 'clusters.yaml': [clusterDoc('m3'), clusterDoc('m1'), clusterDoc('m2', '  deletionTimestamp: "2024-01-01T00:00:00Z"\n')].join('---\n') };
const TWO = { 'clusters.yaml': [clusterDoc('b'), clusterDoc('a')].join('---\n') };
const nsDoc = (name: string, labels = '') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${labels}`;
const cpp = (name: string, selectors: string, placement = '{}') =>
  `apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ${name}}\nspec:\n  resourceSelectors: ${selectors}\n  placement: ${placement}\n`;
const pp = (name: string, selectors: string, placement = '{}', extra = '') =>
  `apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: ${name}, namespace: app}\nspec:\n  resourceSelectors: ${selectors}\n  placement: ${placement}\n${extra}`;
const deployment = (replicas: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: app, image: nginx, envFrom: [{configMapRef: {name: cfg}}]}]\n`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: app}\ndata: {a: b}\n';

function catalogOf(files: Record<string, string>): Catalog {
  const c = loadCatalog(snapshotOf(files));
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return c;
}
const names = (objs: KubeObject[] | undefined) => (objs ?? []).map((o) => `${o.kind}/${o.metadata.name}`);
const placement = (files: Record<string, string>) => {
  const plan = render(catalogOf(files), null);
  return Object.fromEntries(Object.entries(plan.clusters).map(([c, objs]) => [c, names(objs)]));
};

describe('render: Namespaces', () => {
  it.each<[string, string, Record<string, string[]>]>([
    ['a Namespace goes to every non-deleting cluster without a policy, ignoring taints', nsDoc('team'), { m1: ['Namespace/team'], m2: [], m3: ['Namespace/team'] }],
    ['default is not auto-propagated', nsDoc('default'), { m1: [], m2: [], m3: [] }],
    ['kube-* is not auto-propagated', nsDoc('kube-extra'), { m1: [], m2: [], m3: [] }],
    ['reserved karmada-es-* is not auto-propagated', nsDoc('karmada-es-m1'), { m1: [], m2: [], m3: [] }],
    ['skip-auto-propagation "true" opts out', nsDoc('team', '  labels: {namespace.karmada.io/skip-auto-propagation: "true"}\n'), { m1: [], m2: [], m3: [] }],
    ['skip-auto-propagation is case-insensitive', nsDoc('team', '  labels: {namespace.karmada.io/skip-auto-propagation: "TRUE"}\n'), { m1: [], m2: [], m3: [] }],
    ['skip-auto-propagation "false" does not opt out', nsDoc('team', '  labels: {namespace.karmada.io/skip-auto-propagation: "false"}\n'), { m1: ['Namespace/team'], m2: [], m3: ['Namespace/team'] }],
  ])('%s', (_name, doc, expected) => {
    const tainted = CLUSTERS['clusters.yaml'].replace('name: m1\nspec: {}', 'name: m1\nspec:\n  taints: [{key: k, effect: NoSchedule}]');
    expect(tainted).not.toBe(CLUSTERS['clusters.yaml']);
    const files = { 'clusters.yaml': tainted, 'ns.yaml': doc };
    expect(placement(files)).toEqual(expected);
  });

  it('an opted-out Namespace goes through CPP matching instead', () => {
    const files = { ...CLUSTERS, 'ns.yaml': `${nsDoc('default')}---\n${nsDoc('team', '  labels: {namespace.karmada.io/skip-auto-propagation: "True"}\n')}`,
      'p.yaml': cpp('ns', '[{apiVersion: v1, kind: Namespace, name: team}]', '{clusterAffinity: {clusterNames: [m3]}}') };
    expect(placement(files)).toEqual({ m1: [], m2: [], m3: ['Namespace/team'] });
  });
});

describe('render: propagateDeps', () => {
  const divided = '{replicaScheduling: {replicaSchedulingType: Divided}}';
  it.each<[string, Record<string, string>, Record<string, string[]>]>([
    ['the ConfigMap follows the workload to exactly the clusters with replicas (not those with 0)',
      { ...TWO, 'app.yaml': `${deployment(1)}---\n${CONFIGMAP}`, 'p.yaml': pp('web', '[{apiVersion: apps/v1, kind: Deployment}]', divided, '  propagateDeps: true\n') },
      { a: ['Deployment/web', 'ConfigMap/cfg'], b: [] }],
    ['without propagateDeps the ConfigMap stays out',
      { ...TWO, 'app.yaml': `${deployment(2)}---\n${CONFIGMAP}`, 'p.yaml': pp('web', '[{apiVersion: apps/v1, kind: Deployment}]') },
      { a: ['Deployment/web'], b: ['Deployment/web'] }],
    ['the ConfigMap\'s own policy is unioned with the workload clusters',
      { ...TWO, 'app.yaml': `${deployment(1)}---\n${CONFIGMAP}`,
        'p.yaml': `${pp('web', '[{apiVersion: apps/v1, kind: Deployment}]', divided, '  propagateDeps: true\n')}---\n${pp('cfg', '[{apiVersion: v1, kind: ConfigMap}]', '{clusterAffinity: {clusterNames: [b]}}')}` },
      { a: ['Deployment/web', 'ConfigMap/cfg'], b: ['ConfigMap/cfg'] }],
    ['a referenced object missing from the repository is skipped',
      { ...TWO, 'app.yaml': deployment(2), 'p.yaml': pp('web', '[{apiVersion: apps/v1, kind: Deployment}]', '{}', '  propagateDeps: true\n') },
      { a: ['Deployment/web'], b: ['Deployment/web'] }],
  ])('%s', (_name, files, expected) => {
    expect(placement(files)).toEqual(expected);
  });

  it('overrides apply to dependencies and the dependency is not replica-revised', () => {
    const files = { ...TWO, 'app.yaml': `${deployment(2)}---\n${CONFIGMAP}`,
      'p.yaml': pp('web', '[{apiVersion: apps/v1, kind: Deployment}]', '{}', '  propagateDeps: true\n'),
      'o.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterOverridePolicy\nmetadata: {name: o}\nspec:\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n  overrideRules:\n    - targetCluster: {clusterNames: [b]}\n      overriders:\n        plaintext: [{path: /data/a, operator: replace, value: c}]\n' };
    const plan = render(catalogOf(files), null);
    const cfg = (c: string) => plan.clusters[c]?.find((o) => o.kind === 'ConfigMap');
    expect(cfg('a')?.data).toEqual({ a: 'b' });
    expect(cfg('b')?.data).toEqual({ a: 'c' });
    expect(cfg('b')?.spec).toBeUndefined();
    expect(plan.bindings.find((b) => b.resource === 'v1/ConfigMap/app/cfg')?.requiredBy).toEqual(['apps/v1/Deployment/app/web']);
  });
});

describe('render: manifests', () => {
  it('a failing override drops the object on that cluster only, with a warning at the OverridePolicy rule\'s file and line', () => {
    const files = { ...TWO, 'app.yaml': CONFIGMAP, 'p.yaml': pp('cfg', '[{apiVersion: v1, kind: ConfigMap}]'),
      'o.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: OverridePolicy\nmetadata: {name: o, namespace: app}\nspec:\n  overrideRules:\n    - targetCluster: {clusterNames: [a]}\n      overriders:\n        plaintext: [{path: /data/missing/x, operator: replace, value: c}]\n' };
    const plan = render(catalogOf(files), null);
    expect(names(plan.clusters.a)).toEqual([]);
    expect(names(plan.clusters.b)).toEqual(['ConfigMap/cfg']);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'o.yaml', line: 6 })]);
    expect(plan.diagnostics[0]?.message).toMatch(/^ConfigMap\/app\/cfg is not rendered for cluster a: /);
  });

  it('every cluster is listed, sorted by name, even when empty', () => {
    const plan = render(catalogOf(CLUSTERS), 'abc');
    expect(Object.keys(plan.clusters)).toEqual(['m1', 'm2', 'm3']);
    expect(plan.revision).toBe('abc');
  });

  it('objects are ordered CRDs, Namespaces, then by key', () => {
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: zs.example.com}\nspec: {group: example.com, scope: Namespaced, names: {kind: Z}}\n';
    const files = { ...TWO, 'a.yaml': `${CONFIGMAP}---\n${nsDoc('app')}---\n${crd}---\n${deployment(1)}`,
      'p.yaml': `${cpp('all', '[{apiVersion: v1, kind: ConfigMap}, {apiVersion: apps/v1, kind: Deployment}, {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition}]')}` };
    expect(placement(files).a).toEqual(['CustomResourceDefinition/zs.example.com', 'Namespace/app', 'Deployment/web', 'ConfigMap/cfg']);
  });

  it('replicas are revised per cluster and the managed-by label is added', () => {
    const files = { ...TWO, 'app.yaml': deployment(3), 'p.yaml': pp('web', '[{apiVersion: apps/v1, kind: Deployment}]', '{replicaScheduling: {replicaSchedulingType: Divided}}') };
    const plan = render(catalogOf(files), null);
    const spec = (c: string) => plan.clusters[c]?.[0]?.spec as { replicas?: number } | undefined;
    expect([spec('a')?.replicas, spec('b')?.replicas]).toEqual([2, 1]);
    expect(plan.clusters.a?.[0]?.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'gitfed' });
  });

  it('a Divided Job gets parallelism per cluster and its completions re-split', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j, namespace: app}\nspec:\n  parallelism: 4\n  completions: 10\n  template: {spec: {containers: [{name: a, image: x}], restartPolicy: Never}}\n';
    const files = { ...TWO, 'job.yaml': job, 'p.yaml': pp('j', '[{apiVersion: batch/v1, kind: Job}]', '{replicaScheduling: {replicaSchedulingType: Divided, weightPreference: {staticWeightList: [{targetCluster: {clusterNames: [a]}, weight: 3}, {targetCluster: {clusterNames: [b]}, weight: 1}]}}}') };
    const plan = render(catalogOf(files), null);
    const spec = (c: string) => plan.clusters[c]?.[0]?.spec as { parallelism?: number; completions?: number };
    expect([spec('a'), spec('b')].map((s) => [s.parallelism, s.completions])).toEqual([[3, 7], [1, 3]]);
  });

  it('is deterministic and does not mutate the catalog', () => {
    const files = { ...TWO, 'app.yaml': `${deployment(3)}---\n${CONFIGMAP}---\n${nsDoc('app')}`,
      'p.yaml': pp('web', '[{apiVersion: apps/v1, kind: Deployment}]', '{replicaScheduling: {replicaSchedulingType: Divided}}', '  propagateDeps: true\n') };
    const catalog = catalogOf(files);
    const before = JSON.stringify(catalog);
    const first = JSON.stringify(render(catalog, null));
    expect(JSON.stringify(render(catalog, null))).toBe(first);
    expect(JSON.stringify(catalog)).toBe(before);
    expect(JSON.stringify(render(catalogOf(files), null))).toBe(first);
  });
});
