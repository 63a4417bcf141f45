import type { Diagnostic } from './diagnostic.js';
import type { KubeObject } from './kube.js';
import type { ApplicationFailover, ClusterFailover } from './policy.js';
import type { PlacementTrace } from './trace.js';

/** TargetCluster is one cluster a template is bound to; replicas is absent for non-workloads. */
export interface TargetCluster {
  name: string;
  replicas?: number;
}

/** Binding records which policy placed a template where. */
export interface Binding {
  resource: string;
  policy: string;
  clusters: TargetCluster[];
  /** why nothing was placed, when clusters is empty */
  reason?: string;
  /** the clusterAffinities term that placed it, when the policy has ordered fallback groups */
  affinityName?: string;
  /** templates whose propagateDeps pulled this one to their clusters */
  requiredBy?: string[];
  /** clusters whose dispatching the policy suspends: they receive nothing from this binding */
  suspended?: string[];
  /**
   * selected clusters whose KubeFedCluster status is not Ready: KubeFed neither creates, updates nor deletes
   * there, so they receive nothing and keep what they hold
   */
  notReady?: string[];
  /**
   * selected clusters where a KubeFed override failed: they are not in `clusters` (nothing is rendered there) and
   * keep what they hold, as KubeFed neither updates nor deletes it
   */
  overrideFailed?: string[];
  /** the policy's `spec.failover.cluster`, when it has one: how the reconciler moves this template's replicas */
  failover?: ClusterFailover;
  /** the policy's `spec.failover.application`, when it has one: when the reconciler evicts an unhealthy copy */
  applicationFailover?: ApplicationFailover;
  /** clusters application failover evicted this template from: not candidates while their eviction lasts */
  evicted?: string[];
}

/** Plan is the pure result of render: per cluster, the exact objects it must hold. */
export interface Plan {
  revision: string | null;
  clusters: Record<string, KubeObject[]>;
  bindings: Binding[];
  diagnostics: Diagnostic[];
  /** why each template went where it did; only when render was asked for it (`trace: true`) */
  trace?: PlacementTrace;
}
