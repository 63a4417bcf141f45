import type { JsonObject, JsonValue } from '../../model/kube.js';

import { itemElement } from './list-items.js';
import type { Path } from './path.js';
import { childSchema, type Schema } from './schema-types.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** removePath deletes the node at `path` (a map key or a whole list item, SMD typed/remove.go) in place.
 * Objects emptied by the removal go too unless `keep` says their own path is owned. Returns whether anything changed. */
export function removePath(root: JsonObject, path: Path, schema: Schema | undefined, keep: (p: Path) => boolean): boolean {
  const trail: { node: JsonValue; schema: Schema | undefined }[] = [];
  let node: JsonValue | undefined = root;
  let s = schema;
  for (const pe of path.slice(0, -1)) {
    trail.push({ node: node as JsonValue, schema: s });
    const next = step(node, pe, s);
    if (!next) return false;
    node = next.value;
    s = next.schema;
  }
  const last = path[path.length - 1];
  if (last === undefined || !removeChild(node, last, s)) return false;
  // an object left empty by the removal is dropped as omitempty would, unless someone owns it
  for (let depth = path.length - 1; depth > 0; depth--) {
    if (!isEmptyObject(node) || keep(path.slice(0, depth))) break;
    const parent = trail[depth - 1];
    if (!parent) break;
    removeChild(parent.node, path[depth - 1] as string, parent.schema);
    node = parent.node;
  }
  return true;
}

function isEmptyObject(v: JsonValue | undefined): boolean {
  return Array.isArray(v) ? v.length === 0 : isPlainObject(v) && Object.keys(v).length === 0;
}

function step(node: JsonValue | undefined, pe: string, schema: Schema | undefined): { value: JsonValue; schema: Schema | undefined } | undefined {
  if (pe.startsWith('f:')) {
    if (!isPlainObject(node)) return undefined;
    const value = node[pe.slice(2)];
    return value === undefined ? undefined : { value, schema: childSchema(schema, pe.slice(2)).schema };
  }
  if (!Array.isArray(node) || schema?.type !== 'list') return undefined;
  const index = findItem(node, pe, schema);
  return index < 0 ? undefined : { value: node[index] as JsonValue, schema: schema.items };
}

function findItem(list: readonly JsonValue[], pe: string, schema: Schema): number {
  if (schema.type !== 'list') return -1;
  return list.findIndex((item, i) => {
    try { return itemElement(schema, item, i) === pe; } catch { return false; }
  });
}

function removeChild(node: JsonValue | undefined, pe: string, schema: Schema | undefined): boolean {
  if (pe.startsWith('f:')) {
    if (!isPlainObject(node) || !(pe.slice(2) in node)) return false;
    delete node[pe.slice(2)];
    return true;
  }
  if (!Array.isArray(node) || !schema) return false;
  const index = findItem(node, pe, schema);
  if (index < 0) return false;
  node.splice(index, 1);
  return true;
}
