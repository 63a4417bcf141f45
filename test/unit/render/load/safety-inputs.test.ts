import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { nameProblem } from '../../../../src/render/load/object-name.js';
import { snapshotOf } from '../../../helpers/builders.js';

const errors = (files: Record<string, string>) => loadCatalog(snapshotOf(files)).diagnostics.filter((d) => d.severity === 'error');
const deployment = (replicas: string, name = 'web') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web}]}}
`;

describe('names are checked per kind as the API server checks them', () => {
  it.each<[string, string, string, string, boolean]>([
    ['a DNS subdomain ConfigMap name is valid', 'v1', 'ConfigMap', 'web.config-1', true],
    ['uppercase is refused', 'v1', 'ConfigMap', 'Web', false],
    ['unicode is refused', 'v1', 'ConfigMap', 'wéb', false],
    ['a slash is refused', 'apps/v1', 'Deployment', 'a/b', false],
    ['a path that climbs out is refused', 'v1', 'ConfigMap', '../../../../tmp/x/pwned', false],
    ['300 characters are refused', 'v1', 'ConfigMap', 'a'.repeat(300), false],
    ['253 characters are a valid subdomain', 'v1', 'ConfigMap', 'a'.repeat(253), true],
    ['a Namespace is an RFC 1123 label: no dots', 'v1', 'Namespace', 'a.b', false],
    ['a Namespace of 64 characters is refused', 'v1', 'Namespace', 'a'.repeat(64), false],
    ['a Service must start with a letter (RFC 1035)', 'v1', 'Service', '1web', false],
    ['a Service name may not have dots', 'v1', 'Service', 'web.x', false],
    ['an RBAC Role may use any path segment', 'rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:aggregate-to-view', true],
    ['an RBAC Role may not be ..', 'rbac.authorization.k8s.io/v1', 'Role', '..', false],
    ['an RBAC Role may not contain /', 'rbac.authorization.k8s.io/v1', 'RoleBinding', 'a/b', false],
    ['a CronJob name is at most 52 characters', 'batch/v1', 'CronJob', 'a'.repeat(53), false],
    ['a Karmada Cluster name is a label of at most 48 characters', 'cluster.karmada.io/v1alpha1', 'Cluster', 'a'.repeat(49), false],
    ['an empty name is refused', 'v1', 'ConfigMap', '', false],
  ])('%s', (_rule, apiVersion, kind, name, valid) => {
    expect(nameProblem(apiVersion, kind, name) === undefined).toBe(valid);
  });

  it('an invalid template name is an error with its file, line and field before anything uses it', () => {
    const diags = errors({ 'apps/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ../../../../tmp/x/pwned\n' });
    expect(diags).toEqual([expect.objectContaining({ file: 'apps/x.yaml', line: 4, field: 'metadata.name' })]);
    expect(diags[0]?.message).toContain('RFC 1123 subdomain');
  });

  it('an invalid namespace is an error', () => {
    expect(errors({ 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: Shop}\n' })).toEqual([expect.objectContaining({ field: 'metadata.namespace' })]);
  });

  it('a Cluster whose name would be a path is an error', () => {
    expect(errors({ 'c.yaml': 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ../m1}\n' })).toEqual([expect.objectContaining({ file: 'c.yaml', field: 'metadata.name' })]);
  });
});

describe("gitfed's own objects are reserved", () => {
  it.each([
    ['a template of the inventory ConfigMap', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gitfed-inventory, namespace: gitfed-system}\ndata: {objects: "[]"}\n', 'metadata.namespace'],
    ['any object in the gitfed-system namespace', 'apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: gitfed-system}\n', 'metadata.namespace'],
    ['the gitfed-system Namespace itself', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: gitfed-system}\n', 'metadata.name'],
  ])('%s is a render error', (_name, text, field) => {
    const diags = errors({ 'own.yaml': text });
    expect(diags).toEqual([expect.objectContaining({ file: 'own.yaml', field })]);
    expect(diags[0]?.message).toContain("reserved for gitfed's own objects");
  });
});

describe('replica counts are int32 integers or the commit is invalid', () => {
  it.each([
    ['spec.replicas 1e12 is an error', '1e12', 'must be at most 2147483647'],
    ['2^53 replicas is an error', '9007199254740993', 'must be at most 2147483647'],
    ['negative replicas is an error, not an empty placement', '-3', 'must be at least 0'],
    ['replicas "5" is an error, not 1', '"5"', 'an integer'],
    ['replicas 1.5 is an error, not 1', '1.5', 'an integer'],
    ['replicas .inf is an error', '.inf', 'an integer'],
  ])('%s', (_name, replicas, message) => {
    const diags = errors({ 'web.yaml': deployment(replicas) });
    expect(diags).toEqual([expect.objectContaining({ file: 'web.yaml', line: 5, field: 'spec.replicas' })]);
    expect(diags[0]?.message).toContain(message);
  });

  it.each(['0', '2147483647'])('replicas %s is valid', (replicas) => {
    expect(errors({ 'web.yaml': deployment(replicas) })).toEqual([]);
  });

  it('a Job parallelism of 1e12 is an error', () => {
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 1e12\n  template: {spec: {containers: [{name: a, image: a}]}}\n';
    expect(errors({ 'job.yaml': job })).toEqual([expect.objectContaining({ line: 5, field: 'spec.parallelism' })]);
  });

  it('a static weight of 1e308 is an error', () => {
    const pp = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  placement:
    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {clusterNames: [m1]}, weight: 1e308}
`;
    const diags = errors({ 'pp.yaml': pp });
    expect(diags).toEqual([expect.objectContaining({ line: 11 })]);
    expect(diags[0]?.message).toContain('must be at most');
  });

  it('an RSP totalReplicas of -3 is an error', () => {
    const rsp = 'apiVersion: scheduling.kubefed.io/v1alpha1\nkind: ReplicaSchedulingPreference\nmetadata: {name: web, namespace: shop}\nspec:\n  targetKind: FederatedDeployment\n  totalReplicas: -3\n';
    expect(errors({ 'rsp.yaml': rsp })).toEqual([expect.objectContaining({ line: 6, field: 'spec.totalReplicas' })]);
  });
});

describe('a known group with an unknown version is an error', () => {
  it.each([
    ['policy.karmada.io/v1', 'PropagationPolicy'],
    ['policy.karmada.io/v1alpha2', 'OverridePolicy'],
    ['cluster.karmada.io/v1', 'Cluster'],
    ['core.kubefed.io/v1', 'KubeFedCluster'],
    ['types.kubefed.io/v1alpha1', 'FederatedDeployment'],
    ['scheduling.kubefed.io/v1beta1', 'ReplicaSchedulingPreference'],
  ])('%s %s is refused with file and line, never propagated as a template', (apiVersion, kind) => {
    const c = loadCatalog(snapshotOf({ 'x.yaml': `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: a, namespace: shop}\n` }));
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ file: 'x.yaml', line: 1, field: 'apiVersion', message: expect.stringContaining(`no matches for kind "${kind}" in version "${apiVersion}"`) })]);
    expect(c.templates).toEqual([]);
  });
});
