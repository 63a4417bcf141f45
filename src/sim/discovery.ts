import { createHash } from 'node:crypto';
import type { ResourceType } from './types.js';

/** KUBE_VERSION is the server version the simulator reports. */
export const KUBE_VERSION = { major: '1', minor: '33', gitVersion: 'v1.33.1' };

/** AGGREGATED_CONTENT_TYPE is the Content-Type of an aggregated discovery v2 reply. */
export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

type Doc = Record<string, unknown>;

/** versionInfo is the body of `/version`. */
export function versionInfo(): Doc {
  return {
    ...KUBE_VERSION, emulationMajor: KUBE_VERSION.major, emulationMinor: KUBE_VERSION.minor,
    minCompatibilityMajor: '1', minCompatibilityMinor: '32', gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean', buildDate: '2025-05-15T00:00:00Z', goVersion: 'go1.24.2', compiler: 'gc', platform: 'linux/amd64',
  };
}

/** wantsAggregated tells whether an Accept header asks for aggregated discovery v2 (kubectl 1.33 does). */
export function wantsAggregated(accept: string | undefined): boolean {
  return /g=apidiscovery\.k8s\.io;\s*v=v2(?!beta)/.test((accept ?? '').replace(/\s+/g, ''));
}

// Kubernetes version priority: GA before beta before alpha, higher numbers first, non-matching names last by name.
function versionRank(v: string): [number, number, number, string] {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return [3, 0, 0, v];
  const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return [stage, -Number(m[1]), -Number(m[3] ?? 0), v];
}

/** compareVersions orders group versions by preference (v1 > v1beta2 > v1beta1 > v1alpha1 > other). */
export function compareVersions(a: string, b: string): number {
  const ra = versionRank(a);
  const rb = versionRank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
  return ra[3] < rb[3] ? -1 : ra[3] > rb[3] ? 1 : 0;
}

/** groupVersions maps each group to its served versions, most preferred first, groups in first-seen order. */
export function groupVersions(resources: ResourceType[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of resources) {
    const list = out.get(r.group) ?? [];
    if (!list.includes(r.version)) list.push(r.version);
    out.set(r.group, list);
  }
  for (const list of out.values()) list.sort(compareVersions);
  return out;
}

/** apiVersions is the body of `/api` (legacy discovery). */
export function apiVersions(serverAddress = '127.0.0.1:6443'): Doc {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** apiGroupList is the body of `/apis` (legacy discovery). */
export function apiGroupList(resources: ResourceType[]): Doc {
  const groups = [...groupVersions(resources)].filter(([g]) => g !== '').map(([name, versions]) => {
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: entries, preferredVersion: entries[0] };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

const SUB_VERBS: Record<string, string[]> = { status: ['get', 'patch', 'update'], scale: ['get', 'patch', 'update'], finalize: ['update'] };

function subKind(r: ResourceType, sub: string): { group: string; version: string; kind: string } {
  return sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { group: r.group, version: r.version, kind: r.kind };
}

/** apiResourceList is the body of `/api/v1` or `/apis/<group>/<version>`, or undefined (404) when nothing is served there. */
export function apiResourceList(resources: ResourceType[], group: string, version: string): Doc | undefined {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const entries = served.flatMap((r) => [
    {
      name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs,
      ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories?.length ? { categories: r.categories } : {}),
    },
    ...r.subresources.map((sub) => {
      const k = subKind(r, sub);
      return {
        name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced,
        ...(sub === 'scale' ? { group: k.group, version: k.version } : {}), kind: k.kind, verbs: SUB_VERBS[sub] ?? ['get'],
      };
    }),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: entries };
}

function discoveryResource(r: ResourceType): Doc {
  return {
    resource: r.plural, responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster', singularResource: r.singular, verbs: r.verbs,
    ...(r.shortNames.length ? { shortNames: r.shortNames } : {}), ...(r.categories?.length ? { categories: r.categories } : {}),
    ...(r.subresources.length ? {
      subresources: r.subresources.map((sub) => ({ subresource: sub, responseKind: subKind(r, sub), verbs: SUB_VERBS[sub] ?? ['get'] })),
    } : {}),
  };
}

/** aggregatedDiscovery is the apidiscovery.k8s.io/v2 APIGroupDiscoveryList of `/api` (core) or `/apis` (named groups). */
export function aggregatedDiscovery(resources: ResourceType[], which: 'api' | 'apis'): Doc {
  const items = [...groupVersions(resources)].filter(([g]) => (which === 'api' ? g === '' : g !== '')).map(([group, versions]) => ({
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: resources.filter((r) => r.group === group && r.version === version).map(discoveryResource),
      freshness: 'Current',
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

const QUERY = (name: string): Doc => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(QUERY);

function operation(r: ResourceType, action: string, extra: string[] = []): Doc {
  return {
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
    parameters: [...WRITE_PARAMS, ...extra.map(QUERY)],
    responses: { '200': { description: 'OK' } },
  };
}

function resourcePaths(r: ResourceType): Record<string, Doc> {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const collection = `${root}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  return {
    [collection]: { post: operation(r, 'post'), get: operation(r, 'list') },
    [`${collection}/{name}`]: { get: operation(r, 'get'), put: operation(r, 'put'), patch: operation(r, 'patch', ['force']), delete: operation(r, 'delete') },
  };
}

/**
 * openApiGroupVersion is the `/openapi/v3/<api/v1|apis/g/v>` document: one path per resource whose operations carry
 * the GVK extension and the fieldValidation parameter, so kubectl's default Strict validation defers to the server.
 * No component schemas: kubectl would then use them for client-side patch metadata and lose list merge keys.
 */
export function openApiGroupVersion(resources: ResourceType[], group: string, version: string): Doc | undefined {
  const served = resources.filter((r) => r.group === group && r.version === version);
  if (served.length === 0) return undefined;
  const paths = Object.assign({}, ...served.map(resourcePaths)) as Record<string, Doc>;
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion }, paths, components: {} };
}

/** openApiPath is the key of a group version in the `/openapi/v3` root (`api/v1`, `apis/apps/v1`). */
export function openApiPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** openApiRoot is the `/openapi/v3` index; each hash changes with its document, so kubectl's cache follows CRD changes. */
export function openApiRoot(resources: ResourceType[]): Doc {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [group, versions] of groupVersions(resources)) {
    for (const version of versions) {
      const doc = openApiGroupVersion(resources, group, version);
      const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
      paths[openApiPath(group, version)] = { serverRelativeURL: `/openapi/v3/${openApiPath(group, version)}?hash=${hash}` };
    }
  }
  return { paths };
}
