import type { JsonObject, JsonValue } from '../../model/kube.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** setDefault sets `obj[key]` when it is absent, null, or (for strings and numbers) empty / zero-like as Go sees it. */
export function setDefault(obj: JsonObject, key: string, value: JsonValue): void {
  const current = obj[key];
  if (current === undefined || current === null || current === '') obj[key] = value;
}

/** child returns `obj[key]` as an object, creating it when absent. */
export function child(obj: JsonObject, key: string): JsonObject {
  const current = obj[key];
  if (isPlainObject(current)) return current;
  const created: JsonObject = {};
  obj[key] = created;
  return created;
}

/** objectAt returns `obj[key]` when it is an object. */
export function objectAt(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = obj?.[key];
  return isPlainObject(v) ? v : undefined;
}

/** objectsAt returns the object items of the list `obj[key]`. */
export function objectsAt(obj: JsonObject | undefined, key: string): JsonObject[] {
  const v = obj?.[key];
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}
