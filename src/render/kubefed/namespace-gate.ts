/** FederatedNamespace gating (`ComputeNamespacedPlacement`, `sync/accessor.go`): namespaced resources follow their namespace. */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { FederatedObject } from '../../model/kubefed.js';
import { KUBEFED_NAMESPACE } from './cluster.js';
import { federatedId } from './federated.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'default', KUBEFED_NAMESPACE]);

/** isSystemNamespace: KubeFed never propagates these Namespace objects, though their FederatedNamespace still gates placement. */
export function isSystemNamespace(name: string): boolean {
  return SYSTEM_NAMESPACES.has(name);
}

/**
 * federatedNamespaces indexes the objects of the namespaces FTC's federated type by namespace. One named unlike
 * its own namespace is ignored (KubeFed records `InvalidName`): it neither propagates nor gates anything.
 */
export function federatedNamespaces(objects: readonly FederatedObject[], diagnostics: Diagnostic[]): Map<string, FederatedObject> {
  const out = new Map<string, FederatedObject>();
  for (const fed of objects) {
    if (fed.name !== fed.namespace) {
      const message = `${federatedId(fed)} must be named like its namespace (${fed.namespace}); KubeFed ignores it (InvalidName)`;
      diagnostics.push({ severity: 'warning', ...fed.source, message });
    } else if (!out.has(fed.namespace)) out.set(fed.namespace, fed);
  }
  return out;
}
