import type { LabelSelector, SourceRef } from './kube.js';
import type { Toleration } from './cluster.js';

/** ResourceSelector picks templates by apiVersion/kind and optionally namespace, name or labels. */
export interface ResourceSelector {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  labelSelector?: LabelSelector;
}

/** FieldSelectorRequirement matches a cluster's provider, region or zone. */
export interface FieldSelectorRequirement {
  key: 'provider' | 'region' | 'zone';
  operator: 'In' | 'NotIn';
  values?: string[];
}

/** ClusterAffinity selects clusters; every set part must hold and `exclude` wins. */
export interface ClusterAffinity {
  labelSelector?: LabelSelector;
  fieldSelector?: { matchExpressions?: FieldSelectorRequirement[] };
  clusterNames?: string[];
  exclude?: string[];
}

/** ClusterAffinityTerm is one ordered fallback group of `clusterAffinities`. */
export interface ClusterAffinityTerm extends ClusterAffinity {
  affinityName: string;
  overflowAffinities?: ClusterAffinity[];
}

/** SpreadField is a cluster field that spread constraints group by. */
export type SpreadField = 'cluster' | 'region' | 'zone' | 'provider';

/** SpreadConstraint limits how many groups are selected; defaults already applied at load. */
export interface SpreadConstraint {
  spreadByField?: SpreadField;
  spreadByLabel?: string;
  /** not defaulted: 0 means unset */
  maxGroups: number;
  minGroups: number;
}

/** StaticClusterWeight gives clusters matched by targetCluster a weight. */
export interface StaticClusterWeight {
  targetCluster: ClusterAffinity;
  weight: number;
}

/** ClusterPreferences is `weightPreference`. */
export interface ClusterPreferences {
  staticWeightList?: StaticClusterWeight[];
  dynamicWeight?: 'AvailableReplicas' | '';
}

/** ReplicaSchedulingStrategy with Karmada's CRD and webhook defaults applied at load. */
export interface ReplicaSchedulingStrategy {
  replicaSchedulingType: 'Duplicated' | 'Divided';
  replicaDivisionPreference?: 'Aggregated' | 'Weighted';
  weightPreference?: ClusterPreferences;
}

/** Placement says where a template goes. */
export interface Placement {
  clusterAffinity?: ClusterAffinity;
  clusterAffinities?: ClusterAffinityTerm[];
  clusterTolerations?: Toleration[];
  spreadConstraints?: SpreadConstraint[];
  /** absent means Duplicated */
  replicaScheduling?: ReplicaSchedulingStrategy;
}

/** PolicyKind names a Karmada propagation policy kind. */
export type PropagationPolicyKind = 'PropagationPolicy' | 'ClusterPropagationPolicy';

/** PropagationPolicy is a PropagationPolicy or ClusterPropagationPolicy with defaults applied. */
export interface PropagationPolicy {
  kind: PropagationPolicyKind;
  name: string;
  /** set for PropagationPolicy only */
  namespace?: string;
  priority: number;
  resourceSelectors: ResourceSelector[];
  placement: Placement;
  propagateDeps: boolean;
  schedulerName: string;
  conflictResolution: 'Abort' | 'Overwrite';
  /** clusters whose dispatching is suspended: 'all' or a list of names */
  suspendDispatching?: 'all' | string[];
  /** `spec.failover` (cluster, else application): how a copy on a cluster the template leaves is purged; absent = Karmada's default */
  clusterFailover?: ClusterFailover;
  /** `spec.failover.application`: a workload that stays unhealthy on a Ready cluster leaves that cluster */
  applicationFailover?: ApplicationFailover;
  source: SourceRef;
}

/**
 * ApplicationFailover is `spec.failover.application` (karmada-semantics §8a): a workload unhealthy on a Ready
 * cluster for tolerationSeconds is evicted from that cluster, for this template only, with its own purge mode.
 */
export interface ApplicationFailover extends ClusterFailover {
  /** `decisionConditions.tolerationSeconds`, default 300 */
  tolerationSeconds: number;
}

/** PurgeMode is Karmada's purge mode, with the deprecated spellings (Immediately = Directly, Graciously = Gracefully). */
export type PurgeMode = 'Directly' | 'Immediately' | 'Gracefully' | 'Graciously' | 'Never';

/** PURGE_MODES are the values `purgeMode` accepts. */
export const PURGE_MODES: readonly PurgeMode[] = ['Directly', 'Immediately', 'Gracefully', 'Graciously', 'Never'];

/** ClusterFailover is how a policy's copies move off a cluster (karmada-semantics §8a). */
export interface ClusterFailover {
  /** `failover.cluster.purgeMode`, else `failover.application.purgeMode` (the only one that may say Never) */
  purgeMode: PurgeMode;
  /** `failover.application.gracePeriodSeconds`; absent = the 10 min graceful-eviction timeout */
  gracePeriodSeconds?: number;
}

/** ImageComponent is the part of an image reference that an imageOverrider changes. */
export type ImageComponent = 'Registry' | 'Repository' | 'Tag';

/** OverriderOperator is add, remove or replace. */
export type OverriderOperator = 'add' | 'remove' | 'replace';

/** ImageOverrider changes one component of container images (or of the field at predicate.path). */
export interface ImageOverrider {
  predicate?: { path: string };
  component: ImageComponent;
  operator: OverriderOperator;
  value?: string;
}

/** CommandArgsOverrider changes the command or args of containers named containerName. */
export interface CommandArgsOverrider {
  containerName: string;
  operator: OverriderOperator;
  value?: string[];
}

/** LabelAnnotationOverrider changes metadata.labels or metadata.annotations. */
export interface LabelAnnotationOverrider {
  operator: OverriderOperator;
  value?: Record<string, string>;
}

/** YAMLJSONPatchOperation is one patch op of a fieldOverrider. */
export interface SubPatchOperation {
  subPath: string;
  operator: OverriderOperator;
  value?: unknown;
}

/** FieldOverrider patches a YAML or JSON document held in a string field. */
export interface FieldOverrider {
  fieldPath: string;
  json?: SubPatchOperation[];
  yaml?: SubPatchOperation[];
}

/** PlaintextOverrider is one raw JSON-patch operation. */
export interface PlaintextOverrider {
  path: string;
  operator: OverriderOperator;
  value?: unknown;
}

/** Overriders holds every overrider kind; they apply in the fixed order image, command, args, labels, annotations, field, plaintext. */
export interface Overriders {
  imageOverrider?: ImageOverrider[];
  commandOverrider?: CommandArgsOverrider[];
  argsOverrider?: CommandArgsOverrider[];
  labelsOverrider?: LabelAnnotationOverrider[];
  annotationsOverrider?: LabelAnnotationOverrider[];
  fieldOverrider?: FieldOverrider[];
  plaintext?: PlaintextOverrider[];
}

/** OverrideRule applies overriders to clusters matched by targetCluster (nil: every cluster). */
export interface OverrideRule {
  targetCluster?: ClusterAffinity;
  overriders: Overriders;
  /** where the rule is written, for diagnostics */
  source?: SourceRef;
}

/** OverridePolicyKind names a Karmada override policy kind. */
export type OverridePolicyKind = 'OverridePolicy' | 'ClusterOverridePolicy';

/** OverridePolicy is an OverridePolicy or ClusterOverridePolicy; the deprecated top-level form is folded into overrideRules at load. */
export interface OverridePolicy {
  kind: OverridePolicyKind;
  name: string;
  namespace?: string;
  /** empty: matches every resource the policy can see */
  resourceSelectors: ResourceSelector[];
  overrideRules: OverrideRule[];
  source: SourceRef;
}
