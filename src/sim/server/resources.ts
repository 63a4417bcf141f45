import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError } from '../api-error.js';
import type { ClusterApi } from '../types.js';
import { APPLY_TYPE, PATCH_TYPES, dryRunOf, isWatch, listOptions, mediaType, writeOptions } from './query.js';
import { readBody, sendJson } from './respond.js';
import type { ResourceTarget } from './routes.js';
import { scalePutAsPatch, toScale } from './scale.js';
import type { Verb } from './faults.js';
import { serveWatch } from './watch.js';

/** ResourceRequest is one request on a resolved resource URL. */
export interface ResourceRequest {
  api: ClusterApi;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  target: ResourceTarget;
}

/** verbOf names the Kubernetes verb of a resource request, for counters and faults. */
export function verbOf(method: string, target: ResourceTarget, query: URLSearchParams): Verb | undefined {
  switch (method) {
    case 'GET':
      if (target.name !== undefined) return 'get';
      return isWatch(query) ? 'watch' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return 'delete';
    default: return undefined;
  }
}

function methodNotAllowed(action: string, t: ResourceTarget): ApiError {
  const gr = t.rt.group ? `${t.rt.plural}.${t.rt.group}` : t.rt.plural;
  return new ApiError(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${gr}"`, { group: t.rt.group, kind: t.rt.plural });
}

/** handleResource maps one resource request onto the cluster API and answers it. */
export async function handleResource(r: ResourceRequest, verb: Verb): Promise<void> {
  const { target: t } = r;
  const named = t.name !== undefined;
  if (verb === 'get') return sendJson(r.req, r.res, 200, getObject(r));
  // the answer is only written out: no copy of every item
  if (verb === 'list') return sendJson(r.req, r.res, 200, r.api.list(t.rt, t.namespace, { ...listOptions(r.query), shared: true }));
  if (verb === 'watch') return startWatch(r);
  if (verb === 'create') {
    if (named) throw methodNotAllowed('POST', t);
    const body = parseObjectBody(await readBody(r.req), r.req.headers['content-type'], t.rt.kind);
    const created = r.api.create(t.rt, t.namespace, body, writeOptions(r.req, r.query, { apply: false, optionsKind: 'CreateOptions' }));
    return sendJson(r.req, r.res, 201, created);
  }
  if (verb === 'delete') return named ? deleteOne(r) : deleteCollection(r);
  if (!named) throw methodNotAllowed(verb === 'update' ? 'PUT' : 'PATCH', t);
  return verb === 'update' ? replace(r) : patch(r);
}

function getObject(r: ResourceRequest): unknown {
  const { target: t } = r;
  if (t.subresource !== 'scale') return r.api.get(t.rt, t.namespace, t.name ?? '');
  return r.api.getScale ? r.api.getScale(t.rt, t.namespace, t.name ?? '') : toScale(r.api.get(t.rt, t.namespace, t.name ?? ''));
}

function startWatch(r: ResourceRequest): void {
  const timeout = Number(r.query.get('timeoutSeconds') ?? '');
  const opts = { ...listOptions(r.query), ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutSeconds: timeout } : {}) };
  serveWatch(r.api, r.req, r.res, r.target, opts);
}

async function replace(r: ResourceRequest): Promise<void> {
  const { target: t } = r;
  const text = await readBody(r.req);
  if (t.subresource === 'scale') {
    // a Scale PUT changes only spec.replicas of its parent: the same as the merge patch kubectl scale sends
    const body = parseObjectBody(text, r.req.headers['content-type'], 'Scale');
    const opts = writeOptions(r.req, r.query, { apply: false, subresource: 'scale', optionsKind: 'UpdateOptions' });
    const { object } = r.api.patch(t.rt, t.namespace, t.name ?? '', 'application/merge-patch+json', scalePutAsPatch(body), opts);
    return sendJson(r.req, r.res, 200, toScale(object));
  }
  const body = parseObjectBody(text, r.req.headers['content-type'], t.rt.kind);
  const opts = writeOptions(r.req, r.query, { apply: false, subresource: t.subresource, optionsKind: 'UpdateOptions' });
  sendJson(r.req, r.res, 200, r.api.replace(t.rt, t.namespace, t.name ?? '', body, opts));
}

async function patch(r: ResourceRequest): Promise<void> {
  const { target: t } = r;
  const type = mediaType(r.req.headers['content-type']);
  if (!(PATCH_TYPES as readonly string[]).includes(type)) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
  }
  const text = await readBody(r.req);
  const opts = writeOptions(r.req, r.query, { apply: type === APPLY_TYPE, subresource: t.subresource, optionsKind: 'PatchOptions' });
  const { object, created } = r.api.patch(t.rt, t.namespace, t.name ?? '', type, text, opts);
  sendJson(r.req, r.res, created ? 201 : 200, t.subresource === 'scale' ? toScale(object) : object);
}

async function deleteOne(r: ResourceRequest): Promise<void> {
  const { target: t } = r;
  const opts = await deleteOptions(r);
  sendJson(r.req, r.res, 200, r.api.delete(t.rt, t.namespace, t.name ?? '', opts));
}

async function deleteCollection(r: ResourceRequest): Promise<void> {
  const { target: t } = r;
  const opts = await deleteOptions(r);
  const list = r.api.list(t.rt, t.namespace, listOptions(r.query));
  const items = list.items.map((o) => r.api.delete(t.rt, o.metadata.namespace, o.metadata.name, opts));
  sendJson(r.req, r.res, 200, { ...list, items });
}

/** deleteOptions merges DeleteOptions from the body (kubectl) and the query (client-node). */
async function deleteOptions(r: ResourceRequest): Promise<Parameters<ClusterApi['delete']>[3]> {
  const text = (await readBody(r.req)).trim();
  const body = text === '' ? {} : parseObjectBody(text, r.req.headers['content-type'], 'DeleteOptions');
  const policy = r.query.get('propagationPolicy') ?? (typeof body['propagationPolicy'] === 'string' ? body['propagationPolicy'] : undefined);
  const bodyDryRun = Array.isArray(body['dryRun']) ? body['dryRun'].map(String) : [];
  const pre = body['preconditions'];
  const preconditions = pre !== null && typeof pre === 'object' ? (pre as { uid?: string; resourceVersion?: string }) : undefined;
  return {
    dryRun: dryRunOf([...r.query.getAll('dryRun'), ...bodyDryRun], 'DeleteOptions'),
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(preconditions ? { preconditions } : {}),
  };
}

/** parseObjectBody decodes a JSON (or YAML) object body; anything else is the real server's 400. */
export function parseObjectBody(text: string, contentType: string | undefined, kind: string): Record<string, unknown> {
  const type = mediaType(contentType);
  if (type !== '' && type !== 'application/json' && type !== 'application/yaml' && type !== '*/*') {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  }
  let value: unknown;
  try {
    value = type === 'application/yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ApiError(400, 'BadRequest', `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${why}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'BadRequest', `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct`);
  }
  return value as Record<string, unknown>;
}
