import type { JsonValue } from '../../model/kube.js';
import { fieldSet, type FieldSet } from './field-set.js';
import { deepEqual } from './json.js';
import { indexItems, mergeOrder } from './list-items.js';
import { fieldElement, type Path } from './path.js';
import { childSchema, isAtomic, type ListSchema, type Schema } from './schema-types.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** Comparison is the outcome of SMD's TypedValue.Compare. */
export interface Comparison { added: FieldSet; modified: FieldSet; removed: FieldSet }

interface Acc { added: Path[]; modified: Path[]; removed: Path[] }

/** compare lists the paths added, modified and removed from `lhs` to `rhs` (`undefined` = absent; null is a value). */
export function compare(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: Schema | undefined): Comparison {
  const acc: Acc = { added: [], modified: [], removed: [] };
  walk(lhs, rhs, schema, [], acc);
  return { added: fieldSet(acc.added), modified: fieldSet(acc.modified), removed: fieldSet(acc.removed) };
}

function isEmptyNode(v: JsonValue | undefined): boolean {
  return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isPlainObject(v) && Object.keys(v).length === 0);
}

function isLeaf(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: Schema | undefined): boolean {
  const sample = rhs ?? lhs;
  const container = Array.isArray(sample) || isPlainObject(sample);
  // both sides empty/null: treated as a leaf to keep the empty/null distinction (SMD emptyPromoteToLeaf)
  return !container || isAtomic(schema, sample) || (isEmptyNode(lhs) && isEmptyNode(rhs));
}

function walk(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: Schema | undefined, path: Path, acc: Acc): void {
  if (isLeaf(lhs, rhs, schema)) {
    if (path.length === 0) return;
    if (lhs === undefined) acc.added.push(path);
    else if (rhs === undefined) acc.removed.push(path);
    else if (!deepEqual(lhs, rhs)) acc.modified.push(path);
    return;
  }
  if (path.length > 0 && lhs === undefined) acc.added.push(path);
  else if (path.length > 0 && rhs === undefined) acc.removed.push(path);
  if (Array.isArray(lhs) || Array.isArray(rhs)) walkList(lhs, rhs, schema as ListSchema, path, acc);
  else walkMap(lhs, rhs, schema, path, acc);
}

function walkMap(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: Schema | undefined, path: Path, acc: Acc): void {
  const l = isPlainObject(lhs) ? lhs : {};
  const r = isPlainObject(rhs) ? rhs : {};
  for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
    walk(l[key], r[key], childSchema(schema, key).schema, [...path, fieldElement(key)], acc);
  }
}

function walkList(lhs: JsonValue | undefined, rhs: JsonValue | undefined, schema: ListSchema, path: Path, acc: Acc): void {
  const l = indexItems(schema, Array.isArray(lhs) ? lhs : [], false);
  const r = indexItems(schema, Array.isArray(rhs) ? rhs : [], false);
  for (const pe of mergeOrder(l, r)) walk(l.items.get(pe), r.items.get(pe), schema.items, [...path, pe], acc);
}
