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

// The writers push pieces onto one list joined once per document: concatenating them made a string for every
// piece, most of the collector's work when a fleet's objects are written.

/** value writes what follows `key:` or `-`: an inline value, or a block at depth (after `-` on the dash's own line). */
function value(out: string[], v: unknown, depth: number, inSeq: boolean): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(' []\n');
    else seq(out, v, depth, inSeq ? ' ' : breakAt(depth));
    return;
  }
  if (isMap(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push(' {}\n');
    else map(out, v, keys, depth, inSeq ? ' ' : breakAt(depth));
    return;
  }
  if (v === undefined || typeof v === 'object') throw UNSAFE;
  out.push(' ', scalar(v), '\n');
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
export function fastYaml(v: unknown): string | undefined {
  if (!isMap(v) && !Array.isArray(v)) return undefined;
  const keys = Array.isArray(v) ? v : Object.keys(v);
  if (keys.length === 0) return undefined;
  const out: string[] = [];
  try {
    if (Array.isArray(v)) seq(out, v, 0, '');
    else map(out, v, keys as string[], 0, '');
  } catch (err) {
    if (err instanceof Unsafe) return undefined;
    throw err;
  }
  return out.join('');
}

/** toYaml is `stringify(value, { lineWidth: 0 })` of the yaml library, faster for the usual Kubernetes object. */
export function toYaml(v: unknown): string {
  return fastYaml(v) ?? yamlLib().stringify(v, { lineWidth: 0 });
}
