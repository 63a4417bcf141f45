/**
 * A reader for the plain YAML most manifests are written in (block mappings and lists, one-line flow collections,
 * plain and simple double-quoted scalars, ASCII, no comments, anchors, tags or block scalars), several times faster
 * than the `yaml` library, which builds a document tree per object. It gives the object the library gives, or
 * undefined for anything it does not read exactly as the library does; the caller then parses with the library.
 */
import type { JsonObject, JsonValue } from '../../model/kube.js';

/** a line the reader takes apart: its indentation, its text after it, its (1-based) number */
interface Line { indent: number; text: string; line: number }

/** thrown to give up: the library reads the text */
const BAIL = Symbol('bail');

/** characters the reader leaves to the library anywhere in the text (comments, anchors, tags, escapes, tabs...) */
const UNREAD = /[^\x20-\x7e\n]|[#&*!|>'%@`\\?]/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
/** the core schema's words: null, booleans */
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** every text the core schema reads as a number (int, octal, hex, float, infinities, NaN) */
const NUMBER_LIKE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^0o[0-7]+$|^0x[0-9a-fA-F]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;
/** the numbers read here: integers written as JavaScript writes them back (the source text is String(n)) */
const PLAIN_INT = /^(?:0|-?[1-9][0-9]{0,14})$/;
const RESERVED_KEYS = new Set(['__proto__', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** PlainDoc is one document read: the mapping and the line its first key is on. */
export interface PlainDoc { object: JsonObject; line: number }

/**
 * LineTable gives, for each mapping and list read, the line of each key or item (readPlainYaml when asked); a
 * one-line flow collection has one line for all.
 */
export type LineTable = WeakMap<object, Map<string, number> | number[] | number>;

/** Ctx is what the readers pass down: where to note lines, if anywhere. */
interface Ctx { table?: LineTable }

/**
 * readPlainYaml reads one document's text (a piece splitDocuments cut, maybe starting with `---`): the mapping,
 * [] for an empty document, or undefined when the text is not in the subset read here.
 */
export function readPlainYaml(text: string, table?: LineTable): PlainDoc[] | undefined {
  if (UNREAD.test(text)) return undefined;
  const lines: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    const body = raw.trimEnd();
    if (body.length === 0) return;
    const indent = body.length - body.trimStart().length;
    lines.push({ indent, text: body.slice(indent), line: i + 1 });
  });
  if (lines[0]?.indent === 0 && lines[0].text.startsWith('---')) {
    if (lines[0].text !== '---') return undefined;
    lines.shift();
  }
  const first = lines[0];
  if (!first) return [];
  if (first.indent !== 0) return undefined;
  try {
    const at = { i: 0 };
    const object = blockMap(lines, at, 0, table ? { table } : {});
    return at.i === lines.length ? [{ object, line: first.line }] : undefined;
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  }
}

/** blockMap reads the mapping whose keys are at `indent`, from lines[at.i] on. */
function blockMap(lines: readonly Line[], at: { i: number }, indent: number, ctx: Ctx): JsonObject {
  const out: JsonObject = {};
  const keyLines = new Map<string, number>();
  ctx.table?.set(out, keyLines);
  for (let l = lines[at.i]; l && l.indent >= indent; l = lines[at.i]) {
    if (l.indent !== indent) throw BAIL;
    const m = KEY_LINE.exec(l.text);
    const key = m?.[1];
    if (key === undefined || RESERVED_KEYS.has(key) || Object.hasOwn(out, key)) throw BAIL;
    at.i++;
    if (ctx.table) keyLines.set(key, l.line);
    out[key] = m?.[2] === undefined ? blockValue(lines, at, indent, ctx) : inlineValue(m[2], lines, at, indent, ctx);
  }
  return out;
}

/** blockValue reads what follows `key:` alone on its line: a nested block, a list at the key's indent, or null. */
function blockValue(lines: readonly Line[], at: { i: number }, indent: number, ctx: Ctx): JsonValue {
  const next = lines[at.i];
  if (!next || next.indent < indent || (next.indent === indent && !isItem(next))) return null;
  if (isItem(next)) return blockSeq(lines, at, next.indent, ctx);
  return blockMap(lines, at, next.indent, ctx);
}

/** inlineValue reads the value written after `key: `; nothing more indented may follow (a multi-line scalar). */
function inlineValue(text: string, lines: readonly Line[], at: { i: number }, indent: number, ctx: Ctx): JsonValue {
  const next = lines[at.i];
  if (next && next.indent > indent) throw BAIL;
  return scalarOrFlow(text, (lines[at.i - 1] as Line).line, ctx);
}

const isItem = (l: Line): boolean => l.text === '-' || l.text.startsWith('- ');

/** blockSeq reads the list whose dashes are at `indent`. */
function blockSeq(lines: readonly Line[], at: { i: number }, indent: number, ctx: Ctx): JsonValue[] {
  const out: JsonValue[] = [];
  const itemLines: number[] = [];
  ctx.table?.set(out, itemLines);
  for (let l = lines[at.i]; l && l.indent >= indent; l = lines[at.i]) {
    if (l.indent !== indent || !isItem(l) || l.text === '-') throw BAIL;
    const rest = l.text.slice(1).trimStart();
    const column = indent + (l.text.length - rest.length);
    itemLines.push(l.line);
    if (KEY_LINE.test(rest)) {
      // `- key: value` opens a mapping whose keys are at the column of `key`
      const virtual: Line[] = [...lines.slice(0, at.i), { indent: column, text: rest, line: l.line }, ...lines.slice(at.i + 1)];
      out.push(blockMap(virtual, at, column, ctx));
      continue;
    }
    at.i++;
    const next = lines[at.i];
    if (next && next.indent > indent) throw BAIL;
    out.push(scalarOrFlow(rest, l.line, ctx));
  }
  return out;
}

/** scalarOrFlow reads a one-line value: a flow mapping or list, a double-quoted string or a plain scalar. */
function scalarOrFlow(text: string, line: number, ctx: Ctx): JsonValue {
  if (text.startsWith('{') || text.startsWith('[')) {
    const at = { i: 0 };
    const value = flowValue(text, at, ctx.table ? { table: ctx.table, line } : undefined);
    if (at.i !== text.length) throw BAIL;
    return value;
  }
  return scalar(text, false);
}

/** scalar reads a double-quoted string without escapes or a plain scalar as the core schema resolves it. */
function scalar(text: string, flow: boolean): JsonValue {
  if (text.startsWith('"')) {
    if (text.length < 2 || !text.endsWith('"') || text.slice(1, -1).includes('"')) throw BAIL;
    return text.slice(1, -1);
  }
  if (text.length === 0 || (/^[-:,[\]{}]/.test(text) && !PLAIN_INT.test(text))) throw BAIL;
  if (text.includes('"') || text.includes(': ') || text.endsWith(':') || (flow && /[:,[\]{}]/.test(text))) throw BAIL;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text.toLowerCase() === 'true';
  if (PLAIN_INT.test(text)) return Number(text);
  if (NUMBER_LIKE.test(text)) throw BAIL;
  return text;
}

/** flowValue reads a flow collection or scalar of one line from text[at.i], and the spaces after it. */
function flowValue(text: string, at: { i: number }, lines?: { table: LineTable; line: number }): JsonValue {
  const c = text[at.i];
  if (c === '{' || c === '[') {
    const map = c === '{';
    const out: JsonObject | JsonValue[] = map ? {} : [];
    // everything in a one-line flow collection is on that line
    lines?.table.set(out, lines.line);
    at.i++;
    skipSpaces(text, at);
    while (text[at.i] !== (map ? '}' : ']')) {
      if (map) flowPair(text, at, out as JsonObject, lines);
      else (out as JsonValue[]).push(flowValue(text, at, lines));
      if (text[at.i] === ',') {
        at.i++;
        skipSpaces(text, at);
        // a comma must be followed by an entry: `[a, ]` is left to the library
        if (text[at.i] === '}' || text[at.i] === ']') throw BAIL;
      } else if (text[at.i] !== (map ? '}' : ']')) throw BAIL;
    }
    at.i++;
    skipSpaces(text, at);
    return out;
  }
  const end = text.slice(at.i).search(/[,\]}]|: /);
  const raw = text.slice(at.i, end < 0 ? text.length : at.i + end);
  at.i += raw.length;
  return scalar(raw.trimEnd(), true);
}

