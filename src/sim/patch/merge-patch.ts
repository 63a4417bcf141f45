import type { JsonObject, JsonValue } from '../../model/kube.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { copyJson } from '../../kube/deep-copy.js';

/** mergePatch applies an RFC 7386 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isPlainObject(patch)) return copyJson(patch);
  const out: JsonObject = isPlainObject(target) ? copyJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}
