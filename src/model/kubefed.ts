/** KubeFed (Federation v2) inputs, normalised by the loader; semantics in ../shared/reference/kubefed-semantics.md. */
import type { JsonObject, JsonValue, SourceRef } from './kube.js';

/** TypeScope is the scope of a target or federated type. */
export type TypeScope = 'Namespaced' | 'Cluster';

/** APIType names one API type of a FederatedTypeConfig (`targetType` or `federatedType`). */
export interface APIType {
  group: string;
  version: string;
  kind: string;
  pluralName: string;
  scope: TypeScope;
}

/** FederatedTypeConfig says that a target type is federated and whether propagation is on. */
export interface FederatedTypeConfig {
  name: string;
  targetType: APIType;
  federatedType: APIType;
  /** only the exact string `Enabled` turns propagation on */
  propagationEnabled: boolean;
  source: SourceRef;
}

/** OverrideOp is a KubeFed clusterOverrides op; an empty op means replace. */
export type OverrideOp = 'add' | 'remove' | 'replace' | '';

/** ClusterOverride is one `clusterOverrides` entry; `value` is absent when null or omitted. */
export interface ClusterOverride {
  op: OverrideOp;
  path: string;
  value?: JsonValue;
}

/** OverrideItem is one `spec.overrides` entry. */
export interface OverrideItem {
  clusterName: string;
  clusterOverrides: ClusterOverride[];
}

/** ClusterSelector is a metav1.LabelSelector as written; operators are checked when placement is computed, as KubeFed does. */
export interface ClusterSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** FederatedPlacement is `spec.placement`: clusters undefined means absent or null (not empty). */
export interface FederatedPlacement {
  clusters?: string[];
  clusterSelector?: ClusterSelector;
}

/** FederatedObject is one `Federated<Kind>` resource. */
export interface FederatedObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** empty for cluster-scoped federated types */
  namespace: string;
  template: JsonObject;
  placement: FederatedPlacement;
  overrides: OverrideItem[];
  source: SourceRef;
}

/** ClusterPreferences is one RSP (or Federation v1) per-cluster preference; maxReplicas undefined is unbounded. */
export interface ClusterPreferences {
  minReplicas: number;
  maxReplicas?: number;
  weight: number;
}

/** ReplicaSchedulingPreference is `scheduling.kubefed.io/v1alpha1` RSP. */
export interface ReplicaSchedulingPreference {
  name: string;
  namespace: string;
  targetKind: string;
  totalReplicas: number;
  rebalance: boolean;
  intersectWithClusterSelector: boolean;
  /** undefined when absent; `{}` when empty (both mean `"*": {weight: 1}`) */
  clusters?: Record<string, ClusterPreferences>;
  source: SourceRef;
}

/** KubeFedObjects is everything KubeFed-specific one snapshot declares. */
export interface KubeFedObjects {
  typeConfigs: FederatedTypeConfig[];
  federated: FederatedObject[];
  rsps: ReplicaSchedulingPreference[];
}
