import type { JsonObject, JsonValue } from '../../model/kube.js';
import { union, type FieldSet } from './field-set.js';
import { decodeFields, encodeFields } from './fields-cache.js';

import { byteCompare } from './path.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** ManagerEntry is one decoded managedFields entry. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Managers maps a manager identity to its entry. */
export type Managers = Map<string, ManagerEntry>;

/** managerId is BuildManagerIdentifier: Apply by (manager, subresource), Update also by apiVersion. */
export function managerId(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const sub = e.subresource ?? '';
  return JSON.stringify(e.operation === 'Apply' ? [e.manager, 'Apply', sub] : [e.manager, 'Update', e.apiVersion, sub]);
}

/** decodeManagedFields reads metadata.managedFields; undefined when absent, empty or invalid (DecodeManagedFields). */
export function decodeManagedFields(raw: JsonValue | undefined): Managers | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: Managers = new Map();
  for (const item of raw) {
    if (!isPlainObject(item)) return undefined;
    const entry = decodeEntry(item);
    if (!entry) return undefined;
    const id = managerId(entry);
    const previous = out.get(id);
    out.set(id, previous ? { ...entry, set: union(previous.set, entry.set) } : entry);
  }
  return out;
}

function decodeEntry(item: JsonObject): ManagerEntry | undefined {
  const { manager, operation, apiVersion, subresource, time, fieldsType, fieldsV1 } = item;
  if (operation !== 'Apply' && operation !== 'Update') return undefined;
  if (fieldsType !== 'FieldsV1' || typeof manager !== 'string') return undefined;
  return {
    manager,
    operation,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
    ...(typeof subresource === 'string' && subresource ? { subresource } : {}),
    ...(typeof time === 'string' ? { time } : {}),
    set: decodeFields(fieldsV1),
  };
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

/** compareEntries is sortEncodedManagedFields: operation, time (absent = 0), manager, apiVersion, subresource. */
export function compareEntries(a: ManagerEntry, b: ManagerEntry): number {
  return byteCompare(a.operation, b.operation) || seconds(a.time) - seconds(b.time) || byteCompare(a.manager, b.manager)
    || byteCompare(a.apiVersion, b.apiVersion) || byteCompare(a.subresource ?? '', b.subresource ?? '');
}

/** encodeManagedFields renders entries in the server's order, dropping empty sets. */
export function encodeManagedFields(managers: Managers): JsonObject[] {
  return [...managers.values()].filter((e) => e.set.size > 0).sort(compareEntries).map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: encodeFields(e.set),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/** ANCIENT is the bucket manager that absorbs the oldest Update entries beyond the cap. */
export const ANCIENT = 'ancient-changes';
/** MAX_UPDATE_MANAGERS is the cap on Update entries (capmanagers.go). */
export const MAX_UPDATE_MANAGERS = 10;

/** capUpdateManagers merges the oldest Update entries into `ancient-changes` (one per apiVersion) beyond the cap. */
export function capUpdateManagers(managers: Managers, max = MAX_UPDATE_MANAGERS): Managers {
  const out: Managers = new Map(managers);
  const updaters = [...out.entries()].filter(([, e]) => e.operation === 'Update')
    .sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || byteCompare(ia, ib));
  let count = updaters.length;
  for (const [id, entry] of updaters) {
    if (count <= max) break;
    if (entry.manager === ANCIENT) continue;
    const bucket = { manager: ANCIENT, operation: 'Update' as const, apiVersion: entry.apiVersion };
    const bucketId = managerId(bucket);
    const previous = out.get(bucketId);
    const newer = previous?.time && seconds(previous.time) > seconds(entry.time) ? previous.time : entry.time;
    out.delete(id);
    out.set(bucketId, { ...bucket, ...(newer ? { time: newer } : {}), set: previous ? union(previous.set, entry.set) : entry.set });
    if (previous) count--;
  }
  return out;
}
