import type { JsonObject, JsonValue, KubeObject } from '../../model/kube.js';
import { ApiError } from '../api-error.js';
import { SchemaError } from './json.js';
import type { Path } from './path.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { copyJson } from '../../kube/deep-copy.js';

const SYSTEM_META = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** withoutManagedFields copies an object without metadata.managedFields. */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  // managedFields are often the larger half of an object: left out before the copy, not copied and dropped
  const { managedFields: _, ...metadata } = obj.metadata;
  return copyJson({ ...obj, metadata });
}

/** withoutSystemMeta copies an applied config without the metadata the server owns (they are not merged). */
export function withoutSystemMeta(obj: KubeObject): KubeObject {
  const copy = copyJson(obj);
  for (const key of SYSTEM_META) delete copy.metadata[key];
  return copy;
}

/** withManagedFields returns `obj` with the encoded entries (absent when there are none). */
export function withManagedFields(obj: KubeObject, entries: JsonObject[]): KubeObject {
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata: entries.length > 0 ? { ...metadata, managedFields: entries } : metadata };
}

/** copyPaths resets top-level-rooted `paths` (field elements only) of `target` to their values in `source`. */
export function copyPaths(target: KubeObject, source: KubeObject | undefined, paths: readonly Path[]): KubeObject {
  const out = copyJson(target) as unknown as JsonObject;
  for (const path of paths) {
    const names = path.map((pe) => pe.slice(2));
    const last = names.pop();
    let to: JsonValue | undefined = out;
    let from: JsonValue | undefined = source as unknown as JsonObject | undefined;
    for (const name of names) {
      to = isPlainObject(to) ? to[name] : undefined;
      from = isPlainObject(from) ? from[name] : undefined;
    }
    if (!isPlainObject(to) || last === undefined) continue;
    const value = isPlainObject(from) ? from[last] : undefined;
    if (value === undefined) delete to[last];
    else to[last] = copyJson(value);
  }
  return out as unknown as KubeObject;
}

/** typedError wraps a schema violation as the server's plain 500 "failed to create typed patch object" error. */
export function typedError(obj: KubeObject, err: unknown): unknown {
  if (!(err instanceof SchemaError)) return err;
  const ns = obj.metadata.namespace ?? '';
  return new ApiError(500, '', `failed to create typed patch object (${ns}/${obj.metadata.name}; ${obj.apiVersion}, Kind=${obj.kind}): ${err.message}`);
}

/** asJson views a KubeObject as plain JSON (they are the same data; ObjectMeta's optional keys block the assignment). */
export function asJson(obj: KubeObject): JsonObject {
  return obj as unknown as JsonObject;
}

/** asKube views JSON produced from a KubeObject as a KubeObject again. */
export function asKube(obj: JsonValue): KubeObject {
  return obj as unknown as KubeObject;
}
