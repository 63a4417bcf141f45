import type { JsonValue } from '../../model/kube.js';
import { fieldSet, type FieldSet } from './field-set.js';

import { indexItems } from './list-items.js';
import { fieldElement, type Path } from './path.js';
import { childSchema, isAtomic, type Schema } from './schema-types.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** toFieldSet computes the fields an applied config sets (SMD typed/tofieldset.go, ssa-semantics §1.4). */
export function toFieldSet(value: JsonValue, schema: Schema | undefined): FieldSet {
  const out: Path[] = [];
  walk(value, schema, [], out);
  return fieldSet(out);
}

function walk(value: JsonValue, schema: Schema | undefined, path: Path, out: Path[]): void {
  if (isAtomic(schema, value)) {
    if (path.length > 0) out.push(path);
    return;
  }
  if (Array.isArray(value)) {
    if (schema?.type !== 'list') return;
    // an associative list item is a member itself; an empty list records nothing
    const { order, items } = indexItems(schema, value, true);
    for (const pe of order) {
      const itemPath = [...path, pe];
      out.push(itemPath);
      walk(items.get(pe) as JsonValue, schema.items, itemPath, out);
    }
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const resolved = childSchema(schema, key);
    const childPath = [...path, fieldElement(key)];
    walk(child, resolved.schema, childPath, out);
    const empty = child === null || (isPlainObject(child) && Object.keys(child).length === 0);
    if (empty || resolved.mapKey) out.push(childPath);
  }
}
