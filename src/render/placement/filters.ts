import { compareStrings } from '../../kube/compare-strings.js';
import type { Cluster } from '../../model/cluster.js';
import type { ClusterAffinity, Placement } from '../../model/policy.js';
import { clusterMatches } from '../selectors/cluster-affinity.js';
import { evictingTaint, findUntoleratedTaint, taintToString } from './tolerations.js';

/** FilterContext is what the filter plugins look at for one scheduling attempt. */
export interface FilterContext {
  /** the template's apiVersion and kind, for APIEnablement */
  apiVersion: string;
  kind: string;
  placement: Placement;
  /** clusterAffinity, or the clusterAffinities term being tried; undefined = every cluster */
  affinity?: ClusterAffinity;
  /** the term's overflowAffinities; empty unless the binding is a workload */
  overflow: readonly ClusterAffinity[];
  /** the moment of the render (ms): tolerationSeconds of health taints count up to it; undefined without health */
  now?: number;
  /** clusters this template is being evicted from (application failover's graceful-eviction tasks) */
  evicted?: ReadonlySet<string>;
}

/** FilterResult is a plugin verdict; reasons use Karmada's wording so FitError histograms read the same. */
export type FilterResult = { ok: true } | { ok: false; reason: string };

/** FilterPlugin is one named filter. */
export interface FilterPlugin {
  name: string;
  filter: (ctx: FilterContext, cluster: Cluster) => FilterResult;
}

const PASS: FilterResult = { ok: true };

/**
 * apiEnablement is the APIEnablement plugin. Product decision: a Cluster whose `apiEnablements` is undefined
 * (the repository does not say what it serves) passes; when it is listed, Karmada's rule applies and the
 * template's groupVersion AND kind must both appear.
 */
function apiEnablement(ctx: FilterContext, cluster: Cluster): FilterResult {
  if (cluster.apiEnablements === undefined) return PASS;
  const enabled = cluster.apiEnablements.some(
    (e) => e.groupVersion === ctx.apiVersion && e.resources.some((r) => r.kind === ctx.kind),
  );
  return enabled ? PASS : { ok: false, reason: 'cluster(s) did not have the API resource' };
}

/**
 * taintToleration is the TaintToleration plugin and, for health taints, Karmada's taint manager. The
 * repository's `spec.taints`: NoSchedule and NoExecute must be tolerated, PreferNoSchedule is ignored. Taints
 * derived from health: only NoExecute ones count, through evictingTaint (tolerationSeconds from timeAdded).
 * Their NoSchedule taints only stop *new* scheduling, and a cluster already in a binding's result passes the
 * filter (§4.2); a stateless render cannot tell a new binding from an old one, so it treats every binding as
 * already scheduled and lets NoSchedule health taints pass (karmada-semantics §4.9: history-dependent).
 */
function taintToleration(ctx: FilterContext, cluster: Cluster): FilterResult {
  const tolerations = ctx.placement.clusterTolerations ?? [];
  const taint = findUntoleratedTaint(cluster.taints, tolerations);
  if (taint) return { ok: false, reason: `cluster(s) had untolerated taint {${taintToString(taint)}}` };
  const eviction = evictingTaint(cluster.healthTaints ?? [], tolerations, ctx.now);
  if (!eviction) return PASS;
  const shown = taintToString(eviction.taint);
  return { ok: false, reason: eviction.expired ? `cluster(s) had taint {${shown}} whose toleration expired` : `cluster(s) had untolerated taint {${shown}}` };
}

/** clusterAffinity is the ClusterAffinity plugin: the current affinity, or one of its overflow tiers, must match. */
function clusterAffinity(ctx: FilterContext, cluster: Cluster): FilterResult {
  if (!ctx.affinity) return PASS;
  if (clusterMatches(cluster, ctx.affinity) || ctx.overflow.some((a) => clusterMatches(cluster, a))) return PASS;
  return { ok: false, reason: 'cluster(s) did not match the placement cluster affinity constraint' };
}

/**
 * spreadConstraintField is the SpreadConstraint plugin: grouping by provider/region/zone needs the field set.
 * Zone looks at the `zones` list only (the singular `zone` is never used).
 */
function spreadConstraintField(ctx: FilterContext, cluster: Cluster): FilterResult {
  for (const sc of ctx.placement.spreadConstraints ?? []) {
    if (sc.spreadByField === 'provider' && !cluster.provider) return missing('provider');
    if (sc.spreadByField === 'region' && !cluster.region) return missing('region');
    if (sc.spreadByField === 'zone' && cluster.zones.length === 0) return missing('zone');
  }
  return PASS;
}

function missing(field: string): FilterResult {
  return { ok: false, reason: `cluster(s) didn't have ${field} property` };
}

/** clusterEviction is the ClusterEviction plugin: a cluster this template is being evicted from is not a candidate. */
function clusterEviction(ctx: FilterContext, cluster: Cluster): FilterResult {
  return ctx.evicted?.has(cluster.name) ? { ok: false, reason: 'cluster(s) is in the process of eviction' } : PASS;
}

/**
 * filterPlugins lists the filters in Karmada's registry declaration order. Karmada builds the list from a Go
 * map, so which reason a cluster failing several filters reports is random there; this order makes it stable.
 * ClusterEviction acts on the clusters application failover evicted this template from (its eviction tasks).
 */
export const filterPlugins: readonly FilterPlugin[] = [
  { name: 'APIEnablement', filter: apiEnablement },
  { name: 'TaintToleration', filter: taintToleration },
  { name: 'ClusterAffinity', filter: clusterAffinity },
  { name: 'SpreadConstraint', filter: spreadConstraintField },
  { name: 'ClusterEviction', filter: clusterEviction },
];

/** runFilters runs every plugin and stops at the first failure, as RunFilterPlugins does. */
export function runFilters(ctx: FilterContext, cluster: Cluster): FilterResult {
  for (const plugin of filterPlugins) {
    const result = plugin.filter(ctx, cluster);
    if (!result.ok) return result;
  }
  return PASS;
}

/** FitOutcome is the feasible clusters plus, for the others, why they were rejected. */
export interface FitOutcome {
  feasible: Cluster[];
  /** cluster name → reason; deleting clusters appear in neither list */
  rejected: Map<string, string>;
}

/** findClustersThatFit skips deleting clusters (findClustersThatFit) and runs the filters on the rest. */
export function findClustersThatFit(ctx: FilterContext, clusters: readonly Cluster[]): FitOutcome {
  const feasible: Cluster[] = [];
  const rejected = new Map<string, string>();
  for (const cluster of clusters) {
    if (cluster.deleting) continue;
    const result = runFilters(ctx, cluster);
    if (result.ok) feasible.push(cluster);
    else rejected.set(cluster.name, result.reason);
  }
  return { feasible, rejected };
}

/**
 * fitErrorMessage is FitError.Error(): "0/N clusters are available: <histogram>." where N counts every
 * cluster (deleting ones too) and the histogram entries "<count> <reason>" are sorted as plain strings.
 */
export function fitErrorMessage(numAllClusters: number, rejected: ReadonlyMap<string, string>): string {
  if (numAllClusters === 0 || rejected.size === 0) {
    return `0/${numAllClusters} clusters are available: no cluster exists.`;
  }
  const counts = new Map<string, number>();
  for (const reason of rejected.values()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const entries = [...counts].map(([reason, n]) => `${n} ${reason}`);
  entries.sort(compareStrings);
  return `0/${numAllClusters} clusters are available: ${entries.join(', ')}.`;
}
