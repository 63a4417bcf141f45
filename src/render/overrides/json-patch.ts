import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import type { JsonValue } from '../../model/kube.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { GitfedError } from '../../model/errors.js';
import { ownPath, type Cow } from '../cow.js';

/** PatchOp is an RFC 6902 operation Karmada emits (its CRDs only allow these three). */
export type PatchOp = 'add' | 'remove' | 'replace';

/** PatchOperation is one RFC 6902 operation; an absent value is sent as JSON null, like Karmada's omitempty. */
export interface PatchOperation {
  op: PatchOp;
  path: string;
  value?: unknown;
}

type Container = JsonValue[] | { [key: string]: JsonValue };

/**
 * PatchDialect picks the evanphx/json-patch release whose behaviour is reproduced: `v5` (Karmada) or `v4`
 * (v4.11.0, pinned by KubeFed), where `replace` of a missing object key adds it and the root path "" fails.
 */
export type PatchDialect = 'v5' | 'v4';

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
function childOf(parent: Container, token: string): { next: JsonValue; key: string | number } | undefined {
  if (Array.isArray(parent)) {
    const idx = existingIndex(parent, token);
    const next = idx === undefined ? undefined : parent[idx];
    return next === undefined || next === null || idx === undefined ? undefined : { next, key: idx };
  }
  const key = decodeKey(token);
  const next = Object.hasOwn(parent, key) ? parent[key] : undefined;
  return next === undefined || next === null ? undefined : { next, key };
}

/**
 * findParent is evanphx `findObject`: the first path segment is dropped unread (so a path without a
 * leading "/" silently loses its first token), intermediates must exist and be objects or arrays.
 */
function findParent(doc: JsonValue, path: string): { parent: Container; prefix: string; keys: (string | number)[]; last: string } | undefined {
  const tokens = path.split('/');
  if (tokens.length < 2 || !isContainer(doc)) return undefined;
  let cur: Container = doc;
  let prefix = '';
  const keys: (string | number)[] = [];
  for (const token of tokens.slice(1, -1)) {
    const child = childOf(cur, token);
    if (!child || !isContainer(child.next)) return undefined;
    cur = child.next;
    keys.push(child.key);
    prefix += `/${encodeKey(String(child.key))}`;
  }
  return { parent: cur, prefix, keys, last: tokens[tokens.length - 1] ?? '' };
}

/** targetKey validates the final token against evanphx rules and returns it in canonical (non-negative) form. */
function targetKey(op: PatchOp, parent: Container, token: string, dialect: PatchDialect): string {
  if (!Array.isArray(parent)) {
    const key = decodeKey(token);
    // v4's partialDoc.get never reports a missing key, so only remove checks for it there
    const mustExist = op === 'remove' || (op === 'replace' && dialect === 'v5');
    if (mustExist && !Object.hasOwn(parent, key)) throw new GitfedError('OverrideFailed', '', `${op} operation does not apply: missing key "${key}"`);
    return encodeKey(key);
  }
  if (op === 'add') {
    if (token === '-') return '-';
    const idx = atoi(token);
    if (idx === undefined) throw new GitfedError('OverrideFailed', '', `value was not a proper array index: "${token}"`);
    // evanphx counts a negative add index in the grown array: -1 appends, -(len+1) inserts first
    const size = parent.length + 1;
    if (idx >= size || idx < -size) throw new GitfedError('OverrideFailed', '', `unable to access invalid index: ${idx}`);
    return String(idx < 0 ? idx + size : idx);
  }
  const idx = existingIndex(parent, token);
  if (idx === undefined) throw new GitfedError('OverrideFailed', '', `${op} operation does not apply: invalid index "${token}"`);
  return String(idx);
}

/** replaceRoot handles path "": evanphx swaps the whole document, which must become an object or array. */
function replaceRoot(operation: PatchOperation): JsonValue {
  if (operation.op === 'remove') throw new GitfedError('OverrideFailed', '', 'remove operation does not apply: doc is missing path ""');
  const value = (operation.value ?? null) as JsonValue;
  if (!isContainer(value)) throw new GitfedError('OverrideFailed', '', `${operation.op} operation on the document root needs an object or array value`);
  return deepCopy(value);
}

/**
 * applyOperation applies one operation to `doc` in place and returns the new root. doc is a private copy, or, with a
 * Cow, a build whose containers are copied as the operation reaches them.
 */
function applyOperation(doc: JsonValue, operation: PatchOperation, dialect: PatchDialect, cow?: Cow): JsonValue {
  if (operation.op !== 'add' && operation.op !== 'remove' && operation.op !== 'replace') {
    throw new GitfedError('OverrideFailed', '', `unexpected patch operation "${String(operation.op)}"`);
  }
  if (operation.path === '') {
    // v4's findObject needs at least one "/" and reports the root as missing
    if (dialect === 'v4') throw new GitfedError('OverrideFailed', '', `${operation.op} operation does not apply: doc is missing path ""`);
    return replaceRoot(operation);
  }
  const found = findParent(doc, operation.path);
  if (!found) throw new GitfedError('OverrideFailed', '', `${operation.op} operation does not apply: doc is missing path "${operation.path}"`);
  const key = targetKey(operation.op, found.parent, found.last, dialect);
  const path = `${found.prefix}/${key}`;
  const value = operation.op === 'remove' ? undefined : deepCopy((operation.value ?? null) as JsonValue);
  // fast-json-patch refuses to replace a missing key, which v4 adds
  const op = operation.op === 'replace' && !Array.isArray(found.parent) && !Object.hasOwn(found.parent, decodeKey(found.last)) ? 'add' : operation.op;
  if (cow) ownPath(cow, doc as Container, found.keys);
  return jsonpatch.applyOperation(doc, { op, path, value } as Operation, false, true).newDocument;
}

/**
 * applyJsonPatch applies an RFC 6902 patch with evanphx/json-patch default options: no auto-created parents,
 * remove of a missing member fails (replace too in v5), negative indices count from the end. Inputs are not mutated.
 */
export function applyJsonPatch(doc: JsonValue, patch: readonly PatchOperation[], dialect: PatchDialect = 'v5'): JsonValue {
  return applyJsonPatchInPlace(deepCopy(doc), patch, dialect);
}

/**
 * applyJsonPatchInPlace is applyJsonPatch on a document the caller owns: doc is mutated and the new root returned
 * (path "" swaps it). A failing operation leaves the earlier ones applied, so callers discard doc when it throws.
 * With a Cow, doc is a build's root and only the containers an operation changes are copied (src/render/cow.ts).
 */
export function applyJsonPatchInPlace(doc: JsonValue, patch: readonly PatchOperation[], dialect: PatchDialect = 'v5', cow?: Cow): JsonValue {
  let out = doc;
  for (const operation of patch) out = applyOperation(out, operation, dialect, cow);
  return out;
}

/** escapePointerKey escapes "/" only, as Karmada does when it builds label and annotation paths. */
export function escapePointerKey(key: string): string {
  return key.replace(/\//g, '~1');
}
