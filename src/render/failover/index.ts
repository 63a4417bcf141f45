import type { Catalog, FailoverInputs } from '../../model/catalog.js';
import type { DerivedTaint } from '../../model/cluster-taints.js';
import type { RepoConfig } from '../../model/repo-config.js';
import { builtInPolicyOn, deriveClusterTaints, type ClusterTaints, type HealthInput } from './derive-taints.js';
import { placementFor } from './default-tolerations.js';
import { evictingTaint, toleratesTaint } from '../placement/tolerations.js';

export { builtInPolicyOn, deriveClusterTaints, type ClusterTaints, type HealthInput } from './derive-taints.js';

/**
 * withHealth puts the derived taints on the catalog's clusters (`healthTaints`), their live readiness (`ready`, for
 * KubeFed and Federation v1) and the moment and default tolerations in `failover`, which is all render reads of health.
 */
export function withHealth(catalog: Catalog, config: RepoConfig, health: HealthInput): { catalog: Catalog; taints: Map<string, ClusterTaints> } {
  const policies = catalog.clusterTaintPolicies ?? [];
  const taints = deriveClusterTaints(catalog.clusters, policies, config, health);
  const clusters = catalog.clusters.map((c) => ({ ...c, healthTaints: taints.get(c.name)?.all ?? [], ...liveReadiness(health, c.name) }));
  const failover: FailoverInputs = { now: health.now };
  if (builtInPolicyOn(policies, config)) failover.defaultTolerationSeconds = config.failover.defaultTolerationSeconds;
  return { catalog: { ...catalog, clusters, failover }, taints };
}

/**
 * liveReadiness is what KubeFed and Federation v1 read of a probed member (kubefed-semantics §3): their controllers
 * write the Ready condition from the same probes, so a live condition replaces what the repository's status says.
 */
function liveReadiness(health: HealthInput, cluster: string): { ready?: boolean } {
  const condition = health.conditions.get(cluster);
  return condition ? { ready: condition.status === 'True' } : {};
}

/**
 * noExecuteTaints are a member's health taints that can take it out of placements. The running reconciler
 * leaves a member carrying one untouched (no apply, no prune): failover never deletes on a failed cluster.
 */
export function noExecuteTaints(taints: ClusterTaints | undefined): DerivedTaint[] {
  return (taints?.all ?? []).filter((t) => t.effect === 'NoExecute');
}

/**
 * nextEvictionAt is the earliest moment after `failover.now` at which a toleration with tolerationSeconds of a
 * NoExecute health taint runs out, for any PropagationPolicy: the render must run again then. Undefined: none.
 */
export function nextEvictionAt(catalog: Catalog): number | undefined {
  const now = catalog.failover?.now;
  if (now === undefined) return undefined;
  let next: number | undefined;
  for (const cluster of catalog.clusters) {
    for (const taint of (cluster.healthTaints ?? []).filter((t) => t.effect === 'NoExecute')) {
      const added = taint.timeAdded === undefined ? now : Date.parse(taint.timeAdded);
      for (const policy of catalog.propagationPolicies) {
        for (const tol of placementFor(policy.placement, catalog.failover).clusterTolerations ?? []) {
          if (tol.tolerationSeconds === undefined || !toleratesTaint(tol, taint)) continue;
          const at = added + Math.max(0, tol.tolerationSeconds) * 1000;
          if (at > now && (next === undefined || at < next)) next = at;
        }
      }
    }
  }
  return next;
}

/**
 * evictedClusters are the members some PropagationPolicy evicts at `failover.now`: a NoExecute health taint that
 * its tolerations do not tolerate, or tolerate no longer. Only these get a hold-down when they recover; a member
 * that recovers within its tolerations lost nothing.
 */
export function evictedClusters(catalog: Catalog): Set<string> {
  const now = catalog.failover?.now;
  const out = new Set<string>();
  if (now === undefined) return out;
  for (const cluster of catalog.clusters) {
    const taints = (cluster.healthTaints ?? []).filter((t) => t.effect === 'NoExecute');
    if (taints.length === 0) continue;
    const evicts = catalog.propagationPolicies.some((p) => evictingTaint(taints, placementFor(p.placement, catalog.failover).clusterTolerations ?? [], now));
    if (evicts) out.add(cluster.name);
  }
  return out;
}
