import type { SourceRef } from './kube.js';

/** TaintEffect is a Kubernetes taint effect. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** Taint is a cluster taint (`spec.taints`). */
export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  /** when the taint was added (RFC 3339); tolerationSeconds count from here. Only derived taints carry it. */
  timeAdded?: string;
}

/** Toleration follows core/v1 Toleration semantics. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

/** ResourceList maps a resource name to a Kubernetes quantity. */
export type ResourceList = Record<string, string | number>;

/** ResourceSummary is `status.resourceSummary` of a Karmada Cluster. */
export interface ResourceSummary {
  allocatable?: ResourceList;
  allocating?: ResourceList;
  allocated?: ResourceList;
  allocatableModelings?: unknown[];
}

/** APIEnablement is one `status.apiEnablements` entry. */
export interface APIEnablement {
  groupVersion: string;
  resources: { name: string; kind: string }[];
}

/** SyncMode is Karmada's `spec.syncMode`: Push (the reconciler reaches the member) or Pull (an agent inside it does the work). */
export type SyncMode = 'Push' | 'Pull';

/** Cluster is a member cluster as declared in the repository, normalised. */
export interface Cluster {
  name: string;
  labels: Readonly<Record<string, string>>;
  /** empty string when absent, as Karmada treats it */
  provider: string;
  region: string;
  /** `spec.zones`; the deprecated singular `spec.zone` is never used */
  zones: readonly string[];
  taints: readonly Taint[];
  /**
   * taints derived from the member's health (the built-in rule, the default NoExecute rule, ClusterTaintPolicy
   * objects): inputs to a render, never read from or written to Git; undefined when render was given no health
   */
  healthTaints?: readonly Taint[];
  resourceSummary?: ResourceSummary;
  /** undefined when the repository does not say which APIs the cluster serves */
  apiEnablements?: readonly APIEnablement[];
  /** metadata.deletionTimestamp is set: the scheduler skips it */
  deleting: boolean;
  /**
   * false when the repository's KubeFedCluster carries a status without the condition `Ready: "True"`; undefined
   * (no status, or a Karmada Cluster) means ready. KubeFed and Federation v1 skip clusters not ready.
   */
  ready?: boolean;
  /** `spec.syncMode`; set only for Pull (absent reads as Push, as a repository rarely says it) */
  syncMode?: SyncMode;
  /** kubeconfig context to use, from annotation `gitfed.io/context` (default: the name) */
  context: string;
  source: SourceRef;
}

/** isPull: the member is driven by its own agent (`gitfed agent`) and is never contacted by the push reconciler. */
export function isPull(cluster: Pick<Cluster, 'syncMode'>): boolean {
  return cluster.syncMode === 'Pull';
}
