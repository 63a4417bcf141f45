import type { JsonObject } from '../model/kube.js';

/** isPlainObject tells a mapping of parsed YAML or JSON from a list, null or a scalar. */
export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** asPlainObject is the mapping itself, or an empty one in place of a list, null, a scalar or nothing. */
export function asPlainObject(v: unknown): JsonObject {
  return isPlainObject(v) ? v : {};
}
