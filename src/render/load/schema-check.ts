import type { ErrorObject } from 'ajv';
import type { JsonObject, JsonValue } from '../../model/kube.js';
import { describeValue, type FieldReader } from './field-reader.js';
import type { FieldPath } from './parse.js';
import * as VALIDATORS from './schema-validators.js';
import { asPlainObject } from '../../kube/plain-object.js';

/**
 * Validation as the API server does it for `kubectl apply` (strict field validation): a field the schema does not
 * declare, a missing required field, a value of the wrong type or outside an enum is an error, so a typo
 * (`labelSelector.matchLabel`) cannot silently widen a placement. The schemas are the CRDs' openAPIV3Schema at the
 * pinned revisions (Karmada's Cluster: its Go types); the checks of meaning stay with the readers.
 */

/** Validator is a generated validator: true when the document conforms, else false with its errors. */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * validatorOf is a kind's validator, generated ahead of time: compiling the schemas at each start cost 35-150 ms per
 * kind, most of a small repository's render.
 */
function validatorOf(kind: string): Validator | undefined {
  // a document's kind is the user's text: `constructor` must not find Object's
  return Object.hasOwn(VALIDATORS, kind) ? (VALIDATORS as Record<string, Validator>)[kind] : undefined;
}

/**
 * checkSchema reports, with file:line, every way a document breaks its kind's schema (unknown field, missing
 * required field, wrong type, value outside an enum or a bound), also in parts no reader looks at; false when it
 * found one. A null field counts as absent, as the API server drops it.
 */
export function checkSchema(r: FieldReader, kind: string): boolean {
  const validate = validatorOf(kind);
  if (!validate) return true;
  const object = withoutNulls(r.doc.object) as JsonObject;
  ADMISSION_DEFAULTS[kind]?.(object);
  if (validate(object)) return true;
  const before = r.errorCount;
  const seen = new Set<string>();
  for (const err of (validate.errors ?? []).filter(reported)) {
    const at = pathOf(err);
    // one message a field: `.nan` is both no integer and below the minimum
    const key = JSON.stringify(err.keyword === 'required' || err.keyword === 'additionalProperties' ? [...at, err.params] : at);
    if (seen.has(key)) continue;
    seen.add(key);
    const value = r.raw(at);
    // the source text shows what JSON cannot (`.nan`, `1e400`)
    const shown = typeof value === 'number' ? `number ${r.doc.numberText?.(at) ?? String(value)}` : describeValue(value);
    const [field, message] = describe(err, at, value, shown);
    r.error(field, message);
  }
  return r.errorCount === before;
}

/**
 * ADMISSION_DEFAULTS fill what a kind's admission webhook defaults before the API server validates the schema:
 * KubeFed's SetFederatedTypeConfigDefaults takes the plural names (and group) from the FTC's name and kinds.
 */
const ADMISSION_DEFAULTS: Readonly<Record<string, (object: JsonObject) => void>> = {
  FederatedTypeConfig: (object) => {
    const spec = asPlainObject(object.spec);
    const [plural, group] = String(asPlainObject(object.metadata).name ?? '').split(/\.(.*)/s);
    const target = asPlainObject(spec.targetType);
    target.pluralName ??= plural ?? '';
    if (group) target.group ??= group;
    const federated = asPlainObject(spec.federatedType);
    if (typeof federated.kind === 'string') federated.pluralName ??= pluralName(federated.kind);
  },
};

/** pluralName is KubeFed's PluralName: the kind in lower case with `s`, `es` or `ies`. */
function pluralName(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh|z|o)$/.test(lower)) return `${lower}es`;
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
}

/**
 * reported leaves out what the API server would not say: an int-or-string value fails each branch of its anyOf (the
 * anyOf error alone says it), and a status written by hand need not carry every field a controller would
 * (status is not validated on create; gitfed only reads it).
 */
function reported(err: ErrorObject): boolean {
  if (err.schemaPath.includes('/anyOf/')) return false;
  return !(err.keyword === 'required' && err.instancePath.startsWith('/status'));
}

function describe(err: ErrorObject, at: FieldPath, value: JsonValue | undefined, shown: string): [FieldPath, string] {
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': return [[...at, String(p.additionalProperty)], `unknown field "${String(p.additionalProperty)}"`];
    case 'required': return [[...at, String(p.missingProperty)], 'is required'];
    case 'enum': return [at, `unsupported value "${String(value)}": must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`];
    case 'type': return [at, `must be ${TYPE_NAMES[String(p.type)] ?? String(p.type)}, got ${shown}`];
    case 'anyOf': return [at, `must be a number or a string, got ${shown}`];
    case 'minimum': return [at, `must be at least ${String(p.limit)}, got ${String(value)}`];
    case 'minItems': return [at, 'must list at least one entry'];
    case 'minLength': return [at, 'must not be empty'];
    case 'maxLength': return [at, `must be at most ${String(p.limit)} characters`];
    default: return [at, err.message ?? 'is invalid'];
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', object: 'a mapping', array: 'a list',
};

function pathOf(err: ErrorObject): FieldPath {
  return err.instancePath.split('/').slice(1).map(unescape).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** withoutNulls copies a document without the null fields of its mappings (list items are kept as they are). */
function withoutNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
