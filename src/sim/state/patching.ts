import { parse } from 'yaml';
import type { KubeObject } from '../../model/kube.js';
import { ApiError } from '../api-error.js';
import { applyPatch } from '../patch/index.js';
import { serverSideApply } from '../ssa/index.js';
import type { ResourceType, WriteOptions } from '../types.js';
import { asVersion, isCustom, nowString, type ClusterContext } from './context.js';
import { badRequest, forbidden, invalid, required } from './errors.js';
import { apiVersionOf, storageKey } from './registry.js';
import { patchScale } from './scale.js';
import { prepareForCreate, prepareForUpdate, stripResetFields } from './strategy.js';
import { checkName, checkNamespace } from './validation.js';
import { admitCreate, checkPrecondition, defaulted, finishCreate, finishUpdate, liveObject, managerContext, updateObject } from './writes.js';

/** APPLY is the content type of a server-side apply patch. */
export const APPLY = 'application/apply-patch+yaml';
const JSON_PATCH = 'application/json-patch+json';
const MERGE = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';

const PATCH_OPTIONS = { group: 'meta.k8s.io', kind: 'PatchOptions' };

/** mediaType strips parameters (`; charset=utf-8`) and case from a Content-Type. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function unsupported(custom: boolean): ApiError {
  const types = [JSON_PATCH, MERGE, APPLY, ...(custom ? [] : [STRATEGIC])];
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${types.join(', ')}`);
}

/** patchObject is PATCH: apply patches go to server-side apply, the others patch the live object and record an Update. */
export function patchObject(
  ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string, contentType: string, body: string, opts: WriteOptions,
): { object: KubeObject; created: boolean } {
  const ct = mediaType(contentType);
  const custom = isCustom(ctx, rt);
  if (![JSON_PATCH, MERGE, APPLY, STRATEGIC].includes(ct) || (ct === STRATEGIC && custom)) throw unsupported(custom);
  if (ct === APPLY && !opts.manager) throw invalid(PATCH_OPTIONS, '', [required('fieldManager', 'is required for apply patch')]);
  if (ct !== APPLY && opts.force) throw invalid(PATCH_OPTIONS, '', [forbidden('force', 'may not be specified for non-apply patch')]);
  if (opts.subresource === 'scale') return { object: patchScale(ctx, rt, namespace, name, ct, body, opts), created: false };
  if (ct === APPLY) return applyObject(ctx, rt, namespace, name, body, opts);
  const live = liveObject(ctx, rt, namespace, name);
  const patched = runPatch(asVersion(live, rt), ct, body);
  checkNamespace(rt, patched, namespace);
  checkName(patched, name);
  checkPrecondition(rt, patched, live);
  return { object: updateObject(ctx, rt, live, patched, opts), created: false };
}

/** runPatch applies a non-apply patch; library failures become the Status the real server gives. */
export function runPatch(live: KubeObject, ct: string, body: string): KubeObject {
  try {
    return applyPatch(live, ct, body);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (ct === JSON_PATCH) throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request');
    throw badRequest(e instanceof Error ? e.message : String(e));
  }
}

/** parseApplyBody decodes an apply body (YAML or JSON); duplicate keys fail only under Strict validation. */
export function parseApplyBody(body: string, strict: boolean): unknown {
  // Clients send JSON as YAML; JSON is YAML 1.2, and without strict decoding a duplicated key means the same to
  // both parsers (the last one wins), so the native parser reads it, ten times faster. Strict decoding must find
  // duplicated keys, which JSON.parse does not report: it goes through the YAML parser.
  if (!strict && body.trimStart().startsWith('{')) {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      // not JSON after all: the YAML parser says what is wrong with it
    }
  }
  try {
    return parse(body, { uniqueKeys: strict });
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (strict && /unique|duplicate/i.test(text)) throw badRequest(`error strict decoding YAML: ${text}`);
    throw badRequest(`error decoding YAML: ${text}`);
  }
}

function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  return `${av.includes('/') ? av : `/${av}`}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/** applyConfig checks an apply body the way the field manager's VersionCheck and StructuredMerge layers do. */
export function applyConfig(rt: ResourceType, body: string, opts: WriteOptions): KubeObject {
  const raw = parseApplyBody(body, opts.fieldValidation === 'Strict');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('error decoding YAML: the body is not an object');
  const config = raw as KubeObject;
  if (config.apiVersion !== apiVersionOf(rt) || config.kind !== rt.kind) throw badRequest(`invalid object type: ${gvkString(config.apiVersion, config.kind)}`);
  if (typeof config.metadata !== 'object' || config.metadata === null) config.metadata = { name: '' };
  if (config.metadata['managedFields'] !== undefined) throw badRequest('metadata.managedFields must be nil');
  return config;
}

/** applyObject is server-side apply: create the object when missing (201), otherwise merge into the live one. */
export function applyObject(
  ctx: ClusterContext, rt: ResourceType, namespace: string | undefined, name: string, body: string, opts: WriteOptions,
): { object: KubeObject; created: boolean } {
  const config = applyConfig(rt, body, opts);
  checkNamespace(rt, config, namespace);
  checkName(config, name);
  const live = ctx.objects.get(storageKey(rt), rt.namespaced ? namespace : undefined, name);
  const stripped = stripResetFields(rt, config, opts.subresource);
  const ssa = { ...managerContext(ctx, rt, opts), force: opts.force ?? false, defaults: (o: KubeObject) => defaulted(ctx, o) };
  if (!live) {
    if (opts.subresource) liveObject(ctx, rt, namespace, name);
    admitCreate(ctx, rt, config);
    const merged = serverSideApply(undefined, stripped, ssa);
    prepareForCreate(rt, merged, isCustom(ctx, rt), nowString(ctx));
    return { object: finishCreate(ctx, rt, merged, opts), created: true };
  }
  checkPrecondition(rt, config, live);
  const merged = serverSideApply(asVersion(live, rt), stripped, ssa);
  return { object: finishUpdate(ctx, rt, live, prepareForUpdate(rt, merged, live, opts.subresource), opts), created: false };
}
