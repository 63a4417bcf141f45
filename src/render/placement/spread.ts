import type { Placement, SpreadConstraint, SpreadField } from '../../model/policy.js';
import type { Candidate } from '../replicas/assign.js';
import { IGNORE_CAPACITY, selectByCluster, type SelectResult } from './spread-cluster.js';
import { selectByRegion } from './spread-region.js';

/**
 * shouldIgnoreSpreadConstraints is Karmada's shouldIgnoreSpreadConstraint: static weighting (Divided +
 * Weighted with no weightPreference, or a non-empty staticWeightList and no dynamicWeight) ignores spread
 * constraints entirely. Note `weightPreference: {}` is StaticWeight for assignment yet does NOT ignore them.
 */
export function shouldIgnoreSpreadConstraints(placement: Placement): boolean {
  const rs = placement.replicaScheduling;
  if (!rs || rs.replicaSchedulingType !== 'Divided') return false;
  if ((rs.replicaDivisionPreference ?? 'Weighted') !== 'Weighted') return false;
  const wp = rs.weightPreference;
  return wp === undefined || ((wp.staticWeightList ?? []).length > 0 && !wp.dynamicWeight);
}

/** isDuplicated is true when replicaScheduling is absent or Duplicated (capacity is then not checked). */
export function isDuplicated(placement: Placement): boolean {
  const rs = placement.replicaScheduling;
  return rs === undefined || rs.replicaSchedulingType === 'Duplicated';
}

/**
 * selectBySpread is SelectBestClusters over candidates in §4.5 order. A region constraint selects by region,
 * else a cluster constraint by cluster; zone/provider constraints only filter (§4.2), and without a region or
 * cluster constraint selection fails. When one field is listed twice the last entry wins (Go map semantics).
 */
export function selectBySpread(placement: Placement, candidates: readonly Candidate[], replicas: number): SelectResult {
  const constraints = placement.spreadConstraints ?? [];
  if (constraints.length === 0 || shouldIgnoreSpreadConstraints(placement)) {
    return { ok: true, selected: [...candidates] };
  }
  const byField = new Map<SpreadField | undefined, SpreadConstraint>();
  for (const sc of constraints) byField.set(sc.spreadByField, sc);
  const duplicated = isDuplicated(placement);
  const region = byField.get('region');
  const cluster = byField.get('cluster');
  if (region) return selectByRegion(candidates, { region, cluster, duplicated, replicas });
  if (cluster) return selectByCluster(cluster, candidates, duplicated ? IGNORE_CAPACITY : replicas);
  return { ok: false, reason: 'just support cluster and region spread constraint' };
}
