/** KubeFed placement (`pkg/controller/util/placement.go`): which member clusters a federated resource selects. */
import type { Cluster } from '../../model/cluster.js';
import type { ClusterSelector, FederatedPlacement } from '../../model/kubefed.js';
import { compareStrings } from '../../kube/compare-strings.js';
import { newRequirement, requirementsMatch, type Requirement, type SelectionOp } from '../selectors/requirement.js';

/** PlacementOutcome is the sorted selected cluster names, or why placement computation failed. */
export type PlacementOutcome = { ok: true; clusters: string[] } | { ok: false; reason: string };

const SELECTOR_OPS: Readonly<Record<string, SelectionOp>> = { In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' };

/** selectorRequirements converts a selector like metav1.LabelSelectorAsSelector; a string is the error. */
export function selectorRequirements(selector: ClusterSelector): Requirement[] | string {
  const out: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const r = newRequirement(key, 'Equals', [value]);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  for (const expr of selector.matchExpressions ?? []) {
    const op = Object.hasOwn(SELECTOR_OPS, expr.operator) ? SELECTOR_OPS[expr.operator] : undefined;
    if (!op) return `"${expr.operator}" is not a valid label selector operator`;
    const r = newRequirement(expr.key, op, expr.values ?? []);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  return out;
}

/**
 * selectedClusterNames: a non-null `clusters` list is the whole answer (empty selects nothing) unless
 * selectorOnly; otherwise the selector, where an absent one selects nothing and an empty one everything.
 */
export function selectedClusterNames(placement: FederatedPlacement, clusters: readonly Cluster[], selectorOnly: boolean): PlacementOutcome {
  if (!selectorOnly && placement.clusters !== undefined) return { ok: true, clusters: [...new Set(placement.clusters)] };
  if (placement.clusterSelector === undefined) return { ok: true, clusters: [] };
  const reqs = selectorRequirements(placement.clusterSelector);
  if (typeof reqs === 'string') return { ok: false, reason: `ComputePlacementFailed: ${reqs}` };
  return { ok: true, clusters: clusters.filter((c) => requirementsMatch(reqs, c.labels)).map((c) => c.name) };
}

/** computePlacement is the selection intersected with the known cluster names (unknown names are dropped), sorted. */
export function computePlacement(placement: FederatedPlacement, clusters: readonly Cluster[], selectorOnly = false): PlacementOutcome {
  const selected = selectedClusterNames(placement, clusters, selectorOnly);
  if (!selected.ok) return selected;
  const known = new Set(clusters.map((c) => c.name));
  return { ok: true, clusters: selected.clusters.filter((n) => known.has(n)).sort(compareStrings) };
}

/**
 * computeNamespacedPlacement is resource placement ∩ the FederatedNamespace's placement for a cluster-scoped
 * control plane: without a FederatedNamespace the resource goes nowhere.
 */
export function computeNamespacedPlacement(
  resource: FederatedPlacement, namespace: FederatedPlacement | undefined, clusters: readonly Cluster[], selectorOnly = false,
): PlacementOutcome {
  const own = computePlacement(resource, clusters, selectorOnly);
  if (!own.ok) return own;
  if (!namespace) return { ok: true, clusters: [] };
  const ns = computePlacement(namespace, clusters, selectorOnly);
  if (!ns.ok) return ns;
  const inNamespace = new Set(ns.clusters);
  return { ok: true, clusters: own.clusters.filter((n) => inNamespace.has(n)) };
}
