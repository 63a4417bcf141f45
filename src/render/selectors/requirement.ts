/** Label requirements as k8s.io/apimachinery/pkg/labels builds and matches them (KubeFed and Federation v1 selectors). */
import { labelKeyError, labelValueError } from './label-syntax.js';

/** SelectionOp is a labels.Selector operator. */
export type SelectionOp = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'GreaterThan' | 'LessThan';

/** Requirement is one validated label requirement. */
export interface Requirement {
  key: string;
  op: SelectionOp;
  values: readonly string[];
}

const INT64 = /^[+-]?[0-9]+$/;

/** parseInt64 mirrors strconv.ParseInt(s, 10, 64): undefined when s is not a base-10 int64. */
export function parseInt64(s: string): bigint | undefined {
  if (!INT64.test(s)) return undefined;
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
}

function valuesError(op: SelectionOp, values: readonly string[]): string | undefined {
  switch (op) {
    case 'In':
    case 'NotIn':
      return values.length === 0 ? `for '${op}' operator, values set can't be empty` : undefined;
    case 'Equals':
    case 'NotEquals':
      return values.length !== 1 ? `exact-match compatibility requires one single value` : undefined;
    case 'Exists':
    case 'DoesNotExist':
      return values.length !== 0 ? `values set must be empty for exists and does not exist` : undefined;
    case 'GreaterThan':
    case 'LessThan':
      if (values.length !== 1) return `for 'Gt', 'Lt' operators, exactly one value is required`;
      return parseInt64(values[0] ?? '') === undefined ? `for 'Gt', 'Lt' operators, the value must be an integer` : undefined;
  }
}

/** newRequirement validates a requirement like labels.NewRequirement; a string is the error. */
export function newRequirement(key: string, op: SelectionOp, values: readonly string[]): Requirement | string {
  const problem = labelKeyError(key) ?? valuesError(op, values);
  if (problem) return problem;
  // every value must also be a label value, Gt/Lt included: so "-5" or "+5" is refused although it is an integer
  for (const v of values) {
    const bad = labelValueError(v);
    if (bad) return bad;
  }
  return { key, op, values };
}

/** requirementMatches evaluates one requirement: NotIn and NotEquals also hold when the label is absent. */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key] ?? '';
  switch (r.op) {
    case 'In':
    case 'Equals':
      return has && r.values.includes(value);
    case 'NotIn':
    case 'NotEquals':
      return !has || !r.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'GreaterThan':
    case 'LessThan': {
      const got = has ? parseInt64(value) : undefined;
      const want = parseInt64(r.values[0] ?? '') as bigint;
      if (got === undefined) return false;
      return r.op === 'GreaterThan' ? got > want : got < want;
    }
  }
}

/** requirementsMatch ANDs requirements; none matches everything. */
export function requirementsMatch(reqs: readonly Requirement[], labels: Readonly<Record<string, string>>): boolean {
  return reqs.every((r) => requirementMatches(r, labels));
}
