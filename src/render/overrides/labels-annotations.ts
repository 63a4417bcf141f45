import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { LabelAnnotationOverrider } from '../../model/policy.js';
import { applyJsonPatch, escapePointerKey } from './json-patch.js';
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

/** withEmptyMap gives the object an empty map first, as Karmada's `add` does when the map is missing or unusable. */
function withEmptyMap(obj: KubeObject, field: MetadataMap): KubeObject {
  if (stringMap(obj, field)) return obj;
  return { ...obj, metadata: { ...obj.metadata, [field]: {} } };
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
  const hasEntries = Object.keys(overrider.value ?? {}).length > 0;
  const base = overrider.operator === 'add' && hasEntries ? withEmptyMap(obj, field) : obj;
  const patches = buildPatches(base, field, overrider);
  return patches.length === 0 ? base : (applyJsonPatch(base as unknown as JsonValue, patches) as unknown as KubeObject);
}
