import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { LabelAnnotationOverrider } from '../../model/policy.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { applyJsonPatchInPlace, escapePointerKey } from './json-patch.js';
import type { PatchOperation } from './json-patch.js';

/** MetadataMap names the metadata map a label/annotation overrider edits. */
export type MetadataMap = 'labels' | 'annotations';

type JsonMap = { [key: string]: JsonValue };

/** stringMap is unstructured.NestedStringMap: undefined unless it is an object holding only strings. */
function stringMap(obj: KubeObject, field: MetadataMap): JsonMap | undefined {
  const m = (obj.metadata as unknown as JsonMap)[field];
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
  return Object.values(m).every((v) => typeof v === 'string') ? m : undefined;
}

function buildPatches(obj: KubeObject, field: MetadataMap, overrider: LabelAnnotationOverrider): PatchOperation[] {
  const existing = stringMap(obj, field) ?? {};
  const patches: PatchOperation[] = [];
  for (const [key, value] of Object.entries(overrider.value ?? {})) {
    // replace and remove only touch keys that are already there; the remove value is ignored
    if (overrider.operator !== 'add' && !Object.hasOwn(existing, key)) continue;
    patches.push({ op: overrider.operator, path: `/metadata/${field}/${escapePointerKey(key)}`, value });
  }
  return patches;
}

/** applyLabelAnnotationOverrider edits the object's own metadata.labels or metadata.annotations (never the pod template). */
export function applyLabelAnnotationOverrider(obj: KubeObject, field: MetadataMap, overrider: LabelAnnotationOverrider): KubeObject {
  // an empty patch list also means no empty map to create: that only happens for an add with entries
  if (buildPatches(obj, field, overrider).length === 0) return obj;
  return applyLabelAnnotationOverriderInPlace(deepCopy(obj), field, overrider);
}

/** applyLabelAnnotationOverriderInPlace is applyLabelAnnotationOverrider on an object the caller owns: obj is patched and returned. */
export function applyLabelAnnotationOverriderInPlace(obj: KubeObject, field: MetadataMap, overrider: LabelAnnotationOverrider): KubeObject {
  const hasEntries = Object.keys(overrider.value ?? {}).length > 0;
  if (overrider.operator === 'add' && hasEntries && !stringMap(obj, field)) {
    // Karmada's add starts from an empty map when it is missing or unusable. A fresh metadata object, not a new
    // key on the old one, so a metadata also reached through a YAML alias (say the pod template's) keeps its map
    obj.metadata = { ...obj.metadata, [field]: {} };
  }
  return applyJsonPatchInPlace(obj as unknown as JsonValue, buildPatches(obj, field, overrider)) as unknown as KubeObject;
}
