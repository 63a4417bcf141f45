import { describe, expect, it } from 'vitest';
import {
  aggregatedDiscovery, apiGroupList, apiResourceList, apiVersions, compareVersions, openApiGroupVersion, openApiRoot, versionInfo, wantsAggregated,
} from '../../../src/sim/discovery.js';
import { builtinResources } from '../../../src/sim/state/registry.js';
import { createClusterState } from '../../../src/sim/state/store.js';
import type { ResourceType } from '../../../src/sim/types.js';

const builtins = builtinResources();
type Entry = Record<string, unknown>;

function withWidgets(): ResourceType[] {
  const api = createClusterState({ name: 'm' });
  const crd = api.resolve('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  api.create(crd, undefined, {
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1beta1', served: true, storage: false }, { name: 'v1', served: true, storage: true, subresources: { status: {} } }] },
  }, { manager: 't', dryRun: false });
  return api.resources();
}

describe('discovery: built-in kinds', () => {
  it.each([
    ['', 'v1', 'namespaces', 'Namespace', false], ['', 'v1', 'configmaps', 'ConfigMap', true], ['', 'v1', 'secrets', 'Secret', true],
    ['', 'v1', 'services', 'Service', true], ['', 'v1', 'serviceaccounts', 'ServiceAccount', true], ['', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true],
    ['', 'v1', 'pods', 'Pod', true], ['', 'v1', 'nodes', 'Node', false], ['', 'v1', 'events', 'Event', true],
    ['apps', 'v1', 'deployments', 'Deployment', true], ['apps', 'v1', 'statefulsets', 'StatefulSet', true], ['apps', 'v1', 'daemonsets', 'DaemonSet', true],
    ['apps', 'v1', 'replicasets', 'ReplicaSet', true], ['batch', 'v1', 'jobs', 'Job', true], ['batch', 'v1', 'cronjobs', 'CronJob', true],
    ['networking.k8s.io', 'v1', 'ingresses', 'Ingress', true], ['autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true],
    ['rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true], ['rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true],
    ['rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false], ['rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false],
    ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false],
  ])('%s/%s %s is served as %s (namespaced: %s)', (group, version, plural, kind, namespaced) => {
    const list = apiResourceList(builtins, group, version)!;
    expect((list['resources'] as Entry[]).find((r) => r['name'] === plural)).toMatchObject({ kind, namespaced, singularName: kind.toLowerCase() });
  });
});

