import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { KubeObject } from '../../model/kube.js';
import { ApiError } from '../api-error.js';
import { badJson, rejected } from './errors.js';
import { copyJson } from '../../kube/deep-copy.js';

const MAX_OPERATIONS = 10000;

/** jsonPatch applies an RFC 6902 patch (add, remove, replace, move, copy, test); a failing op is a 422. */
export function jsonPatch(live: KubeObject, body: string): unknown {
  let ops: unknown;
  try {
    ops = JSON.parse(body);
  } catch (err) {
    throw badJson(err);
  }
  if (!Array.isArray(ops)) throw badJson(new Error('json: cannot unmarshal object into Go value of type jsonpatch.Patch'));
  if (ops.length > MAX_OPERATIONS) {
    throw new ApiError(413, 'RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`);
  }
  try {
    return jsonpatch.applyPatch(copyJson(live), ops as Operation[], true, false).newDocument;
  } catch (err) {
    throw rejected(live, err instanceof Error ? err.message.split('\n')[0] : undefined);
  }
}
