import type { Cluster } from '../../model/cluster.js';
import type { ClusterAffinity, FieldSelectorRequirement } from '../../model/policy.js';
import { labelSelectorMatches, requirementMatches } from './label-selector.js';

/**
 * clusterMatches is Karmada's ClusterMatches: `exclude` wins; otherwise labelSelector, fieldSelector and
 * clusterNames must all hold. An empty affinity matches every cluster.
 */
export function clusterMatches(cluster: Cluster, affinity: ClusterAffinity): boolean {
  if (affinity.exclude?.includes(cluster.name)) return false;
  if (affinity.labelSelector && !labelSelectorMatches(affinity.labelSelector, cluster.labels)) return false;
  const fieldReqs = affinity.fieldSelector?.matchExpressions ?? [];
  if (!fieldReqs.every((req) => fieldRequirementMatches(cluster, req))) return false;
  const names = affinity.clusterNames ?? [];
  return names.length === 0 || names.includes(cluster.name);
}

/** clusterFields is the label-like set of provider/region that omits empty fields (so NotIn holds on absence). */
function clusterFields(cluster: Cluster): Record<string, string> {
  const fields: Record<string, string> = {};
  if (cluster.provider) fields.provider = cluster.provider;
  if (cluster.region) fields.region = cluster.region;
  return fields;
}

function fieldRequirementMatches(cluster: Cluster, req: FieldSelectorRequirement): boolean {
  if (req.key === 'zone') return zonesMatch(req, cluster.zones);
  if ((req.values ?? []).length === 0) return false; // NodeSelectorRequirementsAsSelector rejects In/NotIn without values
  return requirementMatches({ key: req.key, operator: req.operator, values: req.values }, clusterFields(cluster));
}

/**
 * zonesMatch follows Karmada's matchZones since v1.18: In needs at least one zone of the cluster listed (false
 * with no zones); NotIn needs none listed (true with no zones).
 */
function zonesMatch(req: FieldSelectorRequirement, zones: readonly string[]): boolean {
  const values = req.values ?? [];
  if (req.operator === 'In') return zones.some((z) => values.includes(z));
  return !zones.some((z) => values.includes(z));
}
