/**
 * Federation v1 replica preferences (`ReplicaAllocationPreferences`, read by `replicapreferences.GetAllocationPreferences`):
 * a JSON annotation decoded by encoding/json into a struct without json tags, so keys match case-insensitively.
 */
import type { ClusterPreferences } from '../../model/kubefed.js';
import { decodeBool, decodeInt64, describe, fieldEntries, parseGoJson, type GoJson } from './go-json.js';

/** AllocationPreferences is the decoded annotation; clusters without "*" leave the other clusters at 0. */
export interface AllocationPreferences {
  rebalance: boolean;
  clusters: Record<string, ClusterPreferences>;
}

/** DEFAULT_PREFERENCES is what a missing or undecodable annotation means: an even split. */
export const DEFAULT_PREFERENCES: AllocationPreferences = { rebalance: false, clusters: { '*': { minReplicas: 0, weight: 1 } } };

function decodeClusterPreferences(v: GoJson): ClusterPreferences {
  const pref: ClusterPreferences = { minReplicas: 0, weight: 0 };
  if (v.type === 'null') return pref;
  if (v.type !== 'object') throw new Error(`cannot unmarshal ${describe(v)} into ClusterPreferences`);
  for (const x of fieldEntries(v, 'minReplicas')) pref.minReplicas = decodeInt64(x, pref.minReplicas);
  for (const x of fieldEntries(v, 'weight')) pref.weight = decodeInt64(x, pref.weight);
  // MaxReplicas is a pointer: null resets it to unbounded
  for (const x of fieldEntries(v, 'maxReplicas')) {
    if (x.type === 'null') delete pref.maxReplicas;
    else pref.maxReplicas = decodeInt64(x, 0);
  }
  return pref;
}

/** decodeClusters decodes one `clusters` member into the map; Go reuses a map already decoded, null clears it. */
function decodeClusters(v: GoJson, into: Record<string, ClusterPreferences>): Record<string, ClusterPreferences> {
  if (v.type === 'null') return {};
  if (v.type !== 'object') throw new Error(`cannot unmarshal ${describe(v)} into the clusters map`);
  for (const [name, pref] of v.entries) into[name] = decodeClusterPreferences(pref);
  return into;
}

/** decodePreferences decodes the annotation text; a string is why it cannot be decoded. */
export function decodePreferences(text: string): AllocationPreferences | string {
  const doc = parseGoJson(text);
  if (typeof doc === 'string') return doc;
  try {
    const out: AllocationPreferences = { rebalance: false, clusters: {} };
    if (doc.type === 'null') return out;
    if (doc.type !== 'object') throw new Error(`cannot unmarshal ${describe(doc)} into ReplicaAllocationPreferences`);
    for (const x of fieldEntries(doc, 'rebalance')) out.rebalance = decodeBool(x, out.rebalance);
    for (const x of fieldEntries(doc, 'clusters')) out.clusters = decodeClusters(x, out.clusters);
    return out;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * preferencesOf reads the kind's own annotation: missing or undecodable (the controller only logs the error) means
 * the default even split; a decodable one is taken as written, even when its clusters map is empty (all at 0).
 */
export function preferencesOf(annotation: string | undefined): { preferences: AllocationPreferences; problem?: string } {
  if (annotation === undefined) return { preferences: DEFAULT_PREFERENCES };
  const decoded = decodePreferences(annotation);
  return typeof decoded === 'string' ? { preferences: DEFAULT_PREFERENCES, problem: decoded } : { preferences: decoded };
}
