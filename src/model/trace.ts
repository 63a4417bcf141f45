/**
 * The placement trace: why render put a template where it did. Recorded only when render is asked to
 * (`trace: true`); `gitfed explain` prints it and `gitfed plan` draws its one-line reasons from it.
 */
import type { JsonValue, SourceRef } from './kube.js';

/**
 * TraceStep names where a cluster's fate was decided: a filter plugin (Karmada's names), a later scheduling step,
 * or, for KubeFed and Federation v1, their own placement.
 */
export type TraceStep =
  | 'Deleting'
  | 'APIEnablement'
  | 'TaintToleration'
  | 'ClusterAffinity'
  | 'SpreadConstraint'
  | 'ClusterEviction'
  | 'SpreadSelection'
  | 'Assignment'
  | 'Unschedulable'
  | 'Suspended'
  | 'Unclaimed'
  | 'Conflict'
  | 'OverrideFailed'
  | 'Placement'
  | 'NotReady'
  | 'Scheduled'
  | 'Dependency'
  | 'NamespaceSync';

/** ClusterVerdict is one cluster's fate for one template: kept (with its numbers) or rejected, and by what. */
export interface ClusterVerdict {
  cluster: string;
  kept: boolean;
  step: TraceStep;
  /** one line that reads after "kept:" or "rejected by", e.g. `taint dedicated=gpu:NoSchedule (not tolerated by PropagationPolicy/default/web)` */
  reason: string;
  /** the taint that rejected the cluster, `key=value:effect` */
  taint?: string;
  /** overflow tier: 0 the term's own affinity, i the overflowAffinities[i-1] */
  tier?: number;
  /** the estimate the scheduler used (capacity plus what the template held there), when it estimated */
  availableReplicas?: number;
  /** the replicas the cluster receives, when it is kept and the template is a workload */
  replicas?: number;
}

/** ClaimRival is a policy that selects the template too but lost, and why. */
export interface ClaimRival {
  policy: string;
  /** e.g. `priority 0 < 10`, `label selector loses to an explicit name`, `name "web" sorts after "api"` */
  lostBecause: string;
}

/** ClaimTrace is which policy claimed the template and why the others did not. */
export interface ClaimTrace {
  /** undefined: nothing claims it */
  policy?: string;
  reason: string;
  rivals: ClaimRival[];
}

/** AttemptTrace is one scheduling attempt: the placement, or one `clusterAffinities` term tried in order. */
export interface AttemptTrace {
  index: number;
  /** the term's affinityName; absent for a plain clusterAffinity */
  term?: string;
  ok: boolean;
  /** why the attempt failed (Karmada's message) */
  reason?: string;
}

/** ReplicaShare is one cluster's part of the replica arithmetic. */
export interface ReplicaShare {
  cluster: string;
  /** the weight Webster divides by (static weight, available replicas, or held replicas in Steady mode) */
  weight?: number;
  availableReplicas?: number;
  tier?: number;
  /** the exact proportional share before rounding */
  exact?: number;
  replicas: number;
  /** got one replica more than its whole share (the rounding remainder) */
  remainder?: boolean;
}

/** ReplicaTrace is how the replicas were divided. */
export interface ReplicaTrace {
  strategy: 'Duplicated' | 'StaticWeight' | 'DynamicWeight' | 'Aggregated';
  total: number;
  /** steady: the previous placement was kept or scaled (Karmada's Steady mode); fresh: divided anew */
  mode: 'fresh' | 'steady';
  shares: ReplicaShare[];
  /** the clusters that got a remainder replica, in the order Webster handed them out */
  remainderOrder: string[];
  /** one line on how the division works, e.g. `Webster by static weight; ties: fewer replicas, then name` */
  rule: string;
}

/** OverrideChange is one field an override rule changed on one cluster, with the value before it. */
export interface OverrideChange {
  cluster: string;
  /** JSON pointer of the field */
  path: string;
  /** `ClusterOverridePolicy/<name>` or `OverridePolicy/<namespace>/<name>` */
  policy: string;
  /** index of the rule in the policy's overrideRules */
  rule: number;
  /** imageOverrider, labelsOverrider, plaintext, ... */
  overrider: string;
  source?: SourceRef;
  /** absent: the field did not exist; a Secret's data values are masked */
  before?: JsonValue;
  /** absent: the rule removed the field */
  after?: JsonValue;
}

/** TemplateTrace is everything render knows about why one template went where it did. */
export interface TemplateTrace {
  resource: string;
  /** who owns the placement: a Karmada policy, KubeFed object or Federation v1 annotation */
  claim: ClaimTrace;
  attempts: AttemptTrace[];
  /** one verdict per Cluster of the repository, sorted by name */
  clusters: ClusterVerdict[];
  replicas?: ReplicaTrace;
  overrides: OverrideChange[];
}

/** PlacementTrace is the trace of every template of one render, by object key. */
export interface PlacementTrace {
  templates: Record<string, TemplateTrace>;
}
