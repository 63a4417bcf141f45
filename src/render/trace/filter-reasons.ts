/**
 * Why a filter plugin rejected a cluster, in detail: the plugins themselves only give Karmada's histogram wording
 * ("cluster(s) had untolerated taint ..."); the trace names the taint, the affinity part or the field.
 */
import type { Cluster } from '../../model/cluster.js';
import type { LabelSelector } from '../../model/kube.js';
import type { ClusterAffinity, FieldSelectorRequirement } from '../../model/policy.js';
import type { ClusterVerdict, TraceStep } from '../../model/trace.js';
import { filterPlugins, type FilterContext } from '../placement/filters.js';
import { evictingTaint, findUntoleratedTaint, taintToString } from '../placement/tolerations.js';
import { clusterMatches } from '../selectors/cluster-affinity.js';
import { labelSelectorError, requirementMatches } from '../selectors/label-selector.js';

/** Where names the affinity being tried, as the user wrote it: `clusterAffinity` or `clusterAffinities[1] (backup)`. */
export type Where = string;

/** rejection explains the first filter plugin that rejects the cluster (the one runFilters stops at). */
export function rejection(ctx: FilterContext, cluster: Cluster, policy: string, where: Where): ClusterVerdict {
  const plugin = filterPlugins.find((p) => !p.filter(ctx, cluster).ok);
  const step = (plugin?.name ?? 'ClusterAffinity') as TraceStep;
  switch (step) {
    case 'APIEnablement':
      return verdict(cluster, step, `API enablement: ${ctx.apiVersion} ${ctx.kind} is not listed in the cluster's status.apiEnablements`);
    case 'TaintToleration':
      return taintVerdict(ctx, cluster, policy);
    case 'SpreadConstraint':
      return verdict(cluster, step, `spread constraint: spreadByField ${missingField(ctx, cluster)} needs it, and the cluster has no ${missingField(ctx, cluster)}`);
    case 'ClusterEviction':
      return verdict(cluster, step, 'application failover: the template stayed unhealthy here past failover.application.decisionConditions.tolerationSeconds');
    default:
      return verdict(cluster, 'ClusterAffinity', `cluster affinity: ${affinityMiss(cluster, ctx, where)}`);
  }
}

function verdict(cluster: Cluster, step: TraceStep, reason: string, taint?: string): ClusterVerdict {
  return { cluster: cluster.name, kept: false, step, reason, ...(taint ? { taint } : {}) };
}

/** taintVerdict names the taint: the repository's own first, then a health taint whose toleration ran out. */
function taintVerdict(ctx: FilterContext, cluster: Cluster, policy: string): ClusterVerdict {
  const tolerations = ctx.placement.clusterTolerations ?? [];
  const own = findUntoleratedTaint(cluster.taints, tolerations);
  if (own) return verdict(cluster, 'TaintToleration', `taint ${taintToString(own)} (not tolerated by ${policy})`, taintToString(own));
  const eviction = evictingTaint(cluster.healthTaints ?? [], tolerations, ctx.now);
  const shown = eviction ? taintToString(eviction.taint) : 'unknown';
  const why = eviction?.expired ? `the toleration of ${policy} ran out` : `derived from the cluster's health, not tolerated by ${policy}`;
  return verdict(cluster, 'TaintToleration', `taint ${shown} (${why})`, shown);
}

function missingField(ctx: FilterContext, cluster: Cluster): string {
  for (const sc of ctx.placement.spreadConstraints ?? []) {
    if (sc.spreadByField === 'provider' && !cluster.provider) return 'provider';
    if (sc.spreadByField === 'region' && !cluster.region) return 'region';
    if (sc.spreadByField === 'zone' && cluster.zones.length === 0) return 'zone';
  }
  return 'unknown';
}

/** affinityMiss says which part of the affinity the cluster fails, and that no overflow affinity takes it either. */
function affinityMiss(cluster: Cluster, ctx: FilterContext, where: Where): string {
  const detail = ctx.affinity ? affinityPartMiss(cluster, ctx.affinity, where) : `${where} does not match`;
  const n = ctx.overflow.length;
  return n === 0 ? detail : `${detail}, nor does any of its ${n} overflowAffinities match`;
}

/** affinityPartMiss names the first part of one ClusterAffinity the cluster fails, in clusterMatches' order. */
export function affinityPartMiss(cluster: Cluster, affinity: ClusterAffinity, where: Where): string {
  if (affinity.exclude?.includes(cluster.name)) return `${where}.exclude lists ${cluster.name}`;
  if (affinity.labelSelector) {
    const miss = labelMiss(affinity.labelSelector, cluster.labels);
    if (miss) return `${where}.labelSelector ${miss}`;
  }
  for (const req of affinity.fieldSelector?.matchExpressions ?? []) {
    if (!clusterMatches(cluster, { fieldSelector: { matchExpressions: [req] } })) return `${where}.fieldSelector ${fieldMiss(req, cluster)}`;
  }
  const names = affinity.clusterNames ?? [];
  if (names.length > 0 && !names.includes(cluster.name)) return `${where}.clusterNames [${names.join(', ')}] does not list ${cluster.name}`;
  return `${where} does not match`;
}

function has(labels: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(labels, key) ? `the cluster has ${key}=${labels[key]}` : `the cluster has no label ${key}`;
}

/** labelMiss names the first requirement of a selector the labels fail, or undefined when they match. */
function labelMiss(selector: LabelSelector, labels: Readonly<Record<string, string>>): string | undefined {
  const invalid = labelSelectorError(selector);
  if (invalid) return `is invalid (${invalid}) and matches nothing`;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return `${key}=${value} (${has(labels, key)})`;
  }
  for (const req of selector.matchExpressions ?? []) {
    if (!requirementMatches(req, labels)) return `${req.key} ${req.operator}${req.values?.length ? ` [${req.values.join(', ')}]` : ''} (${has(labels, req.key)})`;
  }
  return undefined;
}

function fieldMiss(req: FieldSelectorRequirement, cluster: Cluster): string {
  const values = `[${(req.values ?? []).join(', ')}]`;
  if (req.key === 'zone') return `zone ${req.operator} ${values} (the cluster's zones: ${cluster.zones.join(', ') || 'none'})`;
  const value = req.key === 'provider' ? cluster.provider : cluster.region;
  return `${req.key} ${req.operator} ${values} (${value ? `the cluster has ${req.key}=${value}` : `the cluster has no ${req.key}`})`;
}
