import type { Diagnostic } from '../../model/diagnostic.js';
import type { JsonObject, JsonValue, LabelSelector } from '../../model/kube.js';
import { labelSelectorError } from '../selectors/label-selector.js';
import { denotesWholeNumber, isIntegerLiteral } from './number-literal.js';
import type { FieldPath, ParsedDoc } from './parse.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** formatFieldPath renders a path as `spec.items[0].name`. */
export function formatFieldPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** describeValue names what a field holds in a type error: `a list`, `a mapping`, `null` or `number 3`. */
export function describeValue(got: unknown): string {
  return Array.isArray(got) ? 'a list' : got === null ? 'null' : typeof got === 'object' ? 'a mapping' : `${typeof got} ${JSON.stringify(got)}`;
}

/**
 * FieldReader reads typed fields out of one parsed document; every type or value error is recorded
 * as a diagnostic naming the file, the field's line and the field path, and the read yields undefined.
 */
export class FieldReader {
  readonly doc: ParsedDoc;
  readonly diagnostics: Diagnostic[];

  constructor(doc: ParsedDoc, diagnostics: Diagnostic[]) {
    this.doc = doc;
    this.diagnostics = diagnostics;
  }

  /** errorCount is how many errors this reader has recorded so far. */
  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  /** error records an error at a field (once: the schema check and a reader may both find the same unknown field). */
  error(path: FieldPath, message: string): void {
    const d: Diagnostic = { severity: 'error', file: this.doc.source.file, line: this.doc.lineOf(path), field: formatFieldPath(path), message };
    const same = (x: Diagnostic) => x.line === d.line && x.field === d.field && x.message === d.message && x.file === d.file;
    if (!this.diagnostics.some(same)) this.diagnostics.push(d);
  }

  /** warn records a warning at a field. */
  warn(path: FieldPath, message: string): void {
    const { file } = this.doc.source;
    this.diagnostics.push({ severity: 'warning', file, line: this.doc.lineOf(path), field: formatFieldPath(path), message });
  }

  /** raw returns the value at a path, or undefined (null counts as absent, as in Kubernetes). */
  raw(path: FieldPath): JsonValue | undefined {
    let cur: JsonValue | undefined = this.doc.object;
    for (const p of path) {
      if (cur == null || typeof cur !== 'object') return undefined;
      cur = Array.isArray(cur) ? (typeof p === 'number' ? cur[p] : undefined) : (cur as JsonObject)[p as string];
    }
    return cur ?? undefined;
  }

  /** has tells whether a field is present and not null. */
  has(path: FieldPath): boolean {
    return this.raw(path) !== undefined;
  }

  /** string reads a string; `oneOf` restricts its value. */
  string<T extends string = string>(path: FieldPath, opts: { required?: boolean; oneOf?: readonly T[] } = {}): T | undefined {
    const v = this.raw(path);
    if (v === undefined) return this.missing(path, opts.required);
    if (typeof v !== 'string') return this.wrongType(path, 'a string', v);
    if (opts.oneOf && !opts.oneOf.includes(v as T)) {
      this.error(path, `unsupported value "${v}": must be one of ${opts.oneOf.join(', ')}`);
      return undefined;
    }
    if (opts.required && v === '') return this.missing(path, true);
    return v as T;
  }

  /**
   * integer reads a whole number within [min, max]; max defaults to the largest exact integer, so a value such
   * as 1e308 (a whole number to JavaScript) is refused rather than looped over. The source text decides what
   * is whole: `2147483647.0000001` is a fraction even though it parses to 2147483647.
   */
  integer(path: FieldPath, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.raw(path);
    if (v === undefined) return this.missing(path, opts.required);
    if (typeof v !== 'number') return this.wrongType(path, 'an integer', v);
    const text = this.doc.numberText?.(path);
    if (!Number.isInteger(v) || (text !== undefined && !denotesWholeNumber(text))) {
      this.error(path, `must be an integer, got number ${text ?? String(v)}`);
      return undefined;
    }
    // an integer literal is shown as written (9007199254740993 parses to ...992), others as read (1e12)
    const shown = text !== undefined && isIntegerLiteral(text) ? text : String(v);
    if (opts.min !== undefined && v < opts.min) {
      this.error(path, `must be at least ${opts.min}, got ${shown}`);
      return undefined;
    }
    const max = opts.max ?? Number.MAX_SAFE_INTEGER;
    if (v > max) {
      this.error(path, `must be at most ${max}, got ${shown}`);
      return undefined;
    }
    return v;
  }

