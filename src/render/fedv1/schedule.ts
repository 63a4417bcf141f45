/**
 * Federation v1 as a pure function (`sync/controller.go`, `federatedtypes/scheduling.go`): a plain object carrying a
 * Federation v1 annotation goes to every ready cluster its cluster selector passes; a Deployment or ReplicaSet gets
 * its own `spec.replicas` split there by the replica planner, 0 included.
 */
import type { Catalog, Template } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { objectSubject } from '../../kube/object-ref.js';
import type { JsonObject, KubeObject } from '../../model/kube.js';
import type { Binding } from '../../model/plan.js';
import { compareStrings } from '../../kube/compare-strings.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { finishObject, type ForeignOutput } from '../foreign.js';
import { planReplicas } from '../kubefed/rsp-planner.js';
import { requirementsMatch } from '../selectors/requirement.js';
import { CLUSTER_SELECTOR, fedV1Annotations, preferencesKeyOf } from './annotations.js';
import { parseClusterSelector } from './cluster-selector.js';
import { preferencesOf } from './preferences.js';

function warn(diagnostics: Diagnostic[], t: Template, message: string): void {
  diagnostics.push({ severity: 'warning', ...t.source, message: `${objectSubject(t.object)}: ${message}` });
}

/** totalReplicas is the object's own `spec.replicas`, 1 (the API server's default) when absent. */
function totalReplicas(obj: KubeObject): number {
  const replicas = (obj.spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0 ? replicas : 1;
}

/** planFor splits a Deployment's or ReplicaSet's replicas over the candidates; undefined for other kinds. */
function planFor(t: Template, candidates: readonly string[], diagnostics: Diagnostic[]): Record<string, number> | undefined {
  const key = preferencesKeyOf(t.object.kind);
  if (!key) return undefined;
  const annotations = t.object.metadata.annotations ?? {};
  const { preferences, problem } = preferencesOf(annotations[key]);
  if (problem) warn(diagnostics, t, `annotation ${key} cannot be decoded (${problem}); Federation v1 splits the replicas evenly`);
  if (annotations[key] === undefined && fedV1Annotations(annotations).some((k) => k !== key && k !== CLUSTER_SELECTOR)) {
    warn(diagnostics, t, `a ${t.object.kind} reads only annotation ${key}; its replicas are split evenly`);
  }
  const ns = t.object.metadata.namespace ?? '';
  return planReplicas({
    clusters: candidates, totalReplicas: totalReplicas(t.object), preferences: preferences.clusters, rebalance: preferences.rebalance, key: `${ns}/${t.object.metadata.name}`,
  }).plan;
}

/** copyFor is the object one cluster receives: the template with its labels and annotations, replicas revised. */
function copyFor(t: Template, replicas: number | undefined): KubeObject {
  const obj = deepCopy(t.object);
  if (replicas !== undefined) obj.spec = { ...(obj.spec as JsonObject | undefined), replicas };
  return finishObject(obj);
}

function renderOne(t: Template, keys: readonly string[], clusters: readonly Cluster[], diagnostics: Diagnostic[]): ForeignOutput {
  const claim = { owner: keys.join(', '), source: t.source };
  const binding: Binding = { resource: t.key, policy: claim.owner, clusters: [] };
  const selector = t.object.metadata.annotations?.[CLUSTER_SELECTOR];
  const requirements = selector === undefined ? [] : parseClusterSelector(selector);
  if (typeof requirements === 'string') {
    // SendToCluster fails, so the sync controller stops before it creates, updates or deletes anything
    warn(diagnostics, t, `annotation ${CLUSTER_SELECTOR} is invalid (${requirements}); Federation v1 propagates it nowhere`);
    return { binding: { ...binding, reason: `invalid ${CLUSTER_SELECTOR}: ${requirements}` }, objects: [], claim };
  }
  const selected = clusters.filter((c) => requirementsMatch(requirements, c.labels));
  const candidates = selected.filter((c) => c.ready !== false).map((c) => c.name);
  const notReady = selected.filter((c) => c.ready === false).map((c) => c.name);
  if (notReady.length > 0) binding.notReady = notReady;
  const plan = planFor(t, candidates, diagnostics);
  const objects: ForeignOutput['objects'] = candidates.map((name) => [name, copyFor(t, plan?.[name])]);
  binding.clusters = candidates.map((name) => (plan ? { name, replicas: plan[name] ?? 0 } : { name }));
  return { binding, objects, claim };
}

/** renderFedV1 renders every template that carries a Federation v1 annotation, in catalog order. */
export function renderFedV1(catalog: Catalog, diagnostics: Diagnostic[]): ForeignOutput[] {
  const clusters = [...catalog.clusters].sort((a, b) => compareStrings(a.name, b.name));
  return catalog.templates.flatMap((t) => {
    const keys = fedV1Annotations(t.object.metadata.annotations);
    return keys.length > 0 ? [renderOne(t, keys, clusters, diagnostics)] : [];
  });
}
