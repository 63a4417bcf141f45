/**
 * The taints a member carries from its health: Karmada's automatic NoSchedule taints, gitfed's built-in NoExecute
 * policy or the repository's ClusterTaintPolicy objects (karmada-semantics §8a). Pure: the conditions, the time
 * and what the policies left at the previous derivation are inputs.
 */
import { conditionTime, type ClusterCondition } from '../../model/cluster-health.js';
import { BUILT_IN_POLICY_RULES, DEFAULT_TAINT_RULES, deriveTaints, type DerivedTaint } from '../../model/cluster-taints.js';
import type { Cluster, Taint } from '../../model/cluster.js';
import type { ClusterTaintPolicy, MatchCondition } from '../../model/cluster-taint-policy.js';
import type { RepoConfig } from '../../model/repo-config.js';
import { compareStrings } from '../../kube/compare-strings.js';
import { clusterMatches } from '../selectors/cluster-affinity.js';

/** HealthInput is what the prober knows, handed to a render. */
export interface HealthInput {
  /** each member's Ready condition; a member not probed yet is absent */
  conditions: ReadonlyMap<string, ClusterCondition>;
  /**
   * the taints ClusterTaintPolicy objects left on each member at the previous derivation: Karmada never removes
   * a taint because its policy was deleted or the cluster stopped matching, so the running reconciler keeps them
   */
  previous?: ReadonlyMap<string, readonly DerivedTaint[]>;
  /**
   * NoExecute taints a member keeps although its condition no longer gives them: it was evicted and is Ready
   * again, but not yet for the hold-down time (decided where health is tracked), so it still counts as tainted;
   * they come first, so their timeAdded wins over a taint the condition gives again after a flap
   */
  heldDown?: ReadonlyMap<string, readonly DerivedTaint[]>;
  /** ms since the epoch */
  now: number;
}

/** ClusterTaints are one member's derived taints. */
export interface ClusterTaints {
  /** every derived taint, for render and display */
  all: DerivedTaint[];
  /** the part the repository's ClusterTaintPolicy objects are responsible for: the memory for the next derivation */
  fromPolicies: DerivedTaint[];
}

/** builtInPolicyOn: gitfed's default NoExecute policy applies to a repository without its own ClusterTaintPolicy, unless turned off. */
export function builtInPolicyOn(policies: readonly ClusterTaintPolicy[], config: RepoConfig): boolean {
  return policies.length === 0 && config.failover.defaultTaintPolicy;
}

/** deriveClusterTaints derives every member's taints; policies act in name order (their taints never share a key and effect in practice). */
export function deriveClusterTaints(clusters: readonly Cluster[], policies: readonly ClusterTaintPolicy[], config: RepoConfig, health: HealthInput): Map<string, ClusterTaints> {
  const rules = builtInPolicyOn(policies, config) ? BUILT_IN_POLICY_RULES : DEFAULT_TAINT_RULES;
  const ordered = [...policies].sort((a, b) => compareStrings(a.name, b.name));
  const out = new Map<string, ClusterTaints>();
  for (const cluster of clusters) {
    const condition = health.conditions.get(cluster.name);
    const fromPolicies = applyPolicies(cluster, condition, ordered, health.previous?.get(cluster.name) ?? [], health.now);
    const heldDown = health.heldDown?.get(cluster.name) ?? [];
    out.set(cluster.name, { all: unique([...heldDown, ...deriveTaints(condition, rules), ...fromPolicies]), fromPolicies });
  }
  return out;
}

/**
 * applyPolicies evaluates each policy targeting the cluster: its taints are added when every addOnCondition
 * holds, then removed when every removeOnCondition holds (an empty list never holds). A taint added now gets
 * now as timeAdded; one already there keeps its time. Without a condition nothing is evaluated.
 */
export function applyPolicies(cluster: Cluster, condition: ClusterCondition | undefined, policies: readonly ClusterTaintPolicy[], previous: readonly DerivedTaint[], now: number): DerivedTaint[] {
  let taints = [...previous];
  if (!condition) return taints;
  for (const policy of policies) {
    if (policy.targetClusters && !clusterMatches(cluster, policy.targetClusters)) continue;
    if (allHold(policy.addOnConditions, condition)) {
      for (const t of policy.taints) if (!taints.some((x) => sameTaint(x, t))) taints.push({ ...t, timeAdded: conditionTime(now) });
    }
    if (allHold(policy.removeOnConditions, condition)) taints = taints.filter((x) => !policy.taints.some((t) => sameTaint(x, t)));
  }
  return taints;
}

/**
 * allHold ANDs the match conditions. gitfed observes only the Ready condition: a condition type the member does
 * not have matches neither In nor NotIn, so a policy on another type never adds nor removes anything.
 */
export function allHold(matches: readonly MatchCondition[], condition: ClusterCondition): boolean {
  if (matches.length === 0) return false;
  return matches.every((m) => {
    if (m.conditionType !== condition.type) return false;
    const listed = m.statusValues.includes(condition.status);
    return m.operator === 'In' ? listed : !listed;
  });
}

/** sameTaint: Karmada tells taints apart by key and effect. */
function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

function unique(taints: DerivedTaint[]): DerivedTaint[] {
  return taints.filter((t, i) => taints.findIndex((x) => sameTaint(x, t)) === i);
}
