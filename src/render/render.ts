import type { Catalog } from '../model/catalog.js';
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { KubeObject } from '../model/kube.js';
import type { Plan } from '../model/plan.js';
import type { PlacementTrace } from '../model/trace.js';
import { bindAll, traceReplay, type Placed } from './bind.js';
import { objectKey } from '../kube/object-ref.js';
import { interpretTemplates } from './interpreted.js';
import { resolveClaims } from './claims.js';
import { renderFedV1 } from './fedv1/schedule.js';
import { renderKubeFed } from './kubefed/sync.js';
import { clusterManifests } from './cluster-manifests.js';
import { compareStrings } from '../kube/compare-strings.js';
import { sortByApplyOrder } from '../kube/apply-order.js';
import { isTemplatePart } from './cow.js';
import { cachedClusterRules } from './overrides/index.js';
import { createTraceRecorder, NO_TRACE } from './trace/recorder.js';
import { createDeferredRecorder } from './trace/deferred.js';
import { startRender, type ManifestMemo } from './manifest-memo.js';
import type { DroppedWarning } from './placed-parts.js';
import type { PlacementMemo } from './placement-memo.js';

/** RenderOptions tune one render. */
export interface RenderOptions {
  /**
   * record the placement trace (Plan.trace): why each cluster was kept or rejected, the replica arithmetic, override
   * provenance; 'placement' leaves out the override provenance, which replays every manifest's overrides (most of a
   * traced render's time at fleet scale) and which `gitfed plan`'s reasons do not read, and works each template's
   * trace out when it is first read (the plan reads those of the templates whose placement changed)
   */
  trace?: boolean | 'placement';
  /** the manifests of the last render (RenderCache.manifests): unchanged variants are handed out again, not rebuilt */
  manifests?: ManifestMemo;
  /** the last render's placements (RenderCache.placements): a template whose placement inputs are the same is not placed again (not with `trace: true`, which records placing) */
  placements?: PlacementMemo;
}

/**
 * render computes, for every cluster of the catalog, the exact objects it must hold: templates that Karmada
 * policies place, federated objects of KubeFed and workloads with Federation v1 annotations. Pure and
 * deterministic: same catalog, same plan. Clusters are listed even when they receive nothing.
 */
export function render(catalog: Catalog, revision: string | null, options: RenderOptions = {}): Plan {
  return planOf(renderStream(catalog, revision, options));
}

/** planOf builds every cluster of a stream into its plan; the objects of templates it skips are left out (RenderStream.skip). */
export function planOf(stream: RenderStream): Plan {
  const clusters: Record<string, KubeObject[]> = {};
  for (const name of stream.clusterNames) clusters[name] = stream.objectsOf(name);
  const plan: Plan = { revision: stream.revision, clusters, bindings: stream.bindings, diagnostics: stream.diagnostics() };
  // the trace is complete once every cluster was built: override provenance is recorded as manifests are
  const trace = stream.trace?.();
  return trace ? { ...plan, trace } : plan;
}

/**
 * RenderStream is render with the clusters' objects built on demand, one cluster at a time: a caller that writes
 * each cluster out before asking for the next holds the catalog and one cluster's output, not the fleet's.
 */
export interface RenderStream {
  revision: string | null;
  /** every cluster of the catalog, in the order of the plan's `clusters` keys */
  clusterNames: string[];
  bindings: Plan['bindings'];
  /** the diagnostics known before any cluster is built; every error is among them */
  placementDiagnostics: readonly Diagnostic[];
  /** objectsOf builds one cluster's objects in apply order (once per cluster: they are not kept) */
  objectsOf(cluster: string): KubeObject[];
  /**
   * diagnostics is the plan's list: placement's, then the templates dropped on the clusters built so far, with those
   * that streams of the same catalog dropped on the clusters they built (`more`, their `dropped()`) in their places
   */
  diagnostics(more?: readonly DroppedWarning[]): Diagnostic[];
  /** dropped is the templates dropped on the clusters this stream built so far, each with its place in the plan's order */
  dropped(): readonly DroppedWarning[];
  /** the placement trace so far, when render was asked for one (complete after the last cluster) */
  trace?: () => PlacementTrace | undefined;
  /** the placed templates in template key order, what their manifests are built from */
  placed: readonly Placed[];
  /** the keys of the objects of KubeFed and Federation v1, on any cluster */
  foreignKeys: ReadonlySet<string>;
  /** skip and unbuilt are ClusterManifests': leave out the objects of templates whose inputs a caller knows */
  skip(templates: ReadonlySet<string>, counted: boolean): void;
  unbuilt(): ReadonlyMap<string, number>;
  /** shared: obj is handed to several clusters (an output can write it once); per-cluster objects are met once */
  shared(obj: KubeObject): boolean;
  /** templatePart: a map or list inside an output object that is a template's, unchanged while the stream lives */
  templatePart(part: object): boolean;
}

