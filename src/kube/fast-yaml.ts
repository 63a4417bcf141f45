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

/** indents[n] is 2n spaces: every nested block needs one, and making it each time was a string per block */
const indents: string[] = [''];

function indentOf(depth: number): string {
  return (indents[depth] ??= `${indentOf(depth - 1)}  `);
}

/**
 * value writes what follows `key:` or `-`: an inline value, or a block on the next lines at depth. A block after
 * `-` starts on the dash's own line (`lead` ' '), else on a new line.
 */
function value(v: unknown, depth: number, inSeq: boolean): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []\n';
    return seq(v, depth, inSeq ? ' ' : `\n${indentOf(depth)}`);
  }
  if (isMap(v)) {
    if (Object.keys(v).length === 0) return ' {}\n';
    return map(v, depth, inSeq ? ' ' : `\n${indentOf(depth)}`);
  }
  if (v === undefined || typeof v === 'object') throw UNSAFE;
  return ` ${scalar(v)}\n`;
}

/** map writes a non-empty map at depth, its first line led by `lead` (the others by the indent). */
function map(m: Record<string, unknown>, depth: number, lead: string): string {
  const ind = indentOf(depth);
  let out = '';
  let before = lead;
  for (const k of Object.keys(m)) {
    out += `${before}${plainString(k)}:${value(m[k], depth + 1, false)}`;
    before = ind;
  }
  return out;
}

function seq(items: readonly unknown[], depth: number, lead: string): string {
  const ind = indentOf(depth);
  let out = '';
  let before = lead;
  for (const item of items) {
    out += `${before}-${value(item, depth + 1, true)}`;
    before = ind;
  }
  return out;
}

/** fastYaml is the direct writer alone: undefined when the document needs the library. */
export function fastYaml(v: unknown): string | undefined {
  if (!isMap(v) && !Array.isArray(v)) return undefined;
  if ((Array.isArray(v) ? v.length : Object.keys(v).length) === 0) return undefined;
  try {
    return Array.isArray(v) ? seq(v, 0, '') : map(v, 0, '');
  } catch (err) {
    if (err instanceof Unsafe) return undefined;
    throw err;
  }
}

/** toYaml is `stringify(value, { lineWidth: 0 })` of the yaml library, faster for the usual Kubernetes object. */
export function toYaml(v: unknown): string {
  return fastYaml(v) ?? yamlLib().stringify(v, { lineWidth: 0 });
}
