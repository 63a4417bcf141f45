import { isDeepStrictEqual } from 'node:util';
import { comparable } from '../kube/compare-objects.js';
import type { KubeObject } from '../model/kube.js';
import { pathToString, type Path, type PathElement } from '../kube/fields-v1.js';
import { isGitfed, latestOwner, listKeyNames, ownersOf, ownership, type Ownership } from './managers.js';
import type { FieldDrift } from '../model/drift.js';

/** Difference is one path where the dry-run result and the live object disagree. */
interface Difference {
  path: Path;
  desired: unknown;
  live: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * driftedFields compares a live object with the server's dry-run apply of the plan (field manager gitfed,
 * forced) and keeps the differences someone else made: a path whose live value another manager last wrote
 * (per `managedFields`). A difference on a path gitfed owns is a plan change; one nobody owns was never
 * claimed by another writer. Server fields (status, resourceVersion, managedFields, ...) are not compared.
 */
export function driftedFields(live: KubeObject, dryRun: KubeObject, managedFields: unknown): FieldDrift[] {
  const tree = ownership(managedFields);
  const out: Difference[] = [];
  walk(comparable(live), comparable(dryRun), [], tree, out);
  return out.flatMap((d) => {
    const owners = ownersOf(tree, d.path);
    const owner = latestOwner(owners);
    if (owner === undefined || owners.some(isGitfed)) return [];
    const field: FieldDrift = { path: pathToString(d.path).replace(/^\./, '') };
    if (d.desired !== undefined) field.desired = d.desired;
    if (d.live !== undefined) field.live = d.live;
    field.manager = owner.manager;
    return [field];
  });
}

function walk(live: unknown, desired: unknown, path: Path, tree: Ownership, out: Difference[]): void {
  if (isDeepStrictEqual(live, desired)) return;
  if (isRecord(live) && isRecord(desired)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort();
    for (const key of keys) walk(live[key], desired[key], [...path, `f:${key}`], tree, out);
    return;
  }
  const items = Array.isArray(live) && Array.isArray(desired) ? keyedItems(live, desired, listKeyNames(tree, path)) : undefined;
  if (items === undefined) {
    // a scalar, a type change, or a list without recorded keys (atomic or a set): compared as a whole
    out.push({ path, desired, live });
    return;
  }
  for (const [pe, pair] of items) walk(pair.live, pair.desired, [...path, pe], tree, out);
}

/**
 * keyedItems pairs the items of an associative list by their key fields (as the server does: items
 * match by key, not position), in live order then new items. Undefined when the list cannot be keyed.
 */
function keyedItems(live: unknown[], desired: unknown[], keys: string[] | undefined): Map<PathElement, { live?: unknown; desired?: unknown }> | undefined {
  if (keys === undefined) return undefined;
  const out = new Map<PathElement, { live?: unknown; desired?: unknown }>();
  const add = (items: unknown[], side: 'live' | 'desired'): boolean => items.every((item) => {
    const pe = keyElement(item, keys);
    const pair = pe === undefined ? undefined : (out.get(pe) ?? {});
    if (pe === undefined || pair === undefined || side in pair) return false;
    pair[side] = item;
    out.set(pe, pair);
    return true;
  });
  return add(live, 'live') && add(desired, 'desired') ? out : undefined;
}

/** keyElement is the FieldsV1 element `k:{...}` of an item (key fields sorted by name, compact JSON). */
function keyElement(item: unknown, keys: readonly string[]): PathElement | undefined {
  if (!isRecord(item) || keys.some((k) => item[k] === undefined)) return undefined;
  return `k:${JSON.stringify(Object.fromEntries(keys.map((k) => [k, item[k]])))}`;
}
