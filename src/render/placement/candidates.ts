import type { Cluster } from '../../model/cluster.js';
import type { ClusterAffinity } from '../../model/policy.js';
import { estimateAvailableReplicas, type Estimator } from '../replicas/estimator.js';
import type { Candidate } from '../replicas/assign.js';
import type { ReplicaRequirements } from '../replicas/requirements.js';
import { clusterMatches } from '../selectors/cluster-affinity.js';
import { compareStrings } from '../../kube/compare-strings.js';

/** MAX_INT32 is math.MaxInt32, Karmada's "unlimited" available replicas. */
export const MAX_INT32 = 2147483647;

/**
 * availableReplicas is calAvailableReplicas for one cluster: templates with 0 replicas are not estimated
 * (unlimited); an estimate still at MaxInt32 is clamped to the template replicas to avoid overflow, as Karmada
 * does. What the template held there before is added by buildCandidates, not here.
 */
export function availableReplicas(cluster: Cluster, replicas: number, req: ReplicaRequirements | undefined, estimator: Estimator = estimateAvailableReplicas): number {
  if (replicas === 0) return MAX_INT32;
  const estimate = estimator(cluster, req);
  return estimate >= MAX_INT32 ? replicas : estimate;
}

/** tierOf is the overflow tier: 0 for the term's own affinity, i+1 for the first matching overflowAffinities[i]. */
export function tierOf(cluster: Cluster, primary: ClusterAffinity | undefined, overflow: readonly ClusterAffinity[]): number {
  if (!primary || overflow.length === 0 || clusterMatches(cluster, primary)) return 0;
  const index = overflow.findIndex((a) => clusterMatches(cluster, a));
  // a feasible cluster matches the primary or an overflow affinity; treat anything else as primary
  return index < 0 ? 0 : index + 1;
}

/**
 * compareCandidates is the §4.5 order: tier ascending, score descending (always 0 in a fresh render, so
 * omitted), available replicas descending, name ascending.
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.availableReplicas !== b.availableReplicas) return b.availableReplicas - a.availableReplicas;
  return compareStrings(a.cluster.name, b.cluster.name);
}

/** CandidateInput is what buildCandidates needs besides the feasible clusters. */
export interface CandidateInput {
  replicas: number;
  requirements: ReplicaRequirements | undefined;
  primary?: ClusterAffinity;
  /** active overflow affinities (empty for non-workloads, which ignore tiers) */
  overflow: readonly ClusterAffinity[];
  /** estimateAvailableReplicas or a memo of it shared by one render */
  estimate?: Estimator;
  /** the replicas the template held per cluster before this render */
  previous?: ReadonlyMap<string, number>;
}

/**
 * buildCandidates estimates and tiers every feasible cluster and returns them in §4.5 order. A cluster's estimate
 * gets back the replicas the template already holds there (generateClustersInfo: AvailableReplicas += the
 * binding's AssignedReplicasForCluster): their pods are counted in its allocated capacity, and a workload must not
 * be pushed off a cluster by its own pods.
 */
export function buildCandidates(feasible: readonly Cluster[], input: CandidateInput): Candidate[] {
  return feasible
    .map((cluster) => ({
      cluster,
      availableReplicas: availableReplicas(cluster, input.replicas, input.requirements, input.estimate) + (input.previous?.get(cluster.name) ?? 0),
      tier: tierOf(cluster, input.primary, input.overflow),
    }))
    .sort(compareCandidates);
}
