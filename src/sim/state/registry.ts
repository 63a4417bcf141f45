import type { KubeObject } from '../../model/kube.js';
import type { ResourceType } from '../types.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** STANDARD_VERBS are the verbs of an ordinary resource, in the order discovery lists them. */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** SUBRESOURCE_VERBS are the verbs discovery lists for `status` and `scale`. */
export const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

interface BuiltinSpec {
  gv: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources?: string[];
  categories?: string[];
  verbs?: string[];
}

const S = ['status'];
const SCALE = ['status', 'scale'];
const ALL = ['all'];

// The list and order follow `kubectl api-resources` on a 1.33 cluster for the kinds the simulator serves.
const BUILTINS: BuiltinSpec[] = [
  { gv: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] },
  { gv: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] },
  {
    gv: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], subresources: ['finalize', 'status'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  },
  { gv: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], subresources: S },
  { gv: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'], subresources: S },
  { gv: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], subresources: S, categories: ALL },
  { gv: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { gv: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'] },
  { gv: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], subresources: S, categories: ALL },
  {
    gv: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false,
    shortNames: ['crd', 'crds'], subresources: S, categories: ['api-extensions'],
  },
  { gv: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true, shortNames: ['ds'], subresources: S, categories: ALL },
  { gv: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], subresources: SCALE, categories: ALL },
  { gv: 'apps/v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], subresources: SCALE, categories: ALL },
  { gv: 'apps/v1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true, shortNames: ['sts'], subresources: SCALE, categories: ALL },
  { gv: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], subresources: S, categories: ALL },
  { gv: 'batch/v1', kind: 'CronJob', plural: 'cronjobs', namespaced: true, shortNames: ['cj'], subresources: S, categories: ALL },
  { gv: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
  { gv: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true, subresources: S, categories: ALL },
  { gv: 'networking.k8s.io/v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, shortNames: ['ing'], subresources: S },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { gv: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles', namespaced: true },
];

function splitGv(gv: string): { group: string; version: string } {
  const i = gv.indexOf('/');
  return i < 0 ? { group: '', version: gv } : { group: gv.slice(0, i), version: gv.slice(i + 1) };
}

/** builtinResources lists the built-in resource types a 1.33 cluster serves (a fresh copy per call). */
export function builtinResources(): ResourceType[] {
  return BUILTINS.map((b) => ({
    ...splitGv(b.gv),
    kind: b.kind,
    plural: b.plural,
    singular: b.kind.toLowerCase(),
    namespaced: b.namespaced,
    listKind: `${b.kind}List`,
    shortNames: b.shortNames ?? [],
    verbs: b.verbs ?? STANDARD_VERBS,
    subresources: b.subresources ?? [],
    ...(b.categories ? { categories: b.categories } : {}),
  }));
}

/** apiVersionOf renders `group/version` (or `version` for the core group). */
export function apiVersionOf(rt: Pick<ResourceType, 'group' | 'version'>): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** groupResource renders `<resource>.<group>` (or `<resource>` for core) as Status messages name a resource. */
export function groupResource(rt: Pick<ResourceType, 'group' | 'plural'>): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** qualifiedKind renders `<Kind>.<group>` (or `<Kind>` for core) as Invalid messages name a kind. */
export function qualifiedKind(rt: Pick<ResourceType, 'group' | 'kind'>): string {
  return rt.group ? `${rt.kind}.${rt.group}` : rt.kind;
}

/** storageKey identifies a resource independently of its version, so every served version shares one storage. */
export function storageKey(rt: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${rt.group}/${rt.plural}`;
}

const GENERATION_KINDS = new Set([
  'apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet', 'batch/Job', 'batch/CronJob',
  'networking.k8s.io/Ingress', 'apiextensions.k8s.io/CustomResourceDefinition',
]);

/** tracksGeneration tells whether the kind's strategy sets metadata.generation (§4.3); custom resources always do. */
export function tracksGeneration(rt: ResourceType, custom: boolean): boolean {
  return custom || GENERATION_KINDS.has(`${rt.group}/${rt.kind}`);
}

/** ScalePaths are the JSON paths a scale subresource maps (CRD `subresources.scale`). */
export interface ScalePaths {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** CustomKind is one served version of a CRD plus what the store needs to know about it. */
export interface CustomKind {
  rt: ResourceType;
  scale?: ScalePaths;
}

type Obj = Record<string, unknown>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** crdNames reads spec.names with the defaults the apiextensions server applies (singular, listKind). */
export function crdNames(crd: KubeObject): { kind: string; plural: string; singular: string; listKind: string; shortNames: string[]; categories: string[] } {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const names = isPlainObject(spec['names']) ? spec['names'] : {};
  const kind = typeof names['kind'] === 'string' ? names['kind'] : '';
  const plural = typeof names['plural'] === 'string' ? names['plural'] : '';
  return {
    kind,
    plural,
    singular: typeof names['singular'] === 'string' && names['singular'] ? names['singular'] : kind.toLowerCase(),
    listKind: typeof names['listKind'] === 'string' && names['listKind'] ? names['listKind'] : `${kind}List`,
    shortNames: strings(names['shortNames']),
    categories: strings(names['categories']),
  };
}

/** crdKinds lists the resource types a CRD serves: one per served version. */
export function crdKinds(crd: KubeObject): CustomKind[] {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const names = crdNames(crd);
  const group = typeof spec['group'] === 'string' ? spec['group'] : '';
  const versions: Obj[] = Array.isArray(spec['versions']) ? (spec['versions'] as unknown[]).filter(isPlainObject) : [];
  return versions.filter((v) => v['served'] !== false && typeof v['name'] === 'string').map((v) => {
    const sub = isPlainObject(v['subresources']) ? v['subresources'] : {};
    const scale = isPlainObject(sub['scale']) ? sub['scale'] : undefined;
    const rt: ResourceType = {
      group, version: v['name'] as string, kind: names.kind, plural: names.plural, singular: names.singular,
      namespaced: spec['scope'] !== 'Cluster', listKind: names.listKind, shortNames: names.shortNames, verbs: STANDARD_VERBS,
      subresources: [...('status' in sub ? ['status'] : []), ...(scale ? ['scale'] : [])],
      ...(names.categories.length ? { categories: names.categories } : {}),
    };
    return scale ? { rt, scale: scalePaths(scale) } : { rt };
  });
}

function scalePaths(scale: Obj): ScalePaths {
  const str = (k: string, d: string): string => (typeof scale[k] === 'string' ? (scale[k] as string) : d);
  const selector = typeof scale['labelSelectorPath'] === 'string' ? { labelSelectorPath: scale['labelSelectorPath'] } : {};
  return { specReplicasPath: str('specReplicasPath', '.spec.replicas'), statusReplicasPath: str('statusReplicasPath', '.status.replicas'), ...selector };
}