/** renderStream places every template and returns the stream of the clusters' objects (see RenderStream). */
export function renderStream(catalog: Catalog, revision: string | null, options: RenderOptions = {}): RenderStream {
  const diagnostics: Diagnostic[] = [...catalog.diagnostics];
  if (options.manifests) startRender(options.manifests);
  // keys of an object, as the plan lists them (a numeric name comes first there)
  const order: Record<string, true> = {};
  for (const c of [...catalog.clusters].sort((a, b) => compareStrings(a.name, b.name))) order[c.name] = true;
  const trace = options.trace === 'placement' ? createDeferredRecorder(catalog.clusters, catalog.templates, traceReplay(catalog))
    : options.trace ? createTraceRecorder(catalog.clusters, catalog.overridePolicies, catalog.templates) : NO_TRACE;
  // custom kinds are interpreted once here, before placement reads their replicas and dependencies
  interpretTemplates(catalog, diagnostics);
  const karmada = bindAll(catalog, diagnostics, trace, options.trace === true ? undefined : options.placements);
  const outputs = [...renderKubeFed(catalog, diagnostics), ...renderFedV1(catalog, diagnostics)];
  trace.foreign(outputs);
  const foreign = resolveClaims(karmada, outputs, catalog.propagationPolicies, diagnostics);
  const placed = [...karmada.values()].sort((a, b) => compareStrings(a.template.key, b.template.key));
  const manifests = clusterManifests(placed, catalog, clustersByName(catalog.clusters), cachedClusterRules(), options.trace === 'placement' ? NO_TRACE : trace, options.manifests);
  const foreignOn = new Map<string, KubeObject[]>();
  const foreignKeys = new Set<string>();
  for (const f of foreign) {
    for (const [name, obj] of f.objects) {
      foreignKeys.add(objectKey(obj));
      if (!Object.hasOwn(order, name)) continue;
      const list = foreignOn.get(name);
      if (list) list.push(obj);
      else foreignOn.set(name, [obj]);
    }
  }
  const bindings = [...placed.map((p) => p.binding), ...foreign.map((f) => f.binding)].sort((a, b) => compareStrings(a.resource, b.resource));
  return {
    revision, clusterNames: Object.keys(order), bindings, placementDiagnostics: diagnostics,
    objectsOf(name) {
      const list = [...manifests.objectsOf(name), ...(foreignOn.get(name) ?? [])];
      foreignOn.delete(name);
      sortByApplyOrder(list);
      return list;
    },
    diagnostics: (more) => [...diagnostics, ...manifests.warnings(more)],
    dropped: manifests.dropped,
    placed, foreignKeys, skip: manifests.skip, unbuilt: manifests.unbuilt, shared: manifests.shared, templatePart: isTemplatePart,
    ...(trace.on ? { trace: () => trace.result(new Set([...karmada.keys(), ...foreign.map((f) => f.binding.resource)])) } : {}),
  };
}

/** clustersByName indexes clusters by name; a duplicated name keeps its first cluster, as a linear find would. */
function clustersByName(clusters: readonly Cluster[]): Map<string, Cluster> {
  const byName = new Map<string, Cluster>();
  for (const c of clusters) if (!byName.has(c.name)) byName.set(c.name, c);
  return byName;
}

