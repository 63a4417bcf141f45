import type { JsonObject, JsonValue } from '../../model/kube.js';
import { deepEqual } from '../ssa/json.js';
import { directiveError } from './errors.js';
import type { SmpNode } from './strategic-schema.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { copyJson } from '../../kube/deep-copy.js';

const PATCH = '$patch';
const RETAIN = '$retainKeys';
const ORDER = '$setElementOrder/';
const DELETE_PRIMITIVES = '$deleteFromPrimitiveList/';

/** strategicMerge applies a two-way strategic merge patch to `original` (apimachinery strategicpatch, simplified). */
export function strategicMerge(original: JsonObject, patch: JsonObject, schema: SmpNode | undefined): JsonObject | undefined {
  const directive = patch[PATCH];
  if (directive === 'replace') return withoutDirectives(patch);
  if (directive === 'delete') return undefined;
  if (directive !== undefined && directive !== 'merge') throw directiveError(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const out: JsonObject = copyJson(original);
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    const node = schema?.fields?.[key];
    const merged = value === null ? undefined : mergeValue(out[key], value, node);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  applyDirectives(out, patch, schema);
  return out;
}

function mergeValue(current: JsonValue | undefined, value: JsonValue, node: SmpNode | undefined): JsonValue | undefined {
  if (isPlainObject(value)) {
    if (value[PATCH] === 'replace') return withoutDirectives(value);
    const merged = strategicMerge(isPlainObject(current) ? current : {}, value, node);
    return merged;
  }
  if (Array.isArray(value) && Array.isArray(current)) {
    if (node?.mergeKey) return mergeList(current, value, node.mergeKey, node.items);
    if (node?.primitive) return [...current, ...value.filter((v) => !current.some((c) => deepEqual(c, v)))];
  }
  if (Array.isArray(value)) return value.filter((v) => !(isPlainObject(v) && v[PATCH] !== undefined)).map(stripNested);
  return copyJson(value);
}

function mergeList(current: readonly JsonValue[], patch: readonly JsonValue[], key: string, items: SmpNode | undefined): JsonValue[] {
  if (patch.some((p) => isPlainObject(p) && p[PATCH] === 'replace')) return patch.filter((p) => !(isPlainObject(p) && p[PATCH] === 'replace')).map(stripNested);
  const out = current.map((c) => copyJson(c));
  for (const item of patch) {
    if (!isPlainObject(item)) { out.push(copyJson(item)); continue; }
    const index = out.findIndex((c) => isPlainObject(c) && item[key] !== undefined && deepEqual(c[key], item[key]));
    if (item[PATCH] === 'delete') { if (index >= 0) out.splice(index, 1); continue; }
    if (index < 0) out.push(withoutDirectives(item));
    else out[index] = strategicMerge(out[index] as JsonObject, item, items) ?? {};
  }
  return out;
}

function withoutDirectives(obj: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) if (!k.startsWith('$') && v !== null) out[k] = stripNested(v);
  return out;
}

function stripNested(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripNested);
  return isPlainObject(v) ? withoutDirectives(v) : v;
}

/** applyDirectives handles $retainKeys, $deleteFromPrimitiveList/<f> and $setElementOrder/<f> of one map. */
function applyDirectives(out: JsonObject, patch: JsonObject, schema: SmpNode | undefined): void {
  const retain = patch[RETAIN];
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw directiveError(`invalid $retainKeys directive: ${JSON.stringify(retain)}`);
    for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_PRIMITIVES)) {
      const field = key.slice(DELETE_PRIMITIVES.length);
      const list = out[field];
      if (!Array.isArray(value)) throw directiveError(`invalid ${key} directive`);
      if (Array.isArray(list)) out[field] = list.filter((x) => !value.some((v) => deepEqual(v, x)));
    } else if (key.startsWith(ORDER)) {
      const field = key.slice(ORDER.length);
      if (!Array.isArray(value)) throw directiveError(`invalid ${key} directive`);
      const list = out[field];
      if (Array.isArray(list)) out[field] = reorder(list, value, schema?.fields?.[field]?.mergeKey);
    }
  }
}

function reorder(list: readonly JsonValue[], order: readonly JsonValue[], key: string | undefined): JsonValue[] {
  const keyOf = (v: JsonValue): JsonValue | undefined => (key && isPlainObject(v) ? v[key] : v);
  const rank = (v: JsonValue): number => {
    const i = order.findIndex((o) => deepEqual(keyOf(o), keyOf(v)));
    return i < 0 ? order.length : i;
  };
  return [...list].sort((a, b) => rank(a) - rank(b));
}
