import type { JsonObject, KubeObject } from '../../model/kube.js';

import { groupOf } from '../ssa/schema.js';
import { badJson, invalidResult, unsupportedMediaType } from './errors.js';
import { jsonPatch } from './json-patch.js';
import { mergePatch } from './merge-patch.js';
import { strategicMerge } from './strategic.js';
import { SMP_SCHEMAS } from './strategic-schema.js';
import { isPlainObject } from '../../kube/plain-object.js';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

/** applyPatch applies a merge, JSON or strategic merge patch body to `live`; errors are ApiErrors as the server sends. */
export function applyPatch(live: KubeObject, contentType: string, body: string): KubeObject {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const smp = SMP_SCHEMAS[`${groupOf(live.apiVersion)}/${live.kind}`];
  if (type === JSON_PATCH) return checked(live, jsonPatch(live, body));
  if (type === MERGE_PATCH) return checked(live, mergePatch(live as unknown as JsonObject, parseObject(body)));
  if (type === STRATEGIC && smp) return checked(live, strategicMerge(live as unknown as JsonObject, parseObject(body), smp));
  throw unsupportedMediaType(smp ? [JSON_PATCH, MERGE_PATCH, STRATEGIC, APPLY] : [JSON_PATCH, MERGE_PATCH, APPLY]);
}

function parseObject(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw badJson(err);
  }
  if (!isPlainObject(parsed)) throw badJson(new Error('json: cannot unmarshal non-object into Go value of type map[string]interface {}'));
  return parsed;
}

/** checked rejects results that are no longer an object of the patched kind. */
function checked(live: KubeObject, result: unknown): KubeObject {
  if (!isPlainObject(result)) throw invalidResult(live, '<root>', 'patch result is not an object');
  if (!isPlainObject(result.metadata)) throw invalidResult(live, 'metadata', 'metadata is required');
  if (result.kind !== live.kind) throw invalidResult(live, 'kind', `"${String(result.kind)}": must be ${live.kind}`);
  if (result.apiVersion !== live.apiVersion) throw invalidResult(live, 'apiVersion', `"${String(result.apiVersion)}": must be ${live.apiVersion}`);
  return result as unknown as KubeObject;
}
