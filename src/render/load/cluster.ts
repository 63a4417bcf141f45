import type { APIEnablement, Cluster, ResourceList, ResourceSummary, Taint, TaintEffect } from '../../model/cluster.js';
import { labelKeyError, labelValueError } from '../selectors/label-syntax.js';
import type { FieldReader } from './field-reader.js';

// Karmada's ValidateClusterTaints allows these two only; PreferNoSchedule is refused on a Cluster
const EFFECTS = ['NoSchedule', 'NoExecute'] as const satisfies readonly TaintEffect[];

/** readCluster turns a `cluster.karmada.io/v1alpha1` Cluster document into a normalised Cluster. */
export function readCluster(r: FieldReader): Cluster | undefined {
  const before = r.errorCount;
  const name = r.string(['metadata', 'name'], { required: true }) ?? '';
  const labels = r.stringMap(['metadata', 'labels']) ?? {};
  const annotations = r.stringMap(['metadata', 'annotations']) ?? {};
  const cluster: Cluster = {
    name,
    labels,
    provider: r.string(['spec', 'provider']) ?? '',
    region: r.string(['spec', 'region']) ?? '',
    zones: r.stringList(['spec', 'zones']) ?? [],
    taints: readTaints(r),
    deleting: r.has(['metadata', 'deletionTimestamp']),
    context: annotations['gitfed.io/context'] ?? name,
    source: r.doc.source,
  };
  if (r.string(['spec', 'syncMode']) === 'Pull') cluster.syncMode = 'Pull';
  const summary = readResourceSummary(r);
  if (summary) cluster.resourceSummary = summary;
  const apis = readAPIEnablements(r);
  if (apis) cluster.apiEnablements = apis;
  checkFieldSelectorValues(r);
  if (r.has(['spec', 'zone']) && !r.has(['spec', 'zones'])) {
    r.warn(['spec', 'zone'], 'spec.zone is deprecated and never used for placement; use spec.zones');
  }
  return r.errorCount === before ? cluster : undefined;
}

/**
 * checkFieldSelectorValues applies Karmada's validateClusterSpecForFieldSelector: provider, region and zones are
 * label values (a fieldSelector compares them), and spec.zone cannot stand beside spec.zones.
 */
function checkFieldSelectorValues(r: FieldReader): void {
  for (const field of ['provider', 'region', 'zone']) labelValue(r, ['spec', field], r.raw(['spec', field]));
  (r.list(['spec', 'zones']) ?? []).forEach((zone, i) => labelValue(r, ['spec', 'zones', i], zone));
  if (r.string(['spec', 'zone']) && r.list(['spec', 'zones'])?.length) r.error(['spec', 'zone'], 'spec.zone and spec.zones cannot co-exist');
}

function labelValue(r: FieldReader, path: (string | number)[], value: unknown): void {
  const problem = typeof value === 'string' ? labelValueError(value) : undefined;
  if (problem) r.error(path, problem);
}

/** readTaints reads spec.taints as Karmada's ValidateClusterTaints checks them: unique by key and effect. */
function readTaints(r: FieldReader): Taint[] {
  const seen = new Set<string>();
  return (r.list(['spec', 'taints']) ?? []).map((_, i) => {
    const path = ['spec', 'taints', i];
    const taint: Taint = {
      key: r.string([...path, 'key'], { required: true }) ?? '',
      effect: r.string([...path, 'effect'], { required: true, oneOf: EFFECTS }) ?? 'NoSchedule',
    };
    const value = r.string([...path, 'value']);
    if (value !== undefined) taint.value = value;
    const keyProblem = taint.key ? labelKeyError(taint.key) : undefined;
    if (keyProblem) r.error([...path, 'key'], keyProblem);
    labelValue(r, [...path, 'value'], value);
    const id = `${taint.key}\u0000${taint.effect}`;
    if (seen.has(id)) r.error(path, `taints must be unique by key and effect: ${taint.key}:${taint.effect} is listed twice`);
    seen.add(id);
    return taint;
  });
}

function readResourceList(r: FieldReader, path: (string | number)[]): ResourceList | undefined {
  const obj = r.object(path);
  if (!obj) return undefined;
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else r.error([...path, k], 'must be a quantity such as "4", "500m" or "8Gi"');
  }
  return out;
}

function readResourceSummary(r: FieldReader): ResourceSummary | undefined {
  const base = ['status', 'resourceSummary'];
  if (!r.object(base)) return undefined;
  const summary: ResourceSummary = {};
  for (const part of ['allocatable', 'allocating', 'allocated'] as const) {
    const list = readResourceList(r, [...base, part]);
    if (list) summary[part] = list;
  }
  const modelings = r.list([...base, 'allocatableModelings']);
  if (modelings) summary.allocatableModelings = modelings;
  return summary;
}

function readAPIEnablements(r: FieldReader): APIEnablement[] | undefined {
  const list = r.list(['status', 'apiEnablements']);
  if (!list) return undefined;
  return list.map((_, i) => ({
    groupVersion: r.string(['status', 'apiEnablements', i, 'groupVersion'], { required: true }) ?? '',
    resources: (r.list(['status', 'apiEnablements', i, 'resources']) ?? []).map((__, j) => ({
      name: r.string(['status', 'apiEnablements', i, 'resources', j, 'name']) ?? '',
      kind: r.string(['status', 'apiEnablements', i, 'resources', j, 'kind'], { required: true }) ?? '',
    })),
  }));
}
