import type { JsonValue, KubeObject } from '../../model/kube.js';
import { serverSideApply } from '../ssa/index.js';
import type { ResourceType, WriteOptions } from '../types.js';
import { isCustom, type ClusterContext } from './context.js';
import { ApiError } from '../api-error.js';
import { badRequest, invalid, invalidValue } from './errors.js';
import { storageKey, type ScalePaths } from './registry.js';
import { prepareForUpdate } from './strategy.js';
import { parseApplyBody, runPatch } from './patching.js';
import { checkPrecondition, defaulted, finishUpdate, liveObject, managerContext, updateObject } from './writes.js';
import { copyJson } from '../../kube/deep-copy.js';

const APPS_SCALE: ScalePaths = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' };
const SCALE_RT = { group: 'autoscaling', kind: 'Scale' };

function scalePaths(ctx: ClusterContext, rt: ResourceType): ScalePaths {
  if (!rt.subresources.includes('scale')) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  if (!isCustom(ctx, rt)) return APPS_SCALE;
  return ctx.custom.get(storageKey(rt))?.kinds.find((k) => k.rt.version === rt.version)?.scale ?? APPS_SCALE;
}

function readPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.').filter(Boolean)) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[part] : undefined;
  return cur;
}

function writePath(obj: Record<string, unknown>, path: string, value: JsonValue): void {
  const parts = path.split('.').filter(Boolean);
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    if (typeof cur[part] !== 'object' || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1] ?? ''] = value;
}

/** selectorString renders a LabelSelector (or a string, as CRDs store it) the way Scale.status.selector shows it. */
export function selectorString(sel: unknown): string {
  if (typeof sel === 'string') return sel;
  if (typeof sel !== 'object' || sel === null) return '';
  const { matchLabels, matchExpressions } = sel as { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  const terms = Object.entries(matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of matchExpressions ?? []) {
    const values = `(${(e.values ?? []).join(',')})`;
    terms.push(e.operator === 'In' ? `${e.key} in ${values}` : e.operator === 'NotIn' ? `${e.key} notin ${values}` : e.operator === 'Exists' ? e.key : `!${e.key}`);
  }
  return terms.sort().join(',');
}

/** toScale builds the autoscaling/v1 Scale view of an object. */
export function toScale(obj: KubeObject, paths: ScalePaths): KubeObject {
  const m = obj.metadata;
  const selector = paths.labelSelectorPath ? selectorString(readPath(obj, paths.labelSelectorPath)) : '';
  return {
    apiVersion: 'autoscaling/v1', kind: 'Scale',
    metadata: {
      name: m.name, ...(m.namespace ? { namespace: m.namespace } : {}), uid: m['uid'] ?? null,
      resourceVersion: m['resourceVersion'] ?? null, creationTimestamp: m['creationTimestamp'] ?? null,
    },
    spec: { replicas: Number(readPath(obj, paths.specReplicasPath) ?? 0) },
    status: { replicas: Number(readPath(obj, paths.statusReplicasPath) ?? 0), ...(selector ? { selector } : {}) },
  };
}

/** getScale is GET …/scale. */
export function getScale(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string): KubeObject {
  const paths = scalePaths(ctx, rt);
  return toScale(liveObject(ctx, rt, namespace, name), paths);
}

function replicasOf(scale: unknown, name: string): number {
  const r = readPath(scale, '.spec.replicas');
  if (r === undefined || r === null) return 0;
  if (typeof r !== 'number' || !Number.isInteger(r)) throw badRequest(`Scale in version "v1" cannot be handled as a Scale: spec.replicas: expected an integer`);
  if (r < 0) throw invalid(SCALE_RT, name, [invalidValue('spec.replicas', r, 'must be greater than or equal to 0')]);
  return r;
}

function writeReplicas(ctx: ClusterContext, rt: ResourceType, live: KubeObject, replicas: number, opts: WriteOptions): KubeObject {
  const paths = scalePaths(ctx, rt);
  const next = copyJson(live);
  writePath(next as Record<string, unknown>, paths.specReplicasPath, replicas);
  return toScale(updateObject(ctx, rt, live, next, { ...opts, subresource: 'scale' }), paths);
}

/** replaceScale is PUT …/scale: the body is a Scale whose resourceVersion, if set, is a precondition. */
export function replaceScale(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions): KubeObject {
  scalePaths(ctx, rt);
  const live = liveObject(ctx, rt, namespace, name);
  const meta = (typeof body === 'object' && body !== null ? (body as { metadata?: Record<string, JsonValue> }).metadata : undefined) ?? {};
  checkPrecondition(rt, { apiVersion: '', kind: '', metadata: { name, ...meta } }, live);
  return writeReplicas(ctx, rt, live, replicasOf(body, name), opts);
}

/** patchScale is PATCH …/scale (kubectl scale sends a merge patch); apply patches own spec.replicas on the parent. */
export function patchScale(ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string, ct: string, body: string, opts: WriteOptions): KubeObject {
  const paths = scalePaths(ctx, rt);
  const live = liveObject(ctx, rt, namespace, name);
  if (ct !== 'application/apply-patch+yaml') {
    const patched = runPatch(toScale(live, paths), ct, body);
    checkPrecondition(rt, patched, live);
    return writeReplicas(ctx, rt, live, replicasOf(patched, name), opts);
  }
  const replicas = replicasOf(parseApplyBody(body, false), name);
  const config: KubeObject = { apiVersion: live.apiVersion, kind: live.kind, metadata: { name } };
  writePath(config as Record<string, unknown>, paths.specReplicasPath, replicas);
  const ssa = { ...managerContext(ctx, rt, { ...opts, subresource: 'scale' }), force: opts.force ?? false, defaults: (o: KubeObject) => defaulted(ctx, o) };
  const merged = serverSideApply(copyJson(live), config, ssa);
  return toScale(finishUpdate(ctx, rt, live, prepareForUpdate(rt, merged, live, 'scale'), opts), paths);
}
