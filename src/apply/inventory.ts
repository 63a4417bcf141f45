/**
 * The inventory: which objects gitfed owns in one member cluster. Pruning reads nothing else.
 *
 * LOAD-BEARING FORMAT (a public API, DESIGN.md rule 5): a ConfigMap `gitfed-inventory` in namespace
 * `gitfed-system`, written by server-side apply with field manager `gitfed`, with
 *   data.revision  the revision of the plan the list was last written for ("" when none is known)
 *   data.objects   a JSON array of object keys `<apiVersion>/<kind>/<namespace>/<name>`
 *                  (cluster-scoped: `<apiVersion>/<kind>/<name>`), sorted, without duplicates.
 * Changing the names, the key syntax or the encoding makes every deployed gitfed forget what it owns:
 * its objects are orphaned (never pruned) or, worse, misread. Only add fields; never rename or reinterpret.
 */
import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { compareStrings } from '../render/compare.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../render/manifest.js';
import { parseKey } from './cluster-client.js';

/** INVENTORY_NAMESPACE holds the inventory ConfigMap (load-bearing). */
export const INVENTORY_NAMESPACE = 'gitfed-system';
/** INVENTORY_NAME is the inventory ConfigMap's name (load-bearing). */
export const INVENTORY_NAME = 'gitfed-inventory';

/** Inventory is the decoded ConfigMap: the revision and the sorted, unique object keys. */
export interface Inventory {
  revision: string | null;
  keys: readonly string[];
}

/** EMPTY_INVENTORY is what a cluster gitfed never wrote to holds. */
export const EMPTY_INVENTORY: Inventory = { revision: null, keys: [] };

/** normalizeKeys sorts and de-duplicates keys, so equal sets have equal encodings. */
export function normalizeKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort(compareStrings);
}

/** diff returns the keys of `old` that `next` no longer lists: the prune candidates (sorted). */
export function diff(old: Inventory, next: Iterable<string>): string[] {
  const keep = new Set(next);
  return normalizeKeys(old.keys.filter((k) => !keep.has(k)));
}

/** merge returns an inventory of revision listing the union of the given key sets. */
export function merge(revision: string | null, ...sets: Iterable<string>[]): Inventory {
  return { revision, keys: normalizeKeys(sets.flatMap((s) => [...s])) };
}

/** sameInventory tells whether writing `next` over `current` would change nothing. */
export function sameInventory(current: Inventory | null, next: Inventory): boolean {
  if (current === null || current.revision !== next.revision || current.keys.length !== next.keys.length) return false;
  return current.keys.every((k, i) => k === next.keys[i]);
}

/** toConfigMap encodes an inventory as the ConfigMap gitfed applies. */
export function toConfigMap(inv: Inventory): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: INVENTORY_NAME, namespace: INVENTORY_NAMESPACE, labels: { [MANAGED_BY_LABEL]: FIELD_MANAGER } },
    data: { revision: inv.revision ?? '', objects: JSON.stringify(normalizeKeys(inv.keys)) },
  };
}

/** fromConfigMap decodes the inventory; throws InventoryInvalid rather than guess, since a wrong list could prune. */
export function fromConfigMap(cm: KubeObject): Inventory {
  const subject = `ConfigMap/${INVENTORY_NAMESPACE}/${INVENTORY_NAME}`;
  const data = cm.data;
  if (data == null || typeof data !== 'object' || Array.isArray(data)) return EMPTY_INVENTORY;
  const revision = typeof data.revision === 'string' && data.revision !== '' ? data.revision : null;
  let keys: unknown;
  try {
    keys = JSON.parse(typeof data.objects === 'string' ? data.objects : '[]');
  } catch (cause) {
    throw new GitfedError('InventoryInvalid', subject, 'data.objects is not JSON', { cause });
  }
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new GitfedError('InventoryInvalid', subject, 'data.objects is not a JSON list of object keys');
  }
  for (const key of keys) parseKey(key);
  return { revision, keys: normalizeKeys(keys) };
}
