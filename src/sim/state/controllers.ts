import type { KubeObject } from '../../model/kube.js';
import type { ResourceType } from '../types.js';
import { commit, nowString, schedule, typeOf, type ClusterContext } from './context.js';
import { deleteObject, removeFinalizer } from './deletion.js';
import { crdKinds, crdNames, storageKey } from './registry.js';
import { deepEqual } from './strategy.js';
import { updateObject } from './writes.js';
import { copyJson } from '../../kube/deep-copy.js';

const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';
const NS_KEY = '/namespaces';
const CRD_CLEANUP = 'customresourcecleanup.apiextensions.k8s.io';

type Condition = { type: string; status: string };

const conditions = (obj: KubeObject): Condition[] => ((obj['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []);
const finalizers = (obj: KubeObject): string[] => (obj.metadata['finalizers'] as string[] | undefined) ?? [];

/** refreshCustomKinds serves the kinds of every Established CRD that is not being deleted. */
export function refreshCustomKinds(ctx: ClusterContext): void {
  ctx.custom.clear();
  for (const crd of ctx.objects.list(CRD_KEY)) {
    const established = conditions(crd).some((c) => c.type === 'Established' && c.status === 'True');
    const kinds = crdKinds(crd);
    const first = kinds[0];
    if (!established || !first || crd.metadata['deletionTimestamp']) continue;
    ctx.custom.set(storageKey(first.rt), { crd: crd.metadata.name, kinds });
  }
}

function acceptedNames(crd: KubeObject): Record<string, unknown> {
  const n = crdNames(crd);
  return {
    plural: n.plural, singular: n.singular, kind: n.kind, listKind: n.listKind,
    ...(n.shortNames.length ? { shortNames: n.shortNames } : {}), ...(n.categories.length ? { categories: n.categories } : {}),
  };
}

/** establish is the apiextensions naming controller in one step: names accepted and Established at once. */
export function establish(ctx: ClusterContext, rt: ResourceType, crd: KubeObject): void {
  const status = (crd['status'] ?? {}) as Record<string, unknown>;
  const names = acceptedNames(crd);
  const done = conditions(crd).some((c) => c.type === 'Established' && c.status === 'True');
  if (done && deepEqual(status['acceptedNames'], names)) return;
  const now = nowString(ctx);
  const versions = ((crd['spec'] as { versions?: { name: string; storage?: boolean }[] } | undefined)?.versions ?? []);
  const storage = versions.find((v) => v.storage)?.name ?? versions[0]?.name;
  const next = copyJson(crd);
  next['status'] = {
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    acceptedNames: names,
    storedVersions: storage ? [storage] : [],
  } as KubeObject['status'];
  updateObject(ctx, rt, crd, next, { manager: 'kube-apiserver', dryRun: false, subresource: 'status' });
}

function namespacedKeys(ctx: ClusterContext): string[] {
  return ctx.objects.keys().filter((k) => typeOf(ctx, k)?.namespaced);
}

/** reconcileNamespace is the namespace controller: delete the content of a terminating namespace, then the namespace. */
export function reconcileNamespace(ctx: ClusterContext, name: string): void {
  const ns = ctx.objects.get(NS_KEY, undefined, name);
  const nsType = typeOf(ctx, NS_KEY);
  if (!ns || !nsType || !ns.metadata['deletionTimestamp']) return;
  for (const key of namespacedKeys(ctx)) {
    const rt = typeOf(ctx, key);
    for (const obj of rt ? ctx.objects.list(key, name) : []) {
      if (rt && !obj.metadata['deletionTimestamp']) deleteObject(ctx, rt, name, obj.metadata.name, { dryRun: false, propagationPolicy: 'Background' });
    }
  }
  const left = namespacedKeys(ctx).some((k) => ctx.objects.list(k, name).length > 0);
  if (left) return;
  const next = copyJson(ns);
  next['spec'] = { ...(next['spec'] as object | undefined), finalizers: [] };
  commit(ctx, nsType, finalizers(next).length === 0 ? 'DELETED' : 'MODIFIED', next, ns);
}

/** cleanupCrd is the CRD finalizer: delete every object of the CRD's kinds, then let the CRD go. */
export function cleanupCrd(ctx: ClusterContext, name: string): void {
  const crd = ctx.objects.get(CRD_KEY, undefined, name);
  const crdType = typeOf(ctx, CRD_KEY);
  const first = crd ? crdKinds(crd)[0] : undefined;
  if (!crd || !crdType || !crd.metadata['deletionTimestamp']) return;
  if (first) {
    const key = storageKey(first.rt);
    // objects of a kind no longer served still go through the regular delete so their finalizers are honoured
    for (const obj of ctx.objects.list(key)) {
      if (!obj.metadata['deletionTimestamp']) deleteObject(ctx, first.rt, obj.metadata.namespace, obj.metadata.name, { dryRun: false });
    }
    if (ctx.objects.list(key).length > 0) return;
  }
  if (finalizers(crd).includes(CRD_CLEANUP)) removeFinalizer(ctx, crdType, crd, CRD_CLEANUP);
}

function dependents(ctx: ClusterContext, uid: string): { rt: ResourceType; obj: KubeObject }[] {
  const out: { rt: ResourceType; obj: KubeObject }[] = [];
  for (const key of ctx.objects.keys()) {
    const rt = typeOf(ctx, key);
    if (!rt) continue;
    for (const obj of ctx.objects.list(key)) {
      const refs = (obj.metadata['ownerReferences'] as { uid?: string }[] | undefined) ?? [];
      if (refs.some((r) => r.uid === uid)) out.push({ rt, obj });
    }
  }
  return out;
}

/** collectGarbage is the garbage collector for one owner: orphan or delete its dependents, then drop its GC finalizer. */
export function collectGarbage(ctx: ClusterContext, key: string, namespace: string | undefined, name: string, uid: string): void {
  const owner = ctx.objects.get(key, namespace, name);
  const ownerType = typeOf(ctx, key);
  const orphan = owner !== undefined && owner.metadata['uid'] === uid && finalizers(owner).includes('orphan');
  for (const { rt, obj } of dependents(ctx, uid)) {
    if (orphan) {
      const next = copyJson(obj);
      next.metadata['ownerReferences'] = ((obj.metadata['ownerReferences'] as { uid?: string }[]) ?? []).filter((r) => r.uid !== uid) as KubeObject['metadata']['ownerReferences'];
      commit(ctx, rt, 'MODIFIED', next, obj);
    } else if (!owner || owner.metadata['uid'] !== uid || finalizers(owner).includes('foregroundDeletion')) {
      if (!obj.metadata['deletionTimestamp']) deleteObject(ctx, rt, obj.metadata.namespace, obj.metadata.name, { dryRun: false, propagationPolicy: 'Background' });
    }
  }
  if (!owner || !ownerType || owner.metadata['uid'] !== uid) return;
  if (orphan) removeFinalizer(ctx, ownerType, owner, 'orphan');
  else if (finalizers(owner).includes('foregroundDeletion') && dependents(ctx, uid).length === 0) removeFinalizer(ctx, ownerType, owner, 'foregroundDeletion');
}

/** controllersAfterCommit wires the built-in controllers to the store's changes. */
export function controllersAfterCommit(ctx: ClusterContext): NonNullable<ClusterContext['afterCommit']> {
  return (rt, type, obj) => {
    const key = storageKey(rt);
    const m = obj.metadata;
    if (key === CRD_KEY) {
      refreshCustomKinds(ctx);
      if (type !== 'DELETED' && !m['deletionTimestamp']) establish(ctx, rt, obj);
      if (type !== 'DELETED' && m['deletionTimestamp']) schedule(ctx, `crd/${m.name}`, () => cleanupCrd(ctx, m.name));
    }
    if (key === NS_KEY && type !== 'DELETED' && m['deletionTimestamp']) schedule(ctx, `ns/${m.name}`, () => reconcileNamespace(ctx, m.name));
    const uid = m['uid'] as string | undefined;
    const gcFinalizer = finalizers(obj).some((f) => f === 'orphan' || f === 'foregroundDeletion');
    if (uid && (type === 'DELETED' || (m['deletionTimestamp'] && gcFinalizer))) {
      schedule(ctx, `gc/${uid}`, () => collectGarbage(ctx, key, m.namespace, m.name, uid));
    }
    if (type !== 'DELETED') return;
    const ns = m.namespace ? ctx.objects.get(NS_KEY, undefined, m.namespace) : undefined;
    if (ns?.metadata['deletionTimestamp']) schedule(ctx, `ns/${ns.metadata.name}`, () => reconcileNamespace(ctx, ns.metadata.name));
    const builtin = ctx.builtins.some((b) => storageKey(b) === key);
    const owner = builtin ? undefined : ctx.objects.list(CRD_KEY).find((c) => crdKinds(c).some((k) => storageKey(k.rt) === key));
    if (owner?.metadata['deletionTimestamp']) schedule(ctx, `crd/${owner.metadata.name}`, () => cleanupCrd(ctx, owner.metadata.name));
  };
}
