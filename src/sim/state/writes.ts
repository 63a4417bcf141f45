import type { KubeObject } from '../../model/kube.js';
import { applyDefaults } from '../defaults/index.js';
import { recordUpdate } from '../ssa/index.js';
import type { ResourceType, WriteOptions } from '../types.js';
import { asVersion, commit, isCustom, nowString, type ClusterContext } from './context.js';
import { alreadyExists, badRequest, conflict, invalid, MODIFIED, namespaceNotFound, namespaceTerminating, notFound, required } from './errors.js';
import { apiVersionOf, storageKey } from './registry.js';
import { replaceScale } from './scale.js';
import { deepEqual, nextGeneration, prepareForCreate, prepareForUpdate } from './strategy.js';
import { checkBody, checkName, checkNamespace, validateObject } from './validation.js';
import { copyJson } from '../../kube/deep-copy.js';

const NAMESPACES = { group: '', plural: 'namespaces' };
const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** defaulted runs the defaulting the server applies when it decodes a body. */
export function defaulted(ctx: ClusterContext, obj: KubeObject): KubeObject {
  return applyDefaults(obj, { allocateClusterIP: ctx.allocateClusterIP });
}

/** liveObject reads the stored object or throws 404. */
export function liveObject(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string): KubeObject {
  const live = ctx.objects.get(storageKey(rt), rt.namespaced ? namespace : undefined, name);
  if (!live) throw notFound(rt, name);
  return live;
}

/** resolveName applies generateName and requires a name (422 as ValidateObjectMeta). */
export function resolveName(rt: ResourceType, obj: KubeObject): void {
  const m = obj.metadata;
  if (!m.name && typeof m['generateName'] === 'string' && m['generateName']) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)];
    m.name = `${m['generateName']}${suffix}`;
  }
  if (!m.name) throw invalid(rt, '', [required('metadata.name', 'name or generateName is required')]);
}

/** admitCreate is the namespace lifecycle admission plus the AlreadyExists check. */
export function admitCreate(ctx: ClusterContext, rt: ResourceType, obj: KubeObject): void {
  const ns = obj.metadata.namespace;
  if (rt.namespaced) {
    const nsObj = ctx.objects.get(storageKey(NAMESPACES), undefined, ns ?? '');
    if (!nsObj) throw namespaceNotFound(ns ?? '');
    if (nsObj.metadata['deletionTimestamp']) throw namespaceTerminating(rt, obj.metadata.name, ns ?? '');
  }
  if (ctx.objects.get(storageKey(rt), ns, obj.metadata.name)) throw alreadyExists(rt, obj.metadata.name);
}

/** finishCreate validates and stores a prepared object (or, on dry run, returns it without a resourceVersion). */
export function finishCreate(ctx: ClusterContext, rt: ResourceType, obj: KubeObject, opts: WriteOptions): KubeObject {
  validateObject(rt, obj, undefined);
  if (opts.dryRun) return asVersion(obj, rt);
  return asVersion(commit(ctx, rt, 'ADDED', obj), rt);
}

/** createObject is POST: decode, name, admit, default, record the creator as an Update manager, store. */
export function createObject(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, body: unknown, opts: WriteOptions): KubeObject {
  const obj = checkBody(rt, body);
  checkNamespace(rt, obj, namespace);
  resolveName(rt, obj);
  if (obj.metadata['resourceVersion']) throw badRequest('resourceVersion should not be set on objects to be created');
  admitCreate(ctx, rt, obj);
  delete obj.metadata['managedFields'];
  prepareForCreate(rt, obj, isCustom(ctx, rt), nowString(ctx));
  const recorded = recordUpdate(undefined, defaulted(ctx, obj), managerContext(ctx, rt, opts));
  recorded.metadata['creationTimestamp'] = obj.metadata['creationTimestamp'] ?? null;
  recorded.metadata['uid'] = obj.metadata['uid'] ?? null;
  return finishCreate(ctx, rt, recorded, opts);
}

