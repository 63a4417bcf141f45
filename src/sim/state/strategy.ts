import { randomUUID } from 'node:crypto';
import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { ResourceType } from '../types.js';
import { tracksGeneration } from './registry.js';
import { copyJson } from '../../kube/deep-copy.js';

/** deepEqual compares two JSON values, ignoring object key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const is = (rt: ResourceType, group: string, plural: string): boolean => rt.group === group && rt.plural === plural;

// Status a create starts with, per kind, after the strategy dropped the client's (PrepareForCreate).
const CREATE_STATUS: Record<string, JsonValue> = {
  '/namespaces': { phase: 'Active' },
  '/pods': { phase: 'Pending' },
  '/persistentvolumeclaims': { phase: 'Pending' },
  '/services': { loadBalancer: {} },
};

/** hasStatusReset tells whether main-resource writes drop `status` (the kind serves a status subresource), Node aside. */
export function hasStatusReset(rt: ResourceType): boolean {
  return rt.subresources.includes('status') && !is(rt, '', 'nodes');
}

/** prepareForCreate sets the server-owned fields of a new object: uid, creationTimestamp, generation, reset status. */
export function prepareForCreate(rt: ResourceType, obj: KubeObject, custom: boolean, now: string): void {
  const m = obj.metadata;
  for (const k of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'generation']) delete m[k];
  m['uid'] = randomUUID();
  m['creationTimestamp'] = now;
  if (tracksGeneration(rt, custom)) m['generation'] = 1;
  if (hasStatusReset(rt)) {
    const initial = CREATE_STATUS[`${rt.group}/${rt.plural}`];
    if (initial === undefined) delete obj['status'];
    else obj['status'] = copyJson(initial);
  }
  if (is(rt, '', 'namespaces')) obj['spec'] = { ...(obj['spec'] as object | undefined), finalizers: ['kubernetes'] };
}

const SERVICE_ALLOCATED = ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy'];

/** prepareForUpdate carries over what a write may not change: identity, deletion state, and the other side of status. */
export function prepareForUpdate(rt: ResourceType, next: KubeObject, live: KubeObject, subresource: string | undefined): KubeObject {
  const out: KubeObject = subresource === 'status' ? statusWrite(rt, next, live) : copyJson(next);
  for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'resourceVersion']) {
    if (live.metadata[k] === undefined) delete out.metadata[k];
    else out.metadata[k] = live.metadata[k];
  }
  if (subresource !== 'status' && hasStatusReset(rt)) {
    if (live['status'] === undefined) delete out['status'];
    else out['status'] = copyJson(live['status']);
  }
  if (is(rt, '', 'namespaces')) {
    out['spec'] = { ...(out['spec'] as object | undefined), finalizers: copyJson((live['spec'] as { finalizers?: JsonValue })?.finalizers ?? []) };
  }
  if (is(rt, '', 'services')) keepAllocated(out, live);
  return out;
}

// A status write takes status and metadata from the body and everything else from the live object.
function statusWrite(rt: ResourceType, next: KubeObject, live: KubeObject): KubeObject {
  const out = copyJson(live);
  if (next['status'] === undefined) delete out['status'];
  else out['status'] = copyJson(next['status']);
  const keep = is(rt, 'apps', 'deployments') ? ['annotations', 'finalizers', 'ownerReferences', 'managedFields']
    : ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields'];
  for (const k of keep) {
    if (next.metadata[k] === undefined) delete out.metadata[k];
    else out.metadata[k] = copyJson(next.metadata[k]);
  }
  return out;
}

// A PUT that omits the allocated IP fields keeps them, as the Service registry does.
function keepAllocated(out: KubeObject, live: KubeObject): void {
  const spec = (out['spec'] ?? {}) as Record<string, JsonValue>;
  const liveSpec = (live['spec'] ?? {}) as Record<string, JsonValue>;
  for (const k of SERVICE_ALLOCATED) {
    const v = liveSpec[k];
    if ((spec[k] === undefined || spec[k] === '') && v !== undefined) spec[k] = copyJson(v);
  }
  out['spec'] = spec;
}

function customContentChanged(rt: ResourceType, live: KubeObject, next: KubeObject): boolean {
  const skip = new Set(['apiVersion', 'kind', 'metadata', ...(rt.subresources.includes('status') ? ['status'] : [])]);
  const strip = (o: KubeObject): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => !skip.has(k)));
  return !deepEqual(strip(live), strip(next));
}

/** nextGeneration computes metadata.generation after an update (§4.3): spec changes only, Deployment annotations too. */
export function nextGeneration(rt: ResourceType, custom: boolean, live: KubeObject, next: KubeObject, subresource?: string): number | undefined {
  const current = live.metadata['generation'] as number | undefined;
  if (current === undefined || subresource === 'status') return current;
  const changed = custom
    ? customContentChanged(rt, live, next)
    : !deepEqual(live['spec'], next['spec']) || (is(rt, 'apps', 'deployments') && !deepEqual(live.metadata.annotations, next.metadata.annotations));
  return changed ? current + 1 : current;
}

/** stripResetFields removes what a write to this endpoint ignores, so the applier is not recorded as owning it. */
export function stripResetFields(rt: ResourceType, config: KubeObject, subresource: string | undefined): KubeObject {
  const out = copyJson(config);
  if (subresource === 'status') {
    for (const k of Object.keys(out)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) delete out[k];
    if (is(rt, 'apps', 'deployments')) delete out.metadata.labels;
  } else if (hasStatusReset(rt)) delete out['status'];
  return out;
}
