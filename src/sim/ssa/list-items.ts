import type { JsonValue } from '../../model/kube.js';
import { SchemaError } from './json.js';
import { indexElement, keyElement, valueElement, type PathElement } from './path.js';
import type { ListSchema } from './schema-types.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** itemElement computes the path element of a list item: keys with schema key defaults, set value, or index. */
export function itemElement(list: ListSchema, item: JsonValue, index: number): PathElement {
  if (list.listType === 'set') return valueElement(item);
  if (list.listType !== 'map') return indexElement(index);
  if (!isPlainObject(item)) throw new SchemaError(`element ${index}: associative list with keys may not have non-map elements`);
  const key: Record<string, JsonValue> = {};
  for (const name of list.keys ?? []) {
    const value = item[name] ?? list.keyDefaults?.[name];
    if (value === undefined || value === null) {
      throw new SchemaError(`element ${index}: associative list with keys has an element that omits key field "${name}" (and doesn't have default value)`);
    }
    key[name] = value;
  }
  return keyElement(key);
}

/** IndexedItems is a list indexed by path element, in first-occurrence order. */
export interface IndexedItems { order: PathElement[]; items: Map<PathElement, JsonValue> }

/** indexItems indexes a list; duplicates are an error when `strict` (an applied config), else the first wins. */
export function indexItems(list: ListSchema, values: readonly JsonValue[], strict: boolean): IndexedItems {
  const order: PathElement[] = [];
  const items = new Map<PathElement, JsonValue>();
  values.forEach((item, i) => {
    const pe = itemElement(list, item, i);
    if (items.has(pe)) {
      if (strict) throw new SchemaError(`duplicate entries for key ${pe.slice(2)}`);
      return;
    }
    items.set(pe, item);
    order.push(pe);
  });
  return { order, items };
}

/** mergeOrder orders the union of two indexed lists as SMD's visitListItems: lhs-only items keep their positions,
 * shared and rhs items follow the rhs order. */
export function mergeOrder(lhs: IndexedItems, rhs: IndexedItems): PathElement[] {
  const out: PathElement[] = [];
  const shared = rhs.order.filter((pe) => lhs.items.has(pe));
  let next = shared.shift();
  let l = 0;
  let r = 0;
  while (l < lhs.order.length || r < rhs.order.length) {
    const lpe = lhs.order[l];
    const rpe = rhs.order[r];
    if (lpe !== undefined && rpe !== undefined) {
      if (lpe === rpe) { out.push(lpe); l++; r++; next = shared.shift(); continue; }
      if (rhs.items.has(lpe) && next !== undefined && next !== lpe) { l++; continue; }
    }
    if (lpe !== undefined && !rhs.items.has(lpe)) { out.push(lpe); l++; continue; }
    if (rpe !== undefined) {
      out.push(rpe);
      r++;
      if (next === rpe) next = shared.shift();
    } else {
      l++; // a shared lhs item already emitted through the rhs order
    }
  }
  return out;
}
