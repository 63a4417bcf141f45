import type { JsonValue } from '../../model/kube.js';
import type { PathElement } from '../../kube/fields-v1.js';

// The FieldsV1 path format is shared with the drift detector, which reads managedFields by the same rules.
export { elementToString, pathToString, type Path, type PathElement } from '../../kube/fields-v1.js';

/** fieldElement names a struct field or map key. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** keyElement names an associative-list item by all its key fields (sorted by name, compact JSON). */
export function keyElement(key: Readonly<Record<string, JsonValue>>): PathElement {
  const sorted: Record<string, JsonValue> = {};
  for (const name of Object.keys(key).sort(byteCompare)) sorted[name] = key[name] as JsonValue;
  return `k:${JSON.stringify(sorted)}`;
}

/** valueElement names a set item. */
export function valueElement(value: JsonValue): PathElement {
  return `v:${JSON.stringify(value)}`;
}

/** indexElement names an item of a non-associative list. */
export function indexElement(index: number): PathElement {
  return `i:${index}`;
}

/** byteCompare orders strings by code unit, as Go compares strings byte-wise (identical for ASCII). */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** compareElements orders path elements as SMD's PathElement.Compare: all f:, then k:, v:, i:. */
export function compareElements(a: PathElement, b: PathElement): number {
  const ra = RANK[a.charAt(0)] ?? 4;
  const rb = RANK[b.charAt(0)] ?? 4;
  if (ra !== rb) return ra - rb;
  if (a.startsWith('i:') && b.startsWith('i:')) return Number(a.slice(2)) - Number(b.slice(2));
  return byteCompare(a, b);
}
