import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';

/** ObjectRef names one object in one cluster; namespace is absent for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** refOf is the reference of an object (metadata beyond namespace and name is not needed to address it). */
export function refOf(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): ObjectRef {
  const ns = obj.metadata.namespace;
  return ns
    ? { apiVersion: obj.apiVersion, kind: obj.kind, namespace: ns, name: obj.metadata.name }
    : { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name };
}

/** refKey is the object key `<apiVersion>/<kind>/<namespace>/<name>` (DESIGN.md), also the inventory entry. */
export function refKey(ref: ObjectRef): string {
  return keyOf(ref.apiVersion, ref.kind, ref.namespace, ref.name);
}

/** refSubject is the short `Kind/namespace/name` that prefixes messages. */
export function refSubject(ref: ObjectRef): string {
  return subjectOf(ref.kind, ref.namespace, ref.name);
}

// The core group's only version is "v1"; a group name never looks like a version, so the first segment
// tells `v1/Kind/ns/name` (core, namespaced) from `group/v1/Kind/name` (grouped, cluster-scoped).
const CORE_VERSION = /^v\d+((alpha|beta)\d+)?$/;

/** parseKey inverts refKey; throws InventoryInvalid on a key it cannot read. */
export function parseKey(key: string): ObjectRef {
  const parts = key.split('/');
  const core = CORE_VERSION.test(parts[0] ?? '');
  const apiVersion = core ? parts[0] : `${parts[0]}/${parts[1]}`;
  const rest = parts.slice(core ? 1 : 2);
  const [kind, a, b] = rest;
  const valid = apiVersion && kind && a && (rest.length === 2 || (rest.length === 3 && b)) && parts.every((p) => p !== '');
  if (!valid) throw new GitfedError('InventoryInvalid', key, 'not an object key <apiVersion>/<kind>/[<namespace>/]<name>');
  return b === undefined ? { apiVersion, kind, name: a } : { apiVersion, kind, namespace: a, name: b };
}

// A pass asks the key of each of its (frozen, shared) manifests several times; a frozen object cannot change its key.
const frozenKeys = new WeakMap<object, string>();

/** objectKey builds `<apiVersion>/<kind>/<namespace>/<name>` (cluster-scoped: no namespace segment). */
export function objectKey(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const known = frozenKeys.get(obj);
  if (known !== undefined) return known;
  const key = keyOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
  if (Object.isFrozen(obj) && Object.isFrozen(obj.metadata)) frozenKeys.set(obj, key);
  return key;
}

/** freshKey is objectKey without remembering it: for objects met once, where remembering costs more than it saves. */
export function freshKey(obj: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return keyOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
}

/** objectSubject builds the short `Kind/namespace/name` used as the prefix of messages. */
export function objectSubject(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return subjectOf(obj.kind, obj.metadata.namespace, obj.metadata.name);
}

// the one place keys and subjects are spelled; an empty namespace is cluster-scoped
function keyOf(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${apiVersion}/${kind}/${namespace}/${name}` : `${apiVersion}/${kind}/${name}`;
}

function subjectOf(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

/** kindOf names an object's kind the way its key starts: `<apiVersion>/<kind>`. */
export function kindOf(ref: Pick<ObjectRef, 'apiVersion' | 'kind'>): string {
  return `${ref.apiVersion}/${ref.kind}`;
}
