import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { JsonValue } from '../../model/kube.js';
import { deepCopy } from '../deep-copy.js';

/** PatchOp is an RFC 6902 operation Karmada emits (its CRDs only allow these three). */
export type PatchOp = 'add' | 'remove' | 'replace';

/** PatchOperation is one RFC 6902 operation; an absent value is sent as JSON null, like Karmada's omitempty. */
export interface PatchOperation {
  op: PatchOp;
  path: string;
  value?: unknown;
}

type Container = JsonValue[] | { [key: string]: JsonValue };

/** decodeKey undoes RFC 6901 escaping the way evanphx/json-patch does (`~1` then `~0`). */
function decodeKey(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function encodeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isContainer(v: JsonValue | undefined): v is Container {
  return typeof v === 'object' && v !== null;
}

/** atoi mirrors Go strconv.Atoi: optional sign, decimal digits only. */
function atoi(token: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(token) ? Number(token) : undefined;
}

/** existingIndex resolves an index of an existing element (get/replace/remove); -1 is the last element. */
function existingIndex(arr: readonly JsonValue[], token: string): number | undefined {
  const idx = atoi(token);
  if (idx === undefined || idx < -arr.length || idx >= arr.length) return undefined;
  return idx < 0 ? idx + arr.length : idx;
}

/** childOf is evanphx `container.get`: a present, non-null member. */
function childOf(parent: Container, token: string): { next: JsonValue; key: string } | undefined {
  if (Array.isArray(parent)) {
    const idx = existingIndex(parent, token);
    const next = idx === undefined ? undefined : parent[idx];
    return next === undefined || next === null ? undefined : { next, key: String(idx) };
  }
  const key = decodeKey(token);
  const next = Object.hasOwn(parent, key) ? parent[key] : undefined;
  return next === undefined || next === null ? undefined : { next, key };
}

/**
 * findParent is evanphx `findObject`: the first path segment is dropped unread (so a path without a
 * leading "/" silently loses its first token), intermediates must exist and be objects or arrays.
 */
function findParent(doc: JsonValue, path: string): { parent: Container; prefix: string; last: string } | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2 || !isContainer(doc)) return undefined;
  let cur: Container = doc;
  let prefix = '';
  for (const token of tokens.slice(1, -1)) {
    const child = childOf(cur, token);
    if (!child || !isContainer(child.next)) return undefined;
    cur = child.next;
    prefix += `/${encodeKey(child.key)}`;
  }
  return { parent: cur, prefix, last: tokens[tokens.length - 1] ?? '' };
}

/** targetKey validates the final token against evanphx rules and returns it in canonical (non-negative) form. */
function targetKey(op: PatchOp, parent: Container, token: string): string {
  if (!Array.isArray(parent)) {
    const key = decodeKey(token);
    if (op !== 'add' && !Object.hasOwn(parent, key)) throw new Error(`${op} operation does not apply: missing key "${key}"`);
    return encodeKey(key);
  }
  if (op === 'add') {
    if (token === '-') return '-';
    const idx = atoi(token);
    if (idx === undefined) throw new Error(`value was not a proper array index: "${token}"`);
    // evanphx counts a negative add index in the grown array: -1 appends, -(len+1) inserts first
    const size = parent.length + 1;
    if (idx >= size || idx < -size) throw new Error(`unable to access invalid index: ${idx}`);
    return String(idx < 0 ? idx + size : idx);
  }
  const idx = existingIndex(parent, token);
  if (idx === undefined) throw new Error(`${op} operation does not apply: invalid index "${token}"`);
  return String(idx);
}

/** replaceRoot handles path "": evanphx swaps the whole document, which must become an object or array. */
function replaceRoot(operation: PatchOperation): JsonValue {
  if (operation.op === 'remove') throw new Error('remove operation does not apply: doc is missing path ""');
  const value = (operation.value ?? null) as JsonValue;
  if (!isContainer(value)) throw new Error(`${operation.op} operation on the document root needs an object or array value`);
  return deepCopy(value);
}

/** applyOperation applies one operation to `doc` in place (doc is already a private copy) and returns the new root. */
function applyOperation(doc: JsonValue, operation: PatchOperation): JsonValue {
  if (operation.op !== 'add' && operation.op !== 'remove' && operation.op !== 'replace') {
    throw new Error(`unexpected patch operation "${String(operation.op)}"`);
  }
  if (operation.path === '') return replaceRoot(operation);
  const found = findParent(doc, operation.path);
  if (!found) throw new Error(`${operation.op} operation does not apply: doc is missing path "${operation.path}"`);
  const path = `${found.prefix}/${targetKey(operation.op, found.parent, found.last)}`;
  const value = operation.op === 'remove' ? undefined : deepCopy((operation.value ?? null) as JsonValue);
  return jsonpatch.applyOperation(doc, { op: operation.op, path, value } as Operation, false, true).newDocument;
}

/**
 * applyJsonPatch applies an RFC 6902 patch with evanphx/json-patch v5 default options: no auto-created
 * parents, replace/remove of a missing member fails, negative indices count from the end. Inputs are not mutated.
 */
export function applyJsonPatch(doc: JsonValue, patch: readonly PatchOperation[]): JsonValue {
  return applyJsonPatchInPlace(deepCopy(doc), patch);
}

/**
 * applyJsonPatchInPlace is applyJsonPatch on a document the caller owns: doc is mutated and the new root returned
 * (path "" swaps it). A failing operation leaves the earlier ones applied, so callers discard doc when it throws.
 */
export function applyJsonPatchInPlace(doc: JsonValue, patch: readonly PatchOperation[]): JsonValue {
  let out = doc;
  for (const operation of patch) out = applyOperation(out, operation);
  return out;
}

/** escapePointerKey escapes "/" only, as Karmada does when it builds label and annotation paths. */
export function escapePointerKey(key: string): string {
  return key.replace(/\//g, '~1');
}
