import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { LabelAnnotationOverrider } from '../../model/policy.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { applyJsonPatchInPlace, escapePointerKey } from './json-patch.js';
import type { PatchOperation } from './json-patch.js';
import { ownPath, type Cow } from '../cow.js';

/** MetadataMap names the metadata map a label/annotation overrider edits. */
export type MetadataMap = 'labels' | 'annotations';

type JsonMap = { [key: string]: JsonValue };

/** stringMap is unstructured.NestedStringMap: undefined unless it is an object holding only strings. */
function stringMap(obj: KubeObject, field: MetadataMap): JsonMap | undefined {
  const m = (obj.metadata as unknown as JsonMap)[field];
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  return Object.values(m).every((v) => typeof v === 'string') ? m : undefined;
}

/** Change is one key an overrider adds, replaces or removes. */
interface Change {
  op: LabelAnnotationOverrider['operator'];
  key: string;
  value: unknown;
}

function changesOf(obj: KubeObject, field: MetadataMap, overrider: LabelAnnotationOverrider): Change[] {
  const existing = stringMap(obj, field) ?? {};
  const changes: Change[] = [];
  for (const [key, value] of Object.entries(overrider.value ?? {})) {
    // replace and remove only touch keys that are already there; the remove value is ignored
    if (overrider.operator !== 'add' && !Object.hasOwn(existing, key)) continue;
    changes.push({ op: overrider.operator, key, value });
  }
  return changes;
}

/** patchOf is the operation Karmada sends for a change (only "/" is escaped in the key). */
function patchOf(field: MetadataMap, c: Change): PatchOperation {
  return { op: c.op, path: `/metadata/${field}/${escapePointerKey(c.key)}`, value: c.value };
}

/**
 * writesDirectly: the changes do to the map exactly what their JSON patch would, without it. A key holding "~" is
 * decoded by the patch into another key, and "__proto__" is refused by it: those keep the patch and its errors.
 */
function writesDirectly(changes: readonly Change[]): boolean {
  return changes.every((c) => (c.op === 'add' || c.op === 'replace' || c.op === 'remove') && !c.key.includes('~') && c.key !== '__proto__');
}

/** applyLabelAnnotationOverrider edits the object's own metadata.labels or metadata.annotations (never the pod template). */
export function applyLabelAnnotationOverrider(obj: KubeObject, field: MetadataMap, overrider: LabelAnnotationOverrider): KubeObject {
  // an empty patch list also means no empty map to create: that only happens for an add with entries
  if (changesOf(obj, field, overrider).length === 0) return obj;
  return applyLabelAnnotationOverriderInPlace(deepCopy(obj), field, overrider);
}

/**
 * applyLabelAnnotationOverriderInPlace is applyLabelAnnotationOverrider on an object the caller owns (or builds, with
 * a Cow): obj is patched and returned.
 */
export function applyLabelAnnotationOverriderInPlace(obj: KubeObject, field: MetadataMap, overrider: LabelAnnotationOverrider, cow?: Cow): KubeObject {
  const hasEntries = Object.keys(overrider.value ?? {}).length > 0;
  if (overrider.operator === 'add' && hasEntries && !stringMap(obj, field)) {
    // Karmada's add starts from an empty map when it is missing or unusable. A fresh metadata object, not a new
    // key on the old one, so a metadata also reached through a YAML alias (say the pod template's) keeps its map
    obj.metadata = { ...obj.metadata, [field]: {} };
    cow?.owned.add(obj.metadata);
  }
  const changes = changesOf(obj, field, overrider);
  if (!writesDirectly(changes)) {
    return applyJsonPatchInPlace(obj as unknown as JsonValue, changes.map((c) => patchOf(field, c)), 'v5', cow) as unknown as KubeObject;
  }
  if (changes.length === 0) return obj;
  // the map is there: an add made it above, a replace or remove found the keys it changes in it
  const map = (cow ? ownPath(cow, obj as unknown as JsonMap, ['metadata', field]) : (obj.metadata as unknown as JsonMap)[field]) as JsonMap;
  for (const c of changes) {
    if (c.op === 'remove') delete map[c.key];
    else map[c.key] = deepCopy((c.value ?? null) as JsonValue);
  }
  return obj;
}
