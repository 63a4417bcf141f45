import type { JsonObject, JsonValue } from '../../model/kube.js';

import { indexItems, mergeOrder } from './list-items.js';
import { childSchema, isAtomic, type ListSchema, type Schema } from './schema-types.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { copyJson } from '../../kube/deep-copy.js';

/** merge computes `live ⊕ config` (SMD typed/merge.go): atomic nodes and scalars are replaced by the config value,
 * maps and structs merge key by key, associative lists item by item on their keys. Inputs are not mutated. */
export function merge(live: JsonValue | undefined, config: JsonValue, schema: Schema | undefined): JsonValue {
  if (live === undefined || isAtomic(schema, config)) return copyJson(config);
  if (Array.isArray(config)) {
    return Array.isArray(live) ? mergeList(live, config, schema as ListSchema) : copyJson(config);
  }
  if (!isPlainObject(config) || !isPlainObject(live)) return copyJson(config);
  const out: JsonObject = copyJson(live);
  for (const [key, value] of Object.entries(config)) out[key] = merge(live[key], value, childSchema(schema, key).schema);
  return out;
}

function mergeList(live: readonly JsonValue[], config: readonly JsonValue[], schema: ListSchema): JsonValue[] {
  const l = indexItems(schema, live, false);
  const r = indexItems(schema, config, true);
  return mergeOrder(l, r).map((pe) => {
    const lv = l.items.get(pe);
    const rv = r.items.get(pe);
    return rv === undefined ? copyJson(lv as JsonValue) : merge(lv, rv, schema.items);
  });
}
