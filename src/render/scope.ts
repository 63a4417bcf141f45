import type { KubeObject } from '../model/kube.js';

/** CLUSTER_SCOPED_KINDS lists built-in kinds that have no namespace (by group and kind). */
const CLUSTER_SCOPED_KINDS = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'policy/PodSecurityPolicy',
  'cluster.karmada.io/Cluster', 'policy.karmada.io/ClusterPropagationPolicy', 'policy.karmada.io/ClusterOverridePolicy',
  'core.kubefed.io/KubeFedCluster',
]);

/** groupOf returns the API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> ``). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** ScopeResolver tells whether a kind is namespaced, from built-ins and the repository's own CRDs. */
export interface ScopeResolver {
  isClusterScoped(apiVersion: string, kind: string): boolean;
}

/** scopeResolver builds a resolver that also knows the cluster-scoped kinds defined by CRDs among the objects. */
export function scopeResolver(objects: readonly KubeObject[]): ScopeResolver {
  const custom = new Set<string>();
  for (const obj of objects) {
    if (obj.kind !== 'CustomResourceDefinition' || groupOf(obj.apiVersion) !== 'apiextensions.k8s.io') continue;
    const spec = obj.spec as { scope?: string; group?: string; names?: { kind?: string } } | undefined;
    if (spec?.scope === 'Cluster' && spec.names?.kind) custom.add(`${spec.group ?? ''}/${spec.names.kind}`);
  }
  return {
    isClusterScoped: (apiVersion, kind) => {
      const id = `${groupOf(apiVersion)}/${kind}`;
      return CLUSTER_SCOPED_KINDS.has(id) || custom.has(id);
    },
  };
}
