import type { Catalog } from '../model/catalog.js';
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { GitfedError } from '../model/errors.js';
import { objectSubject } from '../kube/object-ref.js';
import type { KubeObject } from '../model/kube.js';
import type { Plan } from '../model/plan.js';
import type { OverridePolicy } from '../model/policy.js';
import { bindAll, type Placed } from './bind.js';
import { resolveClaims } from './claims.js';
import { renderFedV1 } from './fedv1/schedule.js';
import { renderKubeFed } from './kubefed/sync.js';
import { buildManifestVariant, type ManifestVariant } from './manifest.js';
import { compareStrings } from '../kube/compare-strings.js';
import { sortAllByApplyOrder } from '../kube/apply-order.js';
import { cachedClusterRules, matchingOverridePolicies, type ClusterRules, type RulesOn, type SelectedRule } from './overrides/index.js';
import { divideJobCompletions } from './replicas/job-completions.js';
import { createTraceRecorder, NO_TRACE, type RenderRecorder } from './trace/recorder.js';

/** RenderOptions tune one render. */
export interface RenderOptions {
  /** record the placement trace (Plan.trace): why each cluster was kept or rejected, the replica arithmetic, override provenance */
  trace?: boolean;
}

/**
 * render computes, for every cluster of the catalog, the exact objects it must hold: templates that Karmada
 * policies place, federated objects of KubeFed and workloads with Federation v1 annotations. Pure and
 * deterministic: same catalog, same plan. Clusters are listed even when they receive nothing.
 */
export function render(catalog: Catalog, revision: string | null, options: RenderOptions = {}): Plan {
  const diagnostics: Diagnostic[] = [...catalog.diagnostics];
  const clusters: Record<string, KubeObject[]> = {};
  const sortedClusters = [...catalog.clusters].sort((a, b) => compareStrings(a.name, b.name));
  for (const c of sortedClusters) clusters[c.name] = [];
  const trace = options.trace ? createTraceRecorder(catalog.clusters, catalog.overridePolicies, catalog.templates) : NO_TRACE;
  const karmada = bindAll(catalog, diagnostics, trace);
  const outputs = [...renderKubeFed(catalog, diagnostics), ...renderFedV1(catalog, diagnostics)];
  trace.foreign(outputs);
  const foreign = resolveClaims(karmada, outputs, catalog.propagationPolicies, diagnostics);
  const placed = [...karmada.values()].sort((a, b) => compareStrings(a.template.key, b.template.key));
  const index: RenderIndex = { clusters: clustersByName(catalog.clusters), rules: cachedClusterRules(), trace };
  for (const p of placed) manifestsOf(p, catalog, index, clusters, diagnostics);
  for (const f of foreign) {
    for (const [name, obj] of f.objects) clusters[name]?.push(obj);
  }
  sortAllByApplyOrder(Object.values(clusters));
  const bindings = [...placed.map((p) => p.binding), ...foreign.map((f) => f.binding)].sort((a, b) => compareStrings(a.resource, b.resource));
  if (!trace.on) return { revision, clusters, bindings, diagnostics };
  const rendered = new Set([...karmada.keys(), ...foreign.map((f) => f.binding.resource)]);
  return { revision, clusters, bindings, diagnostics, trace: trace.result(rendered) };
}

/**
 * leavesReplicasOut: a Duplicated workload whose template has no spec.replicas is sent without one, so that
 * an autoscaler in the member cluster owns the field (the binding still says 1, the server's default). Karmada
 * would write the default 1 and fight the autoscaler unless told to retain replicas.
 */
function leavesReplicasOut(p: Placed): boolean {
  const spec = p.template.object.spec as { replicas?: unknown } | undefined;
  const scalable = ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(p.template.object.kind);
  return !p.divided && scalable && spec?.replicas === undefined;
}

/** jobCompletions re-splits a Divided Job's completions over its clusters. */
function jobCompletions(p: Placed): Map<string, number> | undefined {
  const spec = p.template.object.spec as { completions?: unknown } | undefined;
  if (!p.divided || p.template.object.kind !== 'Job' || typeof spec?.completions !== 'number') return undefined;
  return divideJobCompletions(spec.completions, p.binding.clusters);
}

/** RenderIndex holds what one render looks up per template × cluster, computed once. */
interface RenderIndex {
  clusters: ReadonlyMap<string, Cluster>;
  rules: (matching: readonly OverridePolicy[]) => RulesOn;
  trace: RenderRecorder;
}

