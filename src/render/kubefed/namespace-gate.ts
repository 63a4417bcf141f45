/** FederatedNamespace gating (`ComputeNamespacedPlacement`, `sync/accessor.go`): namespaced resources follow their namespace. */
import type { Diagnostic } from '../../model/diagnostic.js';
import type { FederatedObject, FederatedTypeConfig } from '../../model/kubefed.js';
import { KUBEFED_NAMESPACE } from './cluster.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'default', KUBEFED_NAMESPACE]);

/** isSystemNamespace: KubeFed never propagates these Namespace objects, though their FederatedNamespace still gates placement. */
export function isSystemNamespace(name: string): boolean {
  return SYSTEM_NAMESPACES.has(name);
}

/** isFederatedNamespace tells whether a federated object is of the namespaces FTC's federated type. */
export function isFederatedNamespace(fed: FederatedObject, namespacesFtc: FederatedTypeConfig | undefined): boolean {
  if (!namespacesFtc) return fed.kind === 'FederatedNamespace';
  const t = namespacesFtc.federatedType;
  return fed.kind === t.kind && fed.apiVersion === `${t.group}/${t.version}`;
}

/**
 * federatedNamespaces indexes FederatedNamespaces by namespace. One named unlike its own namespace is ignored
 * (KubeFed records `InvalidName`): it neither propagates nor gates anything.
 */
export function federatedNamespaces(
  objects: readonly FederatedObject[], namespacesFtc: FederatedTypeConfig | undefined, diagnostics: Diagnostic[],
): Map<string, FederatedObject> {
  const out = new Map<string, FederatedObject>();
  for (const fed of objects) {
    if (!isFederatedNamespace(fed, namespacesFtc)) continue;
    if (fed.name !== fed.namespace) {
      diagnostics.push({ severity: 'warning', ...fed.source, message: `${fed.kind} ${fed.namespace}/${fed.name} must be named like its namespace (${fed.namespace}); KubeFed ignores it` });
      continue;
    }
    if (!out.has(fed.namespace)) out.set(fed.namespace, fed);
  }
  return out;
}
