/**
 * JSON as Go's encoding/json decodes it into a typed struct, for Federation v1 annotations: numbers keep their
 * literal (an int64 field refuses `1.5` and `1e2`, which JSON.parse would turn into numbers), and object keys match
 * struct fields case-insensitively, the last duplicate winning.
 */
import { GitfedError } from '../../model/errors.js';

/** GoJson is a parsed JSON value whose numbers are kept as written. */
export type GoJson =
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  | { type: 'number'; literal: string }
  | { type: 'string'; value: string }
  | { type: 'array'; items: GoJson[] }
  | { type: 'object'; entries: [string, GoJson][] };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// the string's end; JSON.parse then refuses bad escapes and raw control characters, as Go's scanner does
const STRING = /"(?:[^"\\]|\\.)*"/y;
const WHITESPACE = /[ \t\n\r]*/y;
const LITERALS: readonly [string, GoJson][] = [['null', { type: 'null' }], ['true', { type: 'bool', value: true }], ['false', { type: 'bool', value: false }]];

class Parser {
  pos = 0;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  fail(what: string): never {
    throw new GitfedError('PolicyInvalid', '', `invalid character at offset ${this.pos} ${what}`);
  }

  skip(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.pos = re.lastIndex;
    return m[0];
  }

  value(): GoJson {
    this.skip();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { type: 'string', value: this.string() };
    const literal = LITERALS.find(([word]) => this.text.startsWith(word, this.pos));
    if (literal) {
      this.pos += literal[0].length;
      return literal[1];
    }
    const number = this.match(NUMBER);
    if (number !== undefined) return { type: 'number', literal: number };
    return this.fail('looking for beginning of value');
  }

  string(): string {
    const raw = this.match(STRING);
    if (raw === undefined) return this.fail('in string literal');
    try {
      return JSON.parse(raw) as string;
    } catch {
      return this.fail('in string literal');
    }
  }

  expect(c: string): void {
    this.skip();
    if (this.text[this.pos] !== c) this.fail(`where "${c}" was expected`);
    this.pos++;
  }

  /** more consumes the separator after an item: true after ",", false at the closing bracket. */
  more(close: string): boolean {
    this.skip();
    const c = this.text[this.pos++];
    if (c === ',') return true;
    if (c !== close) this.fail(`after an item, where "," or "${close}" was expected`);
    return false;
  }

  array(): GoJson {
    this.pos++;
    const items: GoJson[] = [];
    this.skip();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', items };
    }
    do items.push(this.value());
    while (this.more(']'));
    return { type: 'array', items };
  }

  object(): GoJson {
    this.pos++;
    const entries: [string, GoJson][] = [];
    this.skip();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', entries };
    }
    do {
      this.skip();
      const key = this.string();
      this.expect(':');
      entries.push([key, this.value()]);
    } while (this.more('}'));
    return { type: 'object', entries };
  }
}

/** parseGoJson parses one JSON document (surrounding whitespace allowed); a string is the syntax error. */
export function parseGoJson(text: string): GoJson | string {
  const p = new Parser(text);
  try {
    const value = p.value();
    p.skip();
    if (p.pos !== text.length) p.fail('after top-level value');
    return value;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** foldKey is Go's case folding of a JSON key against an ASCII field name (ſ folds to s, the Kelvin sign to k). */
function foldKey(key: string): string {
  return key.replace(/\u017f/g, 's').replace(/\u212a/g, 'k').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** fieldEntries yields the members of an object that decode into the struct field `name`, in document order. */
export function fieldEntries(obj: Extract<GoJson, { type: 'object' }>, name: string): GoJson[] {
  const want = name.toLowerCase();
  return obj.entries.filter(([key]) => foldKey(key) === want).map(([, v]) => v);
}

/** decodeInt64 decodes into an int64 field: an integer literal in range, no fraction or exponent; null leaves it as is. */
export function decodeInt64(v: GoJson, current: number): number {
  if (v.type === 'null') return current;
  if (v.type !== 'number' || !/^-?[0-9]+$/.test(v.literal)) throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(v)} into an int64 field`);
  const n = BigInt(v.literal);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw new GitfedError('PolicyInvalid', '', `cannot unmarshal number ${v.literal} into an int64 field`);
  return Number(n);
}

/** decodeString decodes into a string field; null leaves it as is. */
export function decodeString(v: GoJson, current: string): string {
  if (v.type === 'null') return current;
  if (v.type !== 'string') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(v)} into a string field`);
  return v.value;
}

/** decodeBool decodes into a bool field; null leaves it as is. */
export function decodeBool(v: GoJson, current: boolean): boolean {
  if (v.type === 'null') return current;
  if (v.type !== 'bool') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(v)} into a bool field`);
  return v.value;
}

/** describe names a value's JSON type as Go's UnmarshalTypeError does. */
export function describe(v: GoJson): string {
  return v.type === 'number' ? `number ${v.literal}` : v.type;
}
