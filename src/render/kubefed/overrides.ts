/** KubeFed overrides (`pkg/controller/util/overrides.go`, `resource.go:ApplyOverrides`). */
import type { JsonObject, JsonValue } from '../../model/kube.js';
import type { ClusterOverride, OverrideItem } from '../../model/kubefed.js';
import { applyJsonPatchInPlace, type PatchOperation } from '../overrides/json-patch.js';
import { GitfedError } from '../../model/errors.js';

/** FORBIDDEN_PATHS may not be overridden: namespace and name associate the federated resource with its copies. */
export const FORBIDDEN_PATHS: ReadonlySet<string> = new Set(['/metadata/namespace', '/metadata/name', '/metadata/generateName', '/kind']);

/**
 * overridesByCluster is GetOverrides: the overrides of each cluster, or the first validation error (a cluster
 * listed twice, a forbidden path, a path listed twice for one cluster), which voids the resource everywhere.
 */
export function overridesByCluster(items: readonly OverrideItem[]): Map<string, ClusterOverride[]> | string {
  const out = new Map<string, ClusterOverride[]>();
  for (const item of items) {
    const cluster = item.clusterName;
    if (out.has(cluster)) return `cluster "${cluster}" appears more than once`;
    const seen = new Set<string>();
    for (const [i, o] of item.clusterOverrides.entries()) {
      if (FORBIDDEN_PATHS.has(o.path)) return `override[${i}] for cluster "${cluster}" has an invalid path: ${o.path}`;
      if (seen.has(o.path)) return `path "${o.path}" appears more than once for cluster "${cluster}"`;
      seen.add(o.path);
    }
    out.set(cluster, item.clusterOverrides);
  }
  return out;
}

/** toPatch serializes one cluster's overrides as KubeFed does: an empty op is replace, a null value is omitted. */
export function toPatch(overrides: readonly ClusterOverride[]): PatchOperation[] {
  return overrides.map((o) => ({ op: o.op === '' ? 'replace' : o.op, path: o.path, ...(o.value === undefined ? {} : { value: o.value }) }));
}

/**
 * applyClusterOverrides applies one cluster's overrides in list order with evanphx/json-patch v4.11.0 semantics
 * (replace of a missing key adds it); obj is the caller's private copy. Throws the first failing operation.
 */
export function applyClusterOverrides(obj: JsonObject, overrides: readonly ClusterOverride[]): JsonObject {
  if (overrides.length === 0) return obj;
  const out: JsonValue = applyJsonPatchInPlace(obj, toPatch(overrides), 'v4');
  if (typeof out !== 'object' || out === null || Array.isArray(out)) throw new GitfedError('OverrideFailed', '', 'the patched object is not a mapping');
  return out;
}