describe('discovery: documents', () => {
  it('/version reports v1.33', () => {
    expect(versionInfo()).toMatchObject({ major: '1', minor: '33', gitVersion: expect.stringMatching(/^v1\.33\./) });
  });

  it('/api lists v1', () => {
    expect(apiVersions('127.0.0.1:1')).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:1' }] });
  });

  it('/apis lists each named group once with its preferred version', () => {
    const groups = apiGroupList(builtins)['groups'] as Entry[];
    expect(groups.map((g) => g['name'])).toEqual(['apiextensions.k8s.io', 'apps', 'autoscaling', 'batch', 'coordination.k8s.io', 'networking.k8s.io', 'rbac.authorization.k8s.io']);
    expect(groups[1]).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
  });

  it('/apis/apps/v1 lists deployments with deployments/status and deployments/scale', () => {
    const resources = apiResourceList(builtins, 'apps', 'v1')!['resources'] as Entry[];
    expect(resources.find((r) => r['name'] === 'deployments')).toMatchObject({ shortNames: ['deploy'], categories: ['all'], verbs: expect.arrayContaining(['patch', 'watch']) });
    expect(resources.find((r) => r['name'] === 'deployments/status')).toMatchObject({ kind: 'Deployment', verbs: ['get', 'patch', 'update'] });
    expect(resources.find((r) => r['name'] === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('an unserved group version has no resource list (404)', () => {
    expect(apiResourceList(builtins, 'apps', 'v1beta1')).toBeUndefined();
  });

  it.each([['api', ['']], ['apis', ['apiextensions.k8s.io', 'apps', 'autoscaling', 'batch', 'coordination.k8s.io', 'networking.k8s.io', 'rbac.authorization.k8s.io']]] as const)(
    'aggregated discovery v2 for /%s has the apidiscovery.k8s.io/v2 shape', (which, groups) => {
      const doc = aggregatedDiscovery(builtins, which);
      expect(doc).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
      expect((doc['items'] as { metadata: { name: string } }[]).map((i) => i.metadata.name)).toEqual(groups);
    },
  );

  it('an aggregated resource carries responseKind, scope, singularResource, verbs, shortNames and subresources', () => {
    const apps = (aggregatedDiscovery(builtins, 'apis')['items'] as { metadata: { name: string }; versions: { resources: Entry[] }[] }[]).find((i) => i.metadata.name === 'apps')!;
    expect(apps.versions[0]!.resources.find((r) => r['resource'] === 'deployments')).toMatchObject({
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, scope: 'Namespaced', singularResource: 'deployment', shortNames: ['deploy'],
      subresources: [{ subresource: 'status', responseKind: { kind: 'Deployment' } }, { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } }],
    });
  });

  it.each([
    ['application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json', true],
    ['application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', false],
    ['application/json', false],
  ])('Accept %j asks for aggregated discovery: %s', (accept, expected) => {
    expect(wantsAggregated(accept)).toBe(expected);
  });

  it.each([['v2', 'v1'], ['v1', 'v1beta1'], ['v1beta2', 'v1beta1'], ['v1beta1', 'v1alpha1'], ['v1alpha1', 'foo']])(
    'version priority: %s before %s', (a, b) => {
      expect(compareVersions(a, b)).toBeLessThan(0);
      expect(compareVersions(b, a)).toBeGreaterThan(0);
    },
  );
});

describe('discovery: CRD kinds', () => {
  it('served CRD versions appear in /apis with the GA version preferred', () => {
    const group = (apiGroupList(withWidgets())['groups'] as Entry[]).find((g) => g['name'] === 'example.com');
    expect(group).toMatchObject({ preferredVersion: { version: 'v1' }, versions: [{ version: 'v1' }, { version: 'v1beta1' }] });
  });

  it('a CRD kind is listed with its scope and subresources', () => {
    const resources = apiResourceList(withWidgets(), 'example.com', 'v1')!['resources'] as Entry[];
    expect(resources.map((r) => r['name'])).toEqual(['widgets', 'widgets/status']);
    expect(resources[0]).toMatchObject({ kind: 'Widget', namespaced: false });
  });
});

describe('discovery: OpenAPI v3', () => {
  it('the root lists every group version with a hashed serverRelativeURL', () => {
    const paths = openApiRoot(withWidgets())['paths'] as Record<string, { serverRelativeURL: string }>;
    expect(paths['api/v1']!.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['apis/apps/v1', 'apis/example.com/v1', 'apis/example.com/v1beta1']));
  });

  it('the hash changes when the group version document changes', () => {
    const before = openApiRoot(builtins)['paths'] as Record<string, { serverRelativeURL: string }>;
    const after = openApiRoot(builtins.filter((r) => r.plural !== 'secrets'))['paths'] as Record<string, { serverRelativeURL: string }>;
    expect(after['api/v1']!.serverRelativeURL).not.toBe(before['api/v1']!.serverRelativeURL);
    expect(after['apis/apps/v1']).toEqual(before['apis/apps/v1']);
  });

  it.each([
    ['apps', 'v1', '/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'Deployment'],
    ['', 'v1', '/api/v1/namespaces/{namespace}/configmaps/{name}', 'ConfigMap'],
    ['', 'v1', '/api/v1/namespaces/{name}', 'Namespace'],
    ['example.com', 'v1', '/apis/example.com/v1/widgets/{name}', 'Widget'],
  ])('the %s/%s document has a patch on %s with the GVK and fieldValidation (kubectl Strict validation)', (group, version, path, kind) => {
    const doc = openApiGroupVersion(withWidgets(), group, version)!;
    const patch = (doc['paths'] as Record<string, Record<string, Entry>>)[path]!['patch']!;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group, version, kind });
    expect(patch['parameters']).toEqual(expect.arrayContaining([{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }]));
  });

  it('an unserved group version has no document', () => {
    expect(openApiGroupVersion(builtins, 'nope', 'v1')).toBeUndefined();
  });
});
