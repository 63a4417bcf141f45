import type { KubeObject } from '../../model/kube.js';
import type { ResourceType } from '../types.js';
import { asVersion, commit, nowString, type ClusterContext } from './context.js';
import { conflict, invalid } from './errors.js';
import { liveObject } from './writes.js';
import { copyJson } from '../../kube/deep-copy.js';

/** DeleteOptions are the parts of a DELETE request the store uses. */
export interface DeleteOptions {
  dryRun: boolean;
  propagationPolicy?: string;
  preconditions?: { uid?: string; resourceVersion?: string };
}

const CRD_CLEANUP = 'customresourcecleanup.apiextensions.k8s.io';
const NS_PURGE = 'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.';
const POLICIES = ['Foreground', 'Background', 'Orphan'];

const is = (rt: ResourceType, group: string, plural: string): boolean => rt.group === group && rt.plural === plural;

function checkPreconditions(rt: ResourceType, live: KubeObject, pre: DeleteOptions['preconditions']): void {
  const uid = live.metadata['uid'];
  const rv = live.metadata['resourceVersion'];
  if (pre?.uid && pre.uid !== uid) {
    throw conflict(rt, live.metadata.name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(uid)}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== rv) {
    const why = `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${String(rv)}). The object might have been modified`;
    throw conflict(rt, live.metadata.name, why);
  }
}

/** defaultPolicy is the propagation a DELETE without one gets: Orphan for batch/v1 Jobs, Background otherwise (§8.1). */
export function defaultPolicy(rt: ResourceType): string {
  return is(rt, 'batch', 'jobs') ? 'Orphan' : 'Background';
}

/** successStatus is the body of an immediate delete. */
export function successStatus(rt: ResourceType, obj: KubeObject): Record<string, unknown> {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
    details: { name: obj.metadata.name, group: rt.group, kind: rt.plural, uid: obj.metadata['uid'] },
  };
}

/** markDeleting sets deletionTimestamp (and bumps generation) on an object that finalizers keep. */
function markDeleting(ctx: ClusterContext, obj: KubeObject, finalizers: string[]): KubeObject {
  const next = copyJson(obj);
  next.metadata['deletionTimestamp'] = nowString(ctx);
  next.metadata['deletionGracePeriodSeconds'] = 0;
  if (finalizers.length > 0) next.metadata['finalizers'] = finalizers;
  else delete next.metadata['finalizers'];
  const generation = next.metadata['generation'];
  if (typeof generation === 'number' && generation > 0) next.metadata['generation'] = generation + 1;
  return next;
}

function deleteNamespace(ctx: ClusterContext, rt: ResourceType, live: KubeObject, opts: DeleteOptions): KubeObject {
  if (live.metadata['deletionTimestamp']) throw conflict(rt, live.metadata.name, NS_PURGE);
  const next = markDeleting(ctx, live, (live.metadata['finalizers'] as string[] | undefined) ?? []);
  delete next.metadata['deletionGracePeriodSeconds'];
  next['status'] = { ...(next['status'] as object | undefined), phase: 'Terminating' };
  if (opts.dryRun) return asVersion(next, rt);
  return asVersion(commit(ctx, rt, 'MODIFIED', next, live), rt);
}

function deleteCrd(ctx: ClusterContext, rt: ResourceType, live: KubeObject, opts: DeleteOptions): KubeObject {
  const finalizers = (live.metadata['finalizers'] as string[] | undefined) ?? [];
  const next = markDeleting(ctx, live, finalizers.includes(CRD_CLEANUP) ? finalizers : [...finalizers, CRD_CLEANUP]);
  const status = (next['status'] ?? {}) as { conditions?: unknown[] };
  const terminating = { type: 'Terminating', status: 'True', lastTransitionTime: nowString(ctx), reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon' };
  next['status'] = { ...status, conditions: [...(status.conditions ?? []), terminating] } as KubeObject['status'];
  if (opts.dryRun) return asVersion(next, rt);
  return asVersion(commit(ctx, rt, 'MODIFIED', next, live), rt);
}

/** deleteObject is DELETE: preconditions, then either mark the object for its finalizers or remove it at once. */
export function deleteObject(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions): KubeObject | Record<string, unknown> {
  const policy = opts.propagationPolicy || defaultPolicy(rt);
  if (!POLICIES.includes(policy)) {
    const detail = `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`;
    throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [{ reason: 'FieldValueNotSupported', field: 'propagationPolicy', body: detail }]);
  }
  const live = liveObject(ctx, rt, namespace, name);
  checkPreconditions(rt, live, opts.preconditions);
  if (is(rt, '', 'namespaces')) return deleteNamespace(ctx, rt, live, opts);
  if (live.metadata['deletionTimestamp']) return asVersion(live, rt);
  if (is(rt, 'apiextensions.k8s.io', 'customresourcedefinitions')) return deleteCrd(ctx, rt, live, opts);
  const gc = policy === 'Orphan' ? ['orphan'] : policy === 'Foreground' ? ['foregroundDeletion'] : [];
  const finalizers = [...((live.metadata['finalizers'] as string[] | undefined) ?? []), ...gc];
  if (finalizers.length > 0) {
    const next = markDeleting(ctx, live, [...new Set(finalizers)]);
    return asVersion(opts.dryRun ? next : commit(ctx, rt, 'MODIFIED', next, live), rt);
  }
  if (!opts.dryRun) commit(ctx, rt, 'DELETED', live, live);
  return successStatus(rt, live);
}

/** removeFinalizer takes one finalizer off a deleting object; the object goes when none are left. */
export function removeFinalizer(ctx: ClusterContext, rt: ResourceType, obj: KubeObject, finalizer: string): void {
  const next = copyJson(obj);
  next.metadata['finalizers'] = ((obj.metadata['finalizers'] as string[] | undefined) ?? []).filter((f) => f !== finalizer);
  const empty = (next.metadata['finalizers'] as string[]).length === 0;
  if (empty) delete next.metadata['finalizers'];
  commit(ctx, rt, empty ? 'DELETED' : 'MODIFIED', next, obj);
}