/** clustersByName indexes clusters by name; a duplicated name keeps its first cluster, as a linear find would. */
function clustersByName(clusters: readonly Cluster[]): Map<string, Cluster> {
  const byName = new Map<string, Cluster>();
  for (const c of clusters) if (!byName.has(c.name)) byName.set(c.name, c);
  return byName;
}

/** Built is one manifest construction's outcome: the object, or the override error that drops it. */
type Built = { object: KubeObject } | { error: unknown };

/** numberKey spells a number for a key; String() would merge 0 and -0, which render as different objects. */
function numberKey(n: number | undefined): string {
  return n === undefined ? '' : Object.is(n, -0) ? '-0' : String(n);
}

/** Variants are a template's manifests built so far, by override rules, then by replicas and completions share. */
type Variants = Map<ClusterRules, Map<string, Built>>;

/**
 * manifestsOf adds the template's object to each of its clusters. buildManifest depends only on the template,
 * the target's replicas, the Job completions share and the override rules (never on the cluster otherwise), so
 * clusters that agree on those three get the same object: it is built once per variant and shared, read-only.
 */
function manifestsOf(p: Placed, catalog: Catalog, index: RenderIndex, clusters: Record<string, KubeObject[]>, diagnostics: Diagnostic[]): void {
  const completions = jobCompletions(p);
  const suspended = new Set(p.binding.suspended ?? []);
  const withoutReplicas = leavesReplicasOut(p);
  const variants: Variants = new Map();
  // which policies select the template does not depend on the cluster: match once, not once per target
  let rulesOn: RulesOn | undefined;
  for (const target of p.binding.clusters) {
    const cluster = index.clusters.get(target.name);
    if (!cluster || suspended.has(target.name)) continue;
    let built: Built;
    try {
      rulesOn ??= index.rules(matchingOverridePolicies(p.template.object, catalog.overridePolicies));
      const share = completions?.get(target.name);
      built = variantOf(p, variants, rulesOn(cluster), withoutReplicas ? undefined : target.replicas, share);
    } catch (err) {
      built = { error: err };
    }
    if ('object' in built) clusters[target.name]?.push(built.object);
    else diagnostics.push(notRendered(p, target.name, built.error));
    if (index.trace.on) recordManifest(index.trace, p, target.name, rulesOn?.(cluster).rules ?? [], withoutReplicas ? undefined : target.replicas, completions?.get(target.name), built);
  }
}

/** recordManifest tells the trace recorder what one cluster's manifest was built from, or why it was not. */
function recordManifest(trace: RenderRecorder, p: Placed, cluster: string, rules: readonly SelectedRule[], replicas: number | undefined, share: number | undefined, built: Built): void {
  const failure = 'error' in built ? (built.error instanceof Error ? built.error.message : String(built.error)) : undefined;
  trace.manifest({
    resource: p.template.key, cluster, template: p.template.object, rules,
    ...(replicas !== undefined ? { replicas } : {}), ...(share !== undefined ? { completions: share } : {}), ...(failure !== undefined ? { failure } : {}),
  });
}

/** variantOf finds or builds the variant of a template for these rules, replicas and share. */
function variantOf(p: Placed, variants: Variants, selected: ClusterRules, replicas: number | undefined, share: number | undefined): Built {
  let byCounts = variants.get(selected);
  if (!byCounts) variants.set(selected, (byCounts = new Map()));
  const key = share === undefined ? numberKey(replicas) : `${numberKey(replicas)}|${numberKey(share)}`;
  let built = byCounts.get(key);
  if (!built) byCounts.set(key, (built = buildVariant(p, replicas, share, selected.rules)));
  return built;
}

/** buildVariant builds one variant of a template's manifest; an override error is kept to be reported per cluster. */
function buildVariant(p: Placed, replicas: number | undefined, share: number | undefined, rules: readonly SelectedRule[]): Built {
  const variant: ManifestVariant = { template: p.template.object, rules };
  if (replicas !== undefined) variant.replicas = replicas;
  if (share !== undefined) variant.completions = share;
  try {
    // shared by every cluster of the variant and read-only from here: frozen, its key is computed once (objectKey)
    const object = buildManifestVariant(variant);
    Object.freeze(object.metadata);
    return { object: Object.freeze(object) };
  } catch (err) {
    return { error: err };
  }
}

/** notRendered is the warning for a template dropped on one cluster: Karmada skips that cluster's Work only, the others proceed. */
function notRendered(p: Placed, cluster: string, err: unknown): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  return {
    severity: 'warning', ...((err instanceof GitfedError && err.place) || p.template.source),
    message: `${objectSubject(p.template.object)} is not rendered for cluster ${cluster}: ${message}`,
  };
}
