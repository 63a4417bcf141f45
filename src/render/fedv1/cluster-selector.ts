/**
 * The Federation v1 cluster selector annotation (`clusterselector.SendToCluster`): a JSON list of
 * `{key, operator, values}` requirements, ANDed, matched against cluster labels with apimachinery's rules.
 */
import { newRequirement, type Requirement, type SelectionOp } from '../selectors/requirement.js';
import { decodeString, describe, fieldEntries, parseGoJson, type GoJson } from './go-json.js';
import { GitfedError } from '../../model/errors.js';

/** OPERATORS is `ConvertOperator`: the spellings Federation v1 accepts; anything else is refused. */
const OPERATORS: Readonly<Record<string, SelectionOp>> = {
  '!': 'DoesNotExist', DoesNotExist: 'DoesNotExist',
  '=': 'Equals', '==': 'Equals',
  in: 'In', In: 'In',
  '!=': 'NotEquals',
  notin: 'NotIn', NotIn: 'NotIn',
  exists: 'Exists', Exists: 'Exists',
  gt: 'GreaterThan', Gt: 'GreaterThan', '>': 'GreaterThan',
  lt: 'LessThan', Lt: 'LessThan', '<': 'LessThan',
};

interface RawRequirement {
  key: string;
  operator: string;
  values: string[];
}

function decodeValues(v: GoJson): string[] {
  if (v.type === 'null') return [];
  if (v.type !== 'array') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(v)} into the values list`);
  return v.items.map((item) => decodeString(item, ''));
}

function decodeRequirement(v: GoJson): RawRequirement {
  const raw: RawRequirement = { key: '', operator: '', values: [] };
  if (v.type === 'null') return raw;
  if (v.type !== 'object') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(v)} into ClusterSelectorRequirement`);
  for (const x of fieldEntries(v, 'key')) raw.key = decodeString(x, raw.key);
  for (const x of fieldEntries(v, 'operator')) raw.operator = decodeString(x, raw.operator);
  for (const x of fieldEntries(v, 'values')) raw.values = decodeValues(x);
  return raw;
}

function toRequirement(raw: RawRequirement): Requirement {
  const op = Object.hasOwn(OPERATORS, raw.operator) ? OPERATORS[raw.operator] : undefined;
  if (!op) throw new GitfedError('PolicyInvalid', '', `operator "${raw.operator}" is not recognized`);
  const r = newRequirement(raw.key, op, raw.values);
  if (typeof r === 'string') throw new GitfedError('PolicyInvalid', '', r);
  return r;
}

/** parseClusterSelector turns the annotation into requirements (none: every cluster); a string is the error. */
export function parseClusterSelector(text: string): Requirement[] | string {
  const doc = parseGoJson(text);
  if (typeof doc === 'string') return doc;
  try {
    if (doc.type === 'null') return [];
    if (doc.type !== 'array') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(doc)} into a list of ClusterSelectorRequirement`);
    // Go decodes the whole list before it builds any requirement, so a type error anywhere wins
    return doc.items.map(decodeRequirement).map(toRequirement);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