/** managerContext is what the SSA core needs to know about the writer. */
export function managerContext(ctx: ClusterContext, rt: ResourceType, opts: WriteOptions): { manager: string; apiVersion: string; now: string; subresource?: 'status' | 'scale' } {
  return { manager: opts.manager, apiVersion: apiVersionOf(rt), now: nowString(ctx), ...(opts.subresource ? { subresource: opts.subresource } : {}) };
}

/** checkPrecondition gives 409 when the body names a resourceVersion other than the live one. */
export function checkPrecondition(rt: ResourceType, candidate: KubeObject, live: KubeObject): void {
  const rv = candidate.metadata['resourceVersion'];
  if (rv !== undefined && rv !== '' && rv !== live.metadata['resourceVersion']) throw conflict(rt, live.metadata.name, MODIFIED);
  const uid = candidate.metadata['uid'];
  if (uid !== undefined && uid !== '' && uid !== live.metadata['uid']) {
    throw conflict(rt, live.metadata.name, `Precondition failed: UID in precondition: ${String(uid)}, UID in object meta: ${String(live.metadata['uid'])}`);
  }
}

/** updateObject runs a non-apply write: carry over server fields, default, record an Update, then finish. */
export function updateObject(ctx: ClusterContext, rt: ResourceType, live: KubeObject, candidate: KubeObject, opts: WriteOptions): KubeObject {
  const prepared = prepareForUpdate(rt, candidate, live, opts.subresource);
  if (opts.subresource) prepared.metadata['managedFields'] = copyJson(live.metadata['managedFields'] ?? []);
  else if (prepared.metadata['managedFields'] === undefined && live.metadata['managedFields'] !== undefined) {
    prepared.metadata['managedFields'] = copyJson(live.metadata['managedFields']);
  }
  const recorded = recordUpdate(live, defaulted(ctx, prepared), managerContext(ctx, rt, opts));
  return finishUpdate(ctx, rt, live, recorded, opts);
}

/** finishUpdate bumps generation, validates, skips no-ops, stores, and deletes an object whose last finalizer went. */
export function finishUpdate(ctx: ClusterContext, rt: ResourceType, live: KubeObject, next: KubeObject, opts: WriteOptions): KubeObject {
  const generation = nextGeneration(rt, isCustom(ctx, rt), live, next, opts.subresource);
  if (generation !== undefined) next.metadata['generation'] = generation;
  next.metadata['resourceVersion'] = live.metadata['resourceVersion'] as string;
  validateObject(rt, next, live);
  // an unchanged object is not written: same resourceVersion, no watch event (§2.7)
  if (deepEqual(live, next) || opts.dryRun) return asVersion(opts.dryRun ? next : live, rt);
  const gone = Boolean(next.metadata['deletionTimestamp']) && finalizersEmpty(rt, next);
  return asVersion(commit(ctx, rt, gone ? 'DELETED' : 'MODIFIED', next, live), rt);
}

/** finalizersEmpty tells whether nothing holds a deleted object any more (namespaces also wait for spec.finalizers). */
export function finalizersEmpty(rt: ResourceType, obj: KubeObject): boolean {
  const meta = (obj.metadata['finalizers'] as string[] | undefined) ?? [];
  const spec = rt.group === '' && rt.plural === 'namespaces' ? ((obj['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? []) : [];
  return meta.length === 0 && spec.length === 0;
}

/** replaceObject is PUT: decode, check name, namespace and resourceVersion, then update. */
export function replaceObject(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): KubeObject {
  if (opts.subresource === 'scale') return replaceScale(ctx, rt, namespace, name, body, opts);
  const candidate = checkBody(rt, body);
  checkNamespace(rt, candidate, namespace);
  checkName(candidate, name);
  const live = liveObject(ctx, rt, namespace, name);
  checkPrecondition(rt, candidate, live);
  return updateObject(ctx, rt, live, candidate, opts);
}
