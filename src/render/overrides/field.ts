import type { DocumentOptions, Pair, ParseOptions, SchemaOptions } from 'yaml';
import { yamlLib } from '../../kube/yaml-lib.js';
import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { FieldOverrider, SubPatchOperation } from '../../model/policy.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { applyJsonPatchInPlace } from './json-patch.js';
import type { PatchOperation } from './json-patch.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { GitfedError } from '../../model/errors.js';

type Container = JsonValue[] | { [key: string]: JsonValue };

function toPatch(ops: readonly SubPatchOperation[]): PatchOperation[] {
  return ops.map((o) => ({ op: o.operator, path: o.subPath, value: o.value }));
}

/** pointerTarget resolves a go-openapi/jsonpointer path to its parent container and key; every step must exist. */
function pointerTarget(doc: Container, fieldPath: string): { parent: Container; key: string } {
  if (fieldPath === '') throw new GitfedError('OverrideFailed', '', 'fieldPath "" points at the whole object, which is not a string');
  if (!fieldPath.startsWith('/')) throw new GitfedError('OverrideFailed', '', `JSON pointer must be empty or start with a "/": ${fieldPath}`);
  const tokens = fieldPath.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let parent: Container = doc;
  for (const [i, key] of tokens.entries()) {
    if (i === tokens.length - 1) return { parent, key: checkKey(parent, key) };
    const next: JsonValue | undefined = Array.isArray(parent) ? parent[Number(checkKey(parent, key))] : parent[checkKey(parent, key)];
    if (typeof next !== 'object' || next === null) throw new GitfedError('OverrideFailed', '', `fieldPath ${fieldPath}: ${key} is not an object or list`);
    parent = next;
  }
  throw new GitfedError('OverrideFailed', '', `fieldPath ${fieldPath} is empty`);
}

function checkKey(parent: Container, key: string): string {
  if (Array.isArray(parent)) {
    const idx = /^[+-]?[0-9]+$/.test(key) ? Number(key) : NaN;
    if (!(idx >= 0 && idx < parent.length)) throw new GitfedError('OverrideFailed', '', `index out of bounds array[0,${parent.length}] index '${key}'`);
    return String(idx);
  }
  if (!Object.hasOwn(parent, key)) throw new GitfedError('OverrideFailed', '', `object has no key "${key}"`);
  return key;
}

/**
 * notValid is the error of a field value that does not parse, with its place but none of its text: the parser's
 * own message quotes the value, which may be a Secret's, and render errors reach logs, statuses and plans
 * (so the parser's error is not kept as the cause either).
 */
function notValid(format: 'JSON' | 'YAML', err: unknown): Error {
  const text = err instanceof Error ? err.message : '';
  const place = /at line \d+, column \d+|at position \d+/.exec(text)?.[0];
  return new GitfedError('OverrideFailed', '', `the value is not valid ${format}${place ? ` (${place})` : ''}`);
}

/** parseJsonDocument follows evanphx: a document starting with "[" is a list, anything else must be an object. */
function parseJsonDocument(raw: string): Container {
  let doc: JsonValue;
  try {
    doc = JSON.parse(raw) as JsonValue;
  } catch (err) {
    throw notValid('JSON', err);
  }
  const ok = raw.startsWith('[') ? Array.isArray(doc) : isPlainObject(doc);
  if (!ok) throw new GitfedError('OverrideFailed', '', 'unexpected JSON token in document node: the document must be an object or a list');
  return doc as Container;
}

/** Go's encoding/json escapes these even inside strings; outside strings they cannot occur. */
function goJsonEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** patchJson applies ops to a JSON text; an empty text is returned untouched (evanphx short-circuit). */
export function patchJson(raw: string, ops: readonly SubPatchOperation[]): string {
  if (raw === '') return raw;
  return goJsonEscape(JSON.stringify(applyJsonPatchInPlace(parseJsonDocument(raw), toPatch(ops))));
}

/** go-yaml v2 resolves YAML 1.1 scalars but leaves timestamps as strings when decoding into interface{}. */
const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: (tags) => tags.filter((t) => (typeof t === 'string' ? t !== 'timestamp' : t.tag !== 'tag:yaml.org,2002:timestamp')),
};

function yamlToJson(raw: string): JsonValue {
  const docs = yamlLib().parseAllDocuments(raw, PARSE_OPTIONS);
  // like go-yaml, only the first document counts; an empty stream is null
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first) return null;
  if (first.errors.length > 0) throw notValid('YAML', first.errors[0]);
  return (JSON.parse(JSON.stringify(first.toJS() ?? null)) ?? null) as JsonValue;
}

