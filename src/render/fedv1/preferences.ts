/**
 * Federation v1 replica preferences (`ReplicaAllocationPreferences`, read by `replicapreferences.GetAllocationPreferences`):
 * a JSON annotation decoded by encoding/json into a struct without json tags, so keys match case-insensitively.
 */
import type { ClusterPreferences } from '../../model/kubefed.js';
import { decodeBool, decodeInt64, describe, fieldEntries, parseGoJson, type GoJson } from './go-json.js';
import { GitfedError } from '../../model/errors.js';

const NUMBER_FIELDS = ['minReplicas', 'maxReplicas', 'weight'] as const;

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
  if (v.type !== 'object') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(v)} into ClusterPreferences`);
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
  if (v.type !== 'object') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(v)} into the clusters map`);
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
    if (doc.type !== 'object') throw new GitfedError('PolicyInvalid', '', `cannot unmarshal ${describe(doc)} into ReplicaAllocationPreferences`);
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

/** numberProblem says why one preference number is not an integer in 0..2^53-1 (null is valid: it leaves the default). */
function numberProblem(v: GoJson): string | undefined {
  if (v.type === 'null') return undefined;
  if (v.type !== 'number') return `must be an integer, got ${describe(v)}`;
  if (!/^-?[0-9]+$/.test(v.literal)) return `must be an integer, got number ${v.literal}`;
  const n = BigInt(v.literal);
  if (n < 0n) return `must be at least 0, got ${v.literal}`;
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) return `must be at most ${Number.MAX_SAFE_INTEGER}, got ${v.literal}`;
  return undefined;
}

/**
 * preferenceNumberProblems lists every minReplicas, maxReplicas and weight of the annotation text that is not an
 * integer in 0..2^53-1, as `clusters["a"].weight: why`. A negative minimum would hand out more replicas than the
 * object has, and a number past 2^53 is not read exactly. Text that is not JSON at all yields none (the renderer
 * reports it and splits evenly, as Federation v1 did).
 */
export function preferenceNumberProblems(text: string): string[] {
  const doc = parseGoJson(text);
  if (typeof doc === 'string' || doc.type !== 'object') return [];
  const problems: string[] = [];
  for (const clusters of fieldEntries(doc, 'clusters')) {
    if (clusters.type !== 'object') continue;
    for (const [name, pref] of clusters.entries) {
      if (pref.type !== 'object') continue;
      for (const field of NUMBER_FIELDS) {
        for (const v of fieldEntries(pref, field)) {
          const problem = numberProblem(v);
          if (problem) problems.push(`clusters[${JSON.stringify(name)}].${field}: ${problem}`);
        }
      }
    }
  }
  return problems;
}
