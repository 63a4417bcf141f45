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

function plainString(s: string): string {
  if (!PLAIN.test(s) || s.includes(': ') || s.includes(' #') || s.includes('  ')) throw UNSAFE;
  // a string another tag would read ("1", "true": a CPU count, a label value) is double-quoted, nothing to escape
  return NUMBER_LIKE.test(s) || WORDS.has(s) ? `"${s}"` : s;
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

/** block writes a non-empty map or sequence starting on its own line at indent `ind`. */
function block(v: unknown, ind: string): string {
  return Array.isArray(v) ? seq(v, ind) : map(v as Record<string, unknown>, ind);
}

/** after is what follows `key:` or `- `: an inline value, or a newline and a block. */
function value(v: unknown, ind: string, inSeq: boolean): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []\n';
    return inSeq ? ` ${seq(v, ind).slice(ind.length)}` : `\n${seq(v, ind)}`;
  }
  if (isMap(v)) {
    if (Object.keys(v).length === 0) return ' {}\n';
    return inSeq ? ` ${map(v, ind).slice(ind.length)}` : `\n${map(v, ind)}`;
  }
  if (v === undefined || typeof v === 'object') throw UNSAFE;
  return ` ${scalar(v)}\n`;
}

function map(m: Record<string, unknown>, ind: string): string {
  let out = '';
  for (const k of Object.keys(m)) out += `${ind}${plainString(k)}:${value(m[k], `${ind}  `, false)}`;
  return out;
}

function seq(items: readonly unknown[], ind: string): string {
  let out = '';
  for (const item of items) out += `${ind}-${value(item, `${ind}  `, true)}`;
  return out;
}

/** fastYaml is the direct writer alone: undefined when the document needs the library. */
export function fastYaml(v: unknown): string | undefined {
  if (!isMap(v) && !Array.isArray(v)) return undefined;
  if ((Array.isArray(v) ? v.length : Object.keys(v).length) === 0) return undefined;
  try {
    return block(v, '');
  } catch (err) {
    if (err instanceof Unsafe) return undefined;
    throw err;
  }
}

/** toYaml is `stringify(value, { lineWidth: 0 })` of the yaml library, faster for the usual Kubernetes object. */
export function toYaml(v: unknown): string {
  return fastYaml(v) ?? yamlLib().stringify(v, { lineWidth: 0 });
}