/** goYamlKeyLess is go-yaml v2's key order: runs of digits compare numerically, non-letters sort before letters. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i] ?? '';
    const cb = br[i] ?? '';
    if (ca === cb) continue;
    const al = /\p{L}/u.test(ca);
    const bl = /\p{L}/u.test(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    return digitRunLess(ar, br, i);
  }
  return ar.length < br.length;
}

function digitRunLess(ar: readonly string[], br: readonly string[], i: number): boolean {
  let an = 0;
  let bn = 0;
  if (ar[i] === '0' || br[i] === '0') {
    for (let j = i - 1; j >= 0 && /\p{Nd}/u.test(ar[j] ?? ''); j--) {
      if (ar[j] !== '0') {
        an = 1;
        bn = 1;
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; ai < ar.length && /\p{Nd}/u.test(ar[ai] ?? ''); ai++) an = an * 10 + Number(ar[ai]);
  for (; bi < br.length && /\p{Nd}/u.test(br[bi] ?? ''); bi++) bn = bn * 10 + Number(br[bi]);
  if (an !== bn) return an < bn;
  if (ai !== bi) return ai < bi;
  return (ar[i] ?? '') < (br[i] ?? '');
}

function compareKeys(a: Pair, b: Pair): number {
  const { isScalar } = yamlLib();
  const ka = String(isScalar(a.key) ? a.key.value : a.key);
  const kb = String(isScalar(b.key) ? b.key.value : b.key);
  if (goYamlKeyLess(ka, kb)) return -1;
  return goYamlKeyLess(kb, ka) ? 1 : 0;
}

/**
 * isAmbiguous says whether a plain string would read back as another scalar type (bool, number, null,
 * timestamp); go-yaml double-quotes those, and single-quotes the rest that cannot be plain.
 */
function isAmbiguous(s: string): boolean {
  try {
    const v: unknown = yamlLib().parse(s, { version: '1.1' });
    if (v === null) return /^(~|null|Null|NULL|)$/.test(s);
    return v instanceof Date || (typeof v !== 'string' && typeof v !== 'object');
  } catch {
    return false;
  }
}

/** jsonToYaml renders like sigs.k8s.io/yaml JSONToYAML: sorted keys, 2-space indent, unindented lists. */
export function jsonToYaml(value: JsonValue): string {
  const { Document, visit } = yamlLib();
  const doc = new Document(value, { version: '1.1', sortMapEntries: compareKeys });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && !node.value.includes('\n') && isAmbiguous(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ indent: 2, indentSeq: false, singleQuote: true });
}

/** patchYaml converts YAML to JSON, applies ops, and renders YAML again (comments and layout are lost). */
export function patchYaml(raw: string, ops: readonly SubPatchOperation[]): string {
  const json = yamlToJson(raw);
  if (typeof json !== 'object' || json === null) throw new GitfedError('OverrideFailed', '', 'unexpected JSON token in document node: the YAML document must be a map or a list');
  // json is freshly parsed, so it can be patched in place
  return jsonToYaml(applyJsonPatchInPlace(json, toPatch(ops)));
}

/** applyFieldOverrider patches the YAML or JSON document held in the string at fieldPath. */
export function applyFieldOverrider(obj: KubeObject, overrider: FieldOverrider): KubeObject {
  return applyFieldOverriderInPlace(deepCopy(obj), overrider);
}

/** applyFieldOverriderInPlace is applyFieldOverrider on an object the caller owns: obj is patched and returned. */
export function applyFieldOverriderInPlace(obj: KubeObject, overrider: FieldOverrider): KubeObject {
  const out = obj as unknown as Container;
  const { parent, key } = pointerTarget(out, overrider.fieldPath);
  const current = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (typeof current !== 'string') throw new GitfedError('OverrideFailed', '', `value at fieldPath ${overrider.fieldPath} is not a string`);
  let next = '';
  // yaml wins when both are set; neither (rejected by validation) leaves an empty string, as Karmada does
  if (overrider.yaml && overrider.yaml.length > 0) next = patchYaml(current, overrider.yaml);
  else if (overrider.json && overrider.json.length > 0) next = patchJson(current, overrider.json);
  if (Array.isArray(parent)) parent[Number(key)] = next;
  else parent[key] = next;
  return out as unknown as KubeObject;
}
