import type { Cluster } from './cluster.js';
import type { Diagnostic } from './diagnostic.js';
import type { KubeObject, SourceRef } from './kube.js';
import type { KubeFedObjects } from './kubefed.js';
import type { OverridePolicy, PropagationPolicy } from './policy.js';
import type { ClusterTaintPolicy } from './cluster-taint-policy.js';
import type { InterpreterCustomization } from './interpreter.js';

/** Template is a resource template found in the repository. */
export interface Template {
  /** `<apiVersion>/<kind>/<namespace>/<name>` */
  key: string;
  object: KubeObject;
  source: SourceRef;
}

/** Catalog is everything loaded from one snapshot, typed and validated. */
export interface Catalog {
  clusters: readonly Cluster[];
  templates: readonly Template[];
  propagationPolicies: readonly PropagationPolicy[];
  overridePolicies: readonly OverridePolicy[];
  /** KubeFed type configs, federated objects and RSPs; absent in catalogs built without the loader */
  kubefed?: KubeFedObjects;
  /** the repository's ResourceInterpreterCustomizations (they win over the built-in ones for their kind); absent: none */
  customizations?: readonly InterpreterCustomization[];
  /** ClusterTaintPolicy objects; absent in catalogs built without the loader */
  clusterTaintPolicies?: readonly ClusterTaintPolicy[];
  /** what failover needs besides the clusters' healthTaints; absent when render is given no health (it then ignores health) */
  failover?: FailoverInputs;
  /** the replicas each template held per cluster before this render (Karmada's previous spec.clusters); absent: a fresh schedule */
  previous?: PreviousPlacement;
  /** application failover's evictions: template key -> the clusters it is being evicted from (their eviction tasks) */
  appEvictions?: AppEvictions;
  diagnostics: readonly Diagnostic[];
}

/** AppEvictions are the clusters application failover evicted each template from, by template key. */
export type AppEvictions = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * PreviousPlacement is what the templates held before a render: template key -> cluster -> replicas. Karmada adds
 * a cluster's previously assigned replicas back to its available replicas (their pods already use that capacity).
 */
export type PreviousPlacement = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** FailoverInputs are the moment of the render and whether policies get the default NoExecute tolerations. */
export interface FailoverInputs {
  /** ms since the epoch: a toleration with tolerationSeconds has expired when timeAdded + seconds <= now */
  now: number;
  /** tolerationSeconds of the default tolerations; undefined: the default is off (or the repository has its own ClusterTaintPolicy) */
  defaultTolerationSeconds?: number;
}
