import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';
import { reasonOf } from '../kube/change-entry.js';
import type { ClusterClient, LiveCache } from '../kube/cluster-client.js';
import { refKey } from '../kube/object-ref.js';
import { fromConfigMap, INVENTORY_NAME, INVENTORY_NAMESPACE, sameInventory, toConfigMap, type Inventory } from './inventory.js';

const INVENTORY_REF = { apiVersion: 'v1', kind: 'ConfigMap', namespace: INVENTORY_NAMESPACE, name: INVENTORY_NAME } as const;
const INVENTORY_KEY = refKey(INVENTORY_REF);
const NAMESPACE_REF = { apiVersion: 'v1', kind: 'Namespace', name: INVENTORY_NAMESPACE } as const;

// a cached ConfigMap stays the same object until it changes: it is decoded once
const decoded = new WeakMap<KubeObject, Inventory>();
/**
 * readInventory reads a cluster's inventory; null when gitfed never wrote one there. A live cache that holds the
 * ConfigMap answers without a request; when it cannot say (not cached, or stale), the server is asked.
 */
export async function readInventory(client: ClusterClient, cache?: LiveCache): Promise<Inventory | null> {
  const cm = cache?.peek(INVENTORY_KEY) ?? (await client.get(INVENTORY_REF));
  if (cm === null) return null;
  try {
    const known = decoded.get(cm);
    if (known) return known;
    const inventory = fromConfigMap(cm);
    decoded.set(cm, inventory);
    return inventory;
  } catch (err) {
    // the cluster name belongs in the message: the same inventory exists in every cluster
    throw new GitfedError('InventoryInvalid', `${client.cluster}: ${INVENTORY_NAMESPACE}/${INVENTORY_NAME}`, reasonOf(err), { cause: err });
  }
}

/**
 * writeInventory stores `next` unless `current` (what readInventory returned) already says the same, so a
 * cycle that changes nothing writes nothing. Creates the gitfed-system Namespace when there is no inventory yet.
 * Returns what the cluster holds afterwards.
 */
export async function writeInventory(client: ClusterClient, next: Inventory, current: Inventory | null): Promise<Inventory | null> {
  // nothing owned and nothing recorded: a cluster that receives nothing gets no gitfed-system namespace
  if (sameInventory(current, next) || (current === null && next.keys.length === 0)) return current;
  if (current === null && (await client.get(NAMESPACE_REF)) === null) {
    await client.apply(namespaceObject(), { dryRun: false, force: true });
  }
  await client.apply(toConfigMap(next), { dryRun: false, force: true });
  return next;
}

function namespaceObject(): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: INVENTORY_NAMESPACE, labels: { [MANAGED_BY_LABEL]: FIELD_MANAGER } } };
}