  /** boolean reads a boolean. */
  boolean(path: FieldPath): boolean | undefined {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.wrongType(path, 'true or false', v);
    return v;
  }

  /** object reads a mapping. */
  object(path: FieldPath, opts: { required?: boolean } = {}): JsonObject | undefined {
    const v = this.raw(path);
    if (v === undefined) return this.missing(path, opts.required);
    if (!isPlainObject(v)) return this.wrongType(path, 'a mapping', v);
    return v;
  }

  /** list reads a sequence and returns its length-indexed paths' count, or undefined. */
  list(path: FieldPath, opts: { required?: boolean; nonEmpty?: boolean } = {}): JsonValue[] | undefined {
    const v = this.raw(path);
    if (v === undefined) return this.missing(path, opts.required || opts.nonEmpty);
    if (!Array.isArray(v)) return this.wrongType(path, 'a list', v);
    if (opts.nonEmpty && v.length === 0) {
      this.error(path, 'must list at least one entry');
      return undefined;
    }
    return v;
  }

  /** stringList reads a list of strings. */
  stringList(path: FieldPath): string[] | undefined {
    const items = this.list(path);
    if (!items) return undefined;
    const ok = items.every((item, i) => typeof item === 'string' || (this.wrongType([...path, i], 'a string', item), false));
    return ok ? (items as string[]) : undefined;
  }

  /** stringMap reads a map of string values (labels, annotations). */
  stringMap(path: FieldPath): Record<string, string> | undefined {
    const obj = this.object(path);
    if (!obj) return undefined;
    const ok = Object.entries(obj).every(([k, v]) => typeof v === 'string' || (this.wrongType([...path, k], 'a string', v), false));
    return ok ? (obj as Record<string, string>) : undefined;
  }

  /** labelSelector reads and checks a metav1.LabelSelector. */
  labelSelector(path: FieldPath): LabelSelector | undefined {
    const obj = this.object(path);
    if (!obj) return undefined;
    const before = this.errorCount;
    const matchLabels = this.stringMap([...path, 'matchLabels']);
    const exprs = this.list([...path, 'matchExpressions']) ?? [];
    const matchExpressions = exprs.map((_, i) => ({
      key: this.string([...path, 'matchExpressions', i, 'key'], { required: true }) ?? '',
      operator: this.string([...path, 'matchExpressions', i, 'operator'], { required: true, oneOf: ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const }) ?? 'In',
      values: this.stringList([...path, 'matchExpressions', i, 'values']),
    }));
    const selector: LabelSelector = { ...(matchLabels ? { matchLabels } : {}), ...(exprs.length ? { matchExpressions } : {}) };
    // a field already reported (e.g. an unknown operator read as the fallback In) must not be reported twice
    const problem = this.errorCount === before ? labelSelectorError(selector) : undefined;
    if (problem) this.error(path, problem);
    return selector;
  }

  /** unknownKeys reports keys of a mapping that the schema does not know (a typo would otherwise be silently ignored). */
  unknownKeys(path: FieldPath, known: readonly string[]): void {
    const obj = this.raw(path);
    if (!isPlainObject(obj)) return;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) this.error([...path, key], `unknown field "${key}"`);
    }
  }

  private missing(path: FieldPath, required?: boolean): undefined {
    if (required) this.error(path, 'is required');
    return undefined;
  }

  private wrongType(path: FieldPath, expected: string, got: unknown): undefined {
    this.error(path, `must be ${expected}, got ${describeValue(got)}`);
    return undefined;
  }
}