// JSON's `{"key":"value"}` (a double-quoted key without escapes: its text is the key) may put the value right after the colon
const FLOW_KEY = /^(?:([A-Za-z_][A-Za-z0-9_./-]*): +|"([^"\\]+)": *)/;

/** flowPair reads `key: value` of a flow mapping into out. */
function flowPair(text: string, at: { i: number }, out: JsonObject, lines: { table: LineTable; line: number } | undefined): void {
  const m = FLOW_KEY.exec(text.slice(at.i));
  const key = m?.[1] ?? m?.[2];
  if (!m || key === undefined || RESERVED_KEYS.has(key) || Object.hasOwn(out, key)) throw BAIL;
  at.i += m[0].length;
  out[key] = flowValue(text, at, lines);
}

function skipSpaces(text: string, at: { i: number }): void {
  while (text[at.i] === ' ') at.i++;
}

/** plainNumberText is numberText for an object this reader read: its numbers' text is what String writes. */
export function plainNumberText(object: JsonObject, path: readonly (string | number)[]): string | undefined {
  let node: JsonValue | undefined = object;
  for (const segment of path) {
    if (Array.isArray(node)) node = typeof segment === 'number' ? node[segment] : undefined;
    else if (node !== null && typeof node === 'object') node = Object.hasOwn(node, String(segment)) ? node[String(segment)] : undefined;
    else return undefined;
  }
  return typeof node === 'number' ? String(node) : undefined;
}

/**
 * plainLineOf is ParsedDoc.lineOf for a document read here, as the library gives it: the line of the deepest key or
 * item the path reaches, else the document's line. `table` is that of a reading of the same text.
 */
export function plainLineOf(doc: PlainDoc, table: LineTable, path: readonly (string | number)[]): number {
  let node: JsonValue | undefined = doc.object;
  let line = doc.line;
  for (const segment of path) {
    const lines = node !== null && typeof node === 'object' ? table.get(node) : undefined;
    if (Array.isArray(node)) {
      if (typeof segment !== 'number' || !Object.hasOwn(node, segment)) break;
      line = typeof lines === 'number' ? lines : (lines as number[])[segment] ?? line;
      node = node[segment];
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, String(segment))) {
      line = typeof lines === 'number' ? lines : (lines as Map<string, number>).get(String(segment)) ?? line;
      node = node[String(segment)];
    } else break;
  }
  return line;
}
