import { yamlLib } from './yaml-lib.js';

/**
 * The YAML of rendered objects, written directly for the common case and equal, byte for byte, to
 * `stringify(value, { lineWidth: 0 })` of the yaml library: maps and sequences of plain-safe strings, safe
 * integers, booleans and null. Anything else (a string that needs quotes or a block, a float, an unusual key)
 * makes the whole document go through the library. The library builds a document tree per object and tests
 * every scalar against every tag; that was most of `gitfed render`'s time in YAML.
 */

/** Unsafe says the fast path cannot promise the library's text; the caller falls back. */
class Unsafe extends Error {}

const UNSAFE = new Unsafe();

// a plain scalar that no YAML 1.2 core tag would read as anything but a string, and that needs no quoting:
// starts with a letter, digit or underscore, no ': ', ' #', trailing colon or space, no indicator or control character
const PLAIN = /^[A-Za-z0-9_](?:[A-Za-z0-9_./:=+@ -]*[A-Za-z0-9_./=+@-])?$/;
const NUMBER_LIKE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^0o[0-7]+$|^0x[0-9a-fA-F]+$/;
const WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

// keys and values repeat across objects and clusters: their checked form is remembered, bounded
const checked = new Map<string, string>();
const CHECKED_LIMIT = 50_000;

function plainString(s: string): string {
  let out = checked.get(s);
  if (out !== undefined) return out;
  if (!PLAIN.test(s) || s.includes(': ') || s.includes(' #') || s.includes('  ')) throw UNSAFE;
  // a string another tag would read ("1", "true": a CPU count, a label value) is double-quoted, nothing to escape
  out = NUMBER_LIKE.test(s) || WORDS.has(s) ? `"${s}"` : s;
  if (checked.size >= CHECKED_LIMIT) checked.clear();
  checked.set(s, out);
  return out;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return plainString(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) return 'null';
  throw UNSAFE;
}

function isMap(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** indents[n] is 2n spaces, and breaks[n] a new line at that indent: every nested block needs them */
const indents: string[] = [''];
const breaks: string[] = [];

function indentOf(depth: number): string {
  return (indents[depth] ??= `${indentOf(depth - 1)}  `);
}

function breakAt(depth: number): string {
  return (breaks[depth] ??= `\n${indentOf(depth)}`);
}

/**
 * Reuse keeps the text of maps and lists that many documents share unchanged (a template's parts, which every
 * cluster's copy of a workload leaves alone): each is written once per depth it is met at, while the Reuse lives.
 */
export interface Reuse {
  /** part tells a map or list that stays unchanged while this Reuse lives */
  part(v: object): boolean;
  readonly texts: WeakMap<object, { depth: number; text: string }>;
}

/** newReuse is a Reuse for the parts `part` tells, with nothing kept yet. */
export function newReuse(part: (v: object) => boolean): Reuse {
  return { part, texts: new WeakMap() };
}

// the Reuse of the document being written (fastYaml sets it): the writers below are called once per value
let reuse: Reuse | undefined;

// The writers push pieces onto one list joined once per document: concatenating them made a string for every
// piece, most of the collector's work when a fleet's objects are written.

/** value writes what follows `key:` or `-`: an inline value, or a block at depth (after `-` on the dash's own line). */
function value(out: string[], v: unknown, depth: number, inSeq: boolean): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(' []\n');
    else block(out, v, v, depth, inSeq ? ' ' : breakAt(depth));
    return;
  }
  if (isMap(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push(' {}\n');
    else block(out, v, keys, depth, inSeq ? ' ' : breakAt(depth));
    return;
  }
  if (v === undefined || typeof v === 'object') throw UNSAFE;
  out.push(' ', scalar(v), '\n');
}

/** block writes a non-empty list (keys = the list) or map at depth after lead, a part's text kept or taken from reuse. */
function block(out: string[], v: unknown[] | Record<string, unknown>, keys: readonly unknown[], depth: number, lead: string): void {
  if (!reuse?.part(v)) return blockText(out, v, keys, depth, lead);
  const known = reuse.texts.get(v);
  if (known?.depth === depth) {
    out.push(lead, known.text);
    return;
  }
  const own: string[] = [];
  blockText(own, v, keys, depth, '');
  const text = own.join('');
  reuse.texts.set(v, { depth, text });
  out.push(lead, text);
}

function blockText(out: string[], v: unknown[] | Record<string, unknown>, keys: readonly unknown[], depth: number, lead: string): void {
  if (Array.isArray(v)) seq(out, v, depth, lead);
  else map(out, v, keys as string[], depth, lead);
}

/** map writes a non-empty map at depth, its first line led by `lead` (the others by the indent). */
function map(out: string[], m: Record<string, unknown>, keys: readonly string[], depth: number, lead: string): void {
  const ind = indentOf(depth);
  let before = lead;
  for (const k of keys) {
    out.push(before, plainString(k), ':');
    value(out, m[k], depth + 1, false);
    before = ind;
  }
}

function seq(out: string[], items: readonly unknown[], depth: number, lead: string): void {
  const ind = indentOf(depth);
  let before = lead;
  for (const item of items) {
    out.push(before, '-');
    value(out, item, depth + 1, true);
    before = ind;
  }
}

/** fastYaml is the direct writer alone: undefined when the document needs the library. */
export function fastYaml(v: unknown, parts?: Reuse): string | undefined {
  if (!isMap(v) && !Array.isArray(v)) return undefined;
  const keys = Array.isArray(v) ? v : Object.keys(v);
  if (keys.length === 0) return undefined;
  const out: string[] = [];
  reuse = parts;
  try {
    blockText(out, v, keys, 0, '');
  } catch (err) {
    if (err instanceof Unsafe) return undefined;
    throw err;
  } finally {
    reuse = undefined;
  }
  return out.join('');
}

/**
 * toYaml is `stringify(value, { lineWidth: 0 })` of the yaml library, faster for the usual Kubernetes object; with
 * `parts`, the text of the parts it tells is kept for the next document that shares them.
 */
export function toYaml(v: unknown, parts?: Reuse): string {
  return fastYaml(v, parts) ?? yamlLib().stringify(v, { lineWidth: 0 });
}
