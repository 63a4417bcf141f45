/**
 * ClusterTaintPolicy (policy.karmada.io/v1alpha1, cluster-scoped): taints added to and removed from member
 * clusters from their conditions, as Karmada's taint policy controller does since v1.14. gitfed reads them from
 * the repository and evaluates them against the Ready condition its prober keeps (the only condition it has).
 */
import type { SourceRef } from './kube.js';
import type { Taint } from './cluster.js';
import type { ClusterAffinity } from './policy.js';

/** MatchCondition is one `{conditionType, operator, statusValues}` of addOnConditions / removeOnConditions. */
export interface MatchCondition {
  conditionType: string;
  operator: 'In' | 'NotIn';
  statusValues: string[];
}

/** ClusterTaintPolicy is one policy as read from the repository. */
export interface ClusterTaintPolicy {
  name: string;
  /** which clusters it acts on; undefined means every cluster */
  targetClusters?: ClusterAffinity;
  /** all must hold for the taints to be added; empty means the policy never adds */
  addOnConditions: MatchCondition[];
  /** all must hold for the taints to be removed; empty means the policy never removes */
  removeOnConditions: MatchCondition[];
  taints: Taint[];
  source: SourceRef;
}
