import type { JsonValue } from '../../model/kube.js';

/** StructSchema is an object with named fields; undeclared fields are treated like declared ones of deduced type. */
export interface StructSchema { type: 'struct'; fields: Readonly<Record<string, Schema>>; atomic?: boolean }
/** MapSchema is a string-keyed map; granular (per-key ownership) unless atomic. */
export interface MapSchema { type: 'map'; values?: Schema; atomic?: boolean }
/** ListSchema is a list: atomic (one leaf), set (`v:` items) or map (`k:` items on `keys`). */
export interface ListSchema {
  type: 'list';
  listType: 'atomic' | 'set' | 'map';
  keys?: readonly string[];
  /** schema defaults used inside the key when an item omits a key field (ports' protocol TCP) */
  keyDefaults?: Readonly<Record<string, JsonValue>>;
  items?: Schema;
}
/** Schema describes the SSA semantics of a node; `undefined` means deduced: objects granular, lists atomic. */
export type Schema = StructSchema | MapSchema | ListSchema;

/** struct builds a granular struct schema. */
export function struct(fields: Readonly<Record<string, Schema>>): StructSchema {
  return { type: 'struct', fields };
}

/** atomicStruct is a struct owned as a whole (LabelSelector, roleRef, ...). */
export const atomicStruct: StructSchema = { type: 'struct', fields: {}, atomic: true };
/** granularMap is a map with per-key ownership (labels, data, resources.limits). */
export const granularMap: MapSchema = { type: 'map' };
/** atomicMap is a map owned as a whole (nodeSelector, Service selector). */
export const atomicMap: MapSchema = { type: 'map', atomic: true };
/** atomicList is a list owned as a whole. */
export const atomicList: ListSchema = { type: 'list', listType: 'atomic' };
/** setList is a list of scalars owned item by item. */
export const setList: ListSchema = { type: 'list', listType: 'set' };

/** mapList builds an associative list on `keys`. */
export function mapList(keys: readonly string[], items?: Schema, keyDefaults?: Record<string, JsonValue>): ListSchema {
  return { type: 'list', listType: 'map', keys, ...(items ? { items } : {}), ...(keyDefaults ? { keyDefaults } : {}) };
}

/** ChildSchema is the schema of an object member and whether it is a map key (not a struct field). */
export interface ChildSchema { schema: Schema | undefined; mapKey: boolean }

/** childSchema resolves the schema of key `key` of an object node. */
export function childSchema(schema: Schema | undefined, key: string): ChildSchema {
  if (schema?.type === 'struct') return { schema: schema.fields[key], mapKey: false };
  if (schema?.type === 'map') return { schema: schema.values, mapKey: true };
  return { schema: undefined, mapKey: false };
}

/** isAtomic tells whether a node of this schema holding `value` is one leaf. */
export function isAtomic(schema: Schema | undefined, value: JsonValue | undefined): boolean {
  if (Array.isArray(value)) return schema?.type !== 'list' || schema.listType === 'atomic';
  if (value !== null && typeof value === 'object') return schema?.type === 'list' || schema?.atomic === true;
  return true;
}

