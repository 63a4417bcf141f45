/**
 * A running reconciler keeps each cluster's recorded digests in memory instead of in the inventory: a pass that
 * changes one object then writes the object and the inventory, not the inventory twice. The inventory holds no
 * digests while the reconciler runs, so a crash leaves nothing that vouches for an object; a clean stop writes
 * them back (flushDigests), and the next start trusts them as the last pass left them.
 */
import type { ClusterClient, LiveCache } from '../kube/cluster-client.js';
import { readInventory, writeInventory } from './inventory-store.js';
import type { Inventory } from './inventory.js';

/** DigestBook is one cluster's digests in memory; `digests` is undefined until a pass took them from the inventory. */
export interface DigestBook {
  digests?: Inventory['digests'];
}

/**
 * flushDigests writes the book's digests into the cluster's inventory, once no pass runs there. Each digest was
 * recorded after its object's apply succeeded and dropped before any later apply of it, so they vouch for what
 * the cluster holds now.
 */
export async function flushDigests(client: ClusterClient, book: DigestBook, cache?: LiveCache): Promise<void> {
  const digests = book.digests;
  if (digests === undefined || Object.keys(digests).length === 0) return;
  const current = await readInventory(client, cache);
  if (current === null) return;
  const listed = new Set(current.keys);
  const kept = Object.fromEntries(Object.entries(digests).filter(([key]) => listed.has(key)));
  await writeInventory(client, { ...current, digests: kept }, current);
}
