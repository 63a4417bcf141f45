import type { Catalog } from '../model/catalog.js';
import type { Cluster } from '../model/cluster.js';
import type { OverridePolicy } from '../model/policy.js';
import type { Placed } from './bind.js';
import { contentKey } from './manifest-memo.js';
import { matchingOverridePolicies } from './overrides/index.js';
import type { RenderStream } from './render.js';

/** RenderSide is one revision's catalog and its placed stream, before any cluster is built. */
export interface RenderSide {
  catalog: Catalog;
  stream: RenderStream;
}

/**
 * sameOutputTemplates lists the templates whose objects are the same on both sides, cluster by cluster, without
 * building them: a manifest is a function of the template (content and where it is written, named in warnings),
 * its binding (targets, replicas, suspended clusters, Divided or not), the override policies that select it and
 * the clusters it goes to (their rules), and the interpreter customizations. Everything that couples templates
 * (propagateDeps, capacity claims, previous placement) acts through the binding, compared once placed. Templates
 * whose objects may carry `annotation`, or whose overrides may change an object's identity, are left out: the caller
 * reads the first across clusters, and the second would make their objects meet others by key. So are templates that
 * share a key with a KubeFed or Federation v1 object.
 */
export function sameOutputTemplates(base: RenderSide, head: RenderSide, annotation: string): Set<string> {
  const same = new Set<string>();
  if (contentKey(base.catalog.customizations ?? []) !== contentKey(head.catalog.customizations ?? [])) return same;
  const before = new Map(base.stream.placed.map((p) => [p.template.key, p]));
  const [baseRules, headRules] = [policyKeys(base.catalog), policyKeys(head.catalog)];
  const [baseClusters, headClusters] = [clusterKeys(base.catalog.clusters), clusterKeys(head.catalog.clusters)];
  // templates selected by the same policies share their answer
  const carried = new Map<string, boolean>();
  for (const p of head.stream.placed) {
    const key = p.template.key;
    const q = before.get(key);
    if (!q || base.stream.foreignKeys.has(key) || head.stream.foreignKeys.has(key)) continue;
    if (!sameValue(placedOf(p), placedOf(q))) continue;
    const rules = headRules(p);
    if (rules !== baseRules(q) || p.template.object.metadata.annotations?.[annotation] !== undefined) continue;
    let carries = carried.get(rules);
    if (carries === undefined) carried.set(rules, (carries = mayCarry(rules)));
    if (carries) continue;
    if (p.binding.clusters.every((c) => headClusters.get(c.name) === baseClusters.get(c.name))) same.add(key);
  }
  return same;
}

/** placedOf is what a manifest reads of a placed template besides its overrides. */
function placedOf(p: Placed): unknown[] {
  const { clusters, suspended } = p.binding;
  return [p.template.object, p.template.source, clusters, suspended ?? null, p.divided];
}

/** sameValue is equality of JSON-like values as the output sees them: same keys in the same order, -0 is not 0. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const [ka, kb] = [Object.keys(a), Object.keys(b)];
  if (ka.length !== kb.length) return false;
  const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return ka.every((k, i) => k === kb[i] && sameValue(ra[k], rb[k]));
}

/** policyKeys gives the content of the override policies that select a template, in application order. */
function policyKeys(catalog: Catalog): (p: Placed) => string {
  const known = new Map<OverridePolicy, string>();
  return (p) => matchingOverridePolicies(p.template.object, catalog.overridePolicies).map((policy) => {
    let text = known.get(policy);
    if (text === undefined) known.set(policy, (text = contentKey(policy)));
    return text;
  }).join('\n');
}

/** clusterKeys spells each cluster by name; a duplicated name keeps its first cluster, as render does. */
function clusterKeys(clusters: readonly Cluster[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of clusters) if (!out.has(c.name)) out.set(c.name, contentKey(c));
  return out;
}

/**
 * mayCarry tells whether overrides may add an annotation (they name annotations) or change an object's identity (a
 * path reaching kind, apiVersion, metadata, its name or namespace).
 */
function mayCarry(rules: string): boolean {
  if (rules.includes('annotations')) return true;
  return rules.length > 0 && [...rules.matchAll(/"(?:path|fieldPath)":"((?:[^"\\]|\\.)*)"/g)].some((m) => touchesIdentity(JSON.parse(`"${m[1] ?? ''}"`) as string));
}

/** touchesIdentity: a JSON Pointer (its first token dropped unread, as the patch does) at or above an object's identity. */
function touchesIdentity(path: string): boolean {
  const tokens = path.split('/').slice(1);
  const [first, second] = tokens;
  if (first === undefined || first === '' || first === 'kind' || first === 'apiVersion') return true;
  return first === 'metadata' && (second === undefined || second === 'name' || second === 'namespace');
}
