import type { Overriders, PlaintextOverrider } from '../model/policy.js';
import { contentKey } from './manifest-memo.js';
import type { SelectedRule } from './overrides/index.js';

/** a scalar written where nothing after it reads its value: only its type can decide whether a later step fails */
const typeOf = (v: unknown): unknown => (v === undefined ? undefined : { '\u0000type': v === null ? 'null' : typeof v });

const isScalar = (v: unknown): boolean => v === null || v === undefined || typeof v !== 'object';

/**
 * failureShape keys override rules so that two rule lists with the same key, applied to the same template with the
 * same replicas and Job share, either both succeed or both fail (their objects and messages may differ). It leaves out
 * values that no step can fail on: the labels' and annotations' values (a later labels step checks only that they are
 * strings), the one image overrider's value (setting a component never fails; only a second image overrider would
 * parse the result) and the scalar values of plaintext operations below the root (JSON Patch fails on the presence
 * and container-ness of a path, never on a scalar's value; a root field such as `kind` is kept, as the result must
 * keep a non-empty kind). Lists with command, args or field overriders, which read what they change, or with more
 * than one image overrider, are keyed by their whole content.
 */
export function failureShape(rules: readonly SelectedRule[]): string {
  const all = rules.map((r) => r.overriders);
  const reads = all.some((o) => (o.commandOverrider?.length ?? 0) + (o.argsOverrider?.length ?? 0) + (o.fieldOverrider?.length ?? 0) > 0);
  const images = all.reduce((n, o) => n + (o.imageOverrider?.length ?? 0), 0);
  if (reads || images > 1) return `=${contentKey(all)}`;
  // where a rule is written and its policy's name go into messages only
  return `~${contentKey(rules.map((r) => shapeOf(r.overriders)))}`;
}

/** shapeOf is one overriders block with the values failureShape leaves out replaced by their types. */
function shapeOf(o: Overriders): Overriders {
  const out: Overriders = { ...o };
  if (o.imageOverrider) out.imageOverrider = o.imageOverrider.map((x) => ({ ...x, value: typeOf(x.value) as string }));
  const keysOnly = (value: Record<string, string> | undefined) => (value ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)])) : value);
  if (o.labelsOverrider) out.labelsOverrider = o.labelsOverrider.map((x) => ({ ...x, value: keysOnly(x.value) as Record<string, string> }));
  if (o.annotationsOverrider) out.annotationsOverrider = o.annotationsOverrider.map((x) => ({ ...x, value: keysOnly(x.value) as Record<string, string> }));
  if (o.plaintext) out.plaintext = o.plaintext.map(plaintextShape);
  return out;
}

/** plaintextShape types a scalar value written below the root; a root field's value and any object or list stay. */
function plaintextShape(p: PlaintextOverrider): PlaintextOverrider {
  // the first token of a path is dropped unread (evanphx), so two tokens name a field of the root
  const belowRoot = p.path.split('/').length > 2;
  return belowRoot && isScalar(p.value) ? { ...p, value: typeOf(p.value) } : p;
}
