import type { Diagnostic } from '../model/diagnostic.js';
import type { Plan } from '../model/plan.js';
import { DEFAULT_REPO_CONFIG, type RepoConfig } from '../model/repo-config.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Catalog } from '../model/catalog.js';
import { loadCatalog, REPO_CONFIG_FILE } from './load/index.js';
import { readRepoConfig } from './load/repo-config.js';
import { planOf, render, renderStream, type RenderOptions, type RenderStream } from './render.js';
import type { RenderCache } from './render-cache.js';
import { withHealth, type ClusterTaints, type HealthInput } from './failover/index.js';
import { withOutage } from './failover/outage.js';

export { REPO_CONFIG_FILE };
export type { RenderOptions, RenderStream } from './render.js';
export type { DroppedWarning } from './placed-parts.js';
export { createRenderCache, type RenderCache } from './render-cache.js';
export { capacityMatters } from './capacity-use.js';
export { sameOutputTemplates, type RenderSide } from './same-output.js';
export { effectiveConfig, weakenings, type Weakening } from './repo-safety.js';
export { placementOf, withPrevious } from './previous-placement.js';
export { builtInPolicyOn, deriveClusterTaints, evictedClusters, nextEvictionAt, noExecuteTaints, type ClusterTaints, type HealthInput } from './failover/index.js';

/** RenderedSnapshot is everything one revision says: the plan and the repository's settings. */
export interface RenderedSnapshot {
  catalog: Catalog;
  plan: Plan;
  config: RepoConfig;
  /** each member's derived taints, when render was given health */
  taints?: Map<string, ClusterTaints>;
}

/**
 * renderSnapshot loads, validates and renders one snapshot; any error diagnostic means nothing may be applied.
 * A cache kept by the caller from one render to the next spares work: the result is the same with or without it.
 * With health (conditions, previous policy taints, now) the members' taints are derived and failover applies;
 * without it render ignores health, as `gitfed render` and `plan` do. With `trace: true` the plan carries the placement trace.
 */
export function renderSnapshot(snapshot: Snapshot, adjust?: (catalog: Catalog) => Catalog, cache?: RenderCache, health?: HealthInput, options?: RenderOptions): RenderedSnapshot {
  const { catalog, config, healthy, input } = prepare(snapshot, adjust, cache, health);
  const plan = render(input, snapshot.revision, withCache(options, cache));
  return { catalog, plan, config, ...(healthy ? { taints: healthy.taints } : {}) };
}

/**
 * streamSnapshot is renderSnapshot (without health) as a RenderStream: the clusters' objects are built one cluster
 * at a time as the caller asks, for output that writes each cluster before the next (`gitfed render`).
 */
export function streamSnapshot(snapshot: Snapshot): RenderStream {
  return renderStream(prepare(snapshot).input, snapshot.revision);
}

/** withCache adds what a render takes from the caller's cache (its manifests and placements) to the options. */
function withCache(options: RenderOptions | undefined, cache: RenderCache | undefined): RenderOptions | undefined {
  return cache ? { ...options, manifests: cache.manifests, placements: cache.placements } : options;
}

/** StagedSnapshot is a snapshot loaded and placed (renderSnapshot without health), its clusters' objects not built yet. */
export interface StagedSnapshot {
  catalog: Catalog;
  config: RepoConfig;
  stream: RenderStream;
}

/** stageSnapshot loads and places a snapshot; finishSnapshot builds it (two stages compare with sameOutputTemplates first). */
export function stageSnapshot(snapshot: Snapshot, cache?: RenderCache, options?: RenderOptions): StagedSnapshot {
  const { config, input } = prepare(snapshot, undefined, cache);
  return { catalog: input, config, stream: renderStream(input, snapshot.revision, withCache(options, cache)) };
}

/**
 * finishSnapshot builds a staged snapshot's plan, the objects of the `same` templates left out of its clusters
 * (see RenderStream.skip) and counted per cluster in `unbuilt`; its diagnostics are complete. With `counted` false
 * they are neither counted nor their warnings listed: the other side of the comparison has both, the same.
 */
export function finishSnapshot(staged: StagedSnapshot, same: ReadonlySet<string> = new Set(), counted = true): { rendered: RenderedSnapshot; unbuilt: ReadonlyMap<string, number> } {
  staged.stream.skip(same, counted);
  const plan = planOf(staged.stream);
  return { rendered: { catalog: staged.catalog, plan, config: staged.config }, unbuilt: staged.stream.unbuilt() };
}

/** prepare loads the snapshot, adjusts it, applies health, and gathers every diagnostic so far into the render input. */
function prepare(snapshot: Snapshot, adjust?: (catalog: Catalog) => Catalog, cache?: Pick<RenderCache, 'parse'>, health?: HealthInput) {
  const { config, diagnostics } = readRepoConfig(snapshot);
  const loaded = loadCatalog(snapshot, cache?.parse);
  const adjusted = adjust ? adjust(loaded) : loaded;
  const healthy = health ? withHealth(adjusted, config, health) : undefined;
  const catalog = healthy?.catalog ?? adjusted;
  const input: Catalog = { ...catalog, diagnostics: [...(snapshot.diagnostics ?? []), ...diagnostics, ...catalog.diagnostics, ...noClusters(loaded)] };
  return { catalog, config, healthy, input };
}

/**
 * renderOutage renders the snapshot as if the named members had failed for good (unreachable, NoExecute-tainted,
 * every toleration with tolerationSeconds run out): where failover would put every replica. Offline and
 * deterministic; a name that is not a member throws a UsageError.
 */
export function renderOutage(snapshot: Snapshot, failed: readonly string[], options?: RenderOptions): RenderedSnapshot {
  const { config } = readRepoConfig(snapshot);
  return renderSnapshot(snapshot, (catalog) => withOutage(catalog, config, failed), undefined, undefined, options);
}

/** hasErrors tells whether a plan must not be applied. */
export function hasErrors(plan: Plan): boolean {
  return plan.diagnostics.some((d) => d.severity === 'error');
}

/**
 * configOfText reads the `gitfed.yaml` of another revision (undefined: it has none). A file that does not
 * read cleanly counts as the defaults: for safety settings the defaults are the strict choice.
 */
export function configOfText(text: string | undefined): RepoConfig {
  if (text === undefined) return structuredClone(DEFAULT_REPO_CONFIG);
  const { config, diagnostics } = readRepoConfig({ revision: null, files: new Map([[REPO_CONFIG_FILE, text]]) });
  return diagnostics.some((d) => d.severity === 'error') ? structuredClone(DEFAULT_REPO_CONFIG) : config;
}

/** noClusters makes a repository without member clusters an error: rendering it would succeed with nothing to do. */
function noClusters(catalog: Catalog): Diagnostic[] {
  if (catalog.clusters.length > 0) return [];
  return [{
    severity: 'error', file: '.', line: 0,
    message: 'no member clusters: the repository declares no Cluster (cluster.karmada.io/v1alpha1) or KubeFedCluster, so nothing would be applied anywhere; ' +
      'declare one per member cluster, named after its kubeconfig context, e.g. in clusters.yaml: ' +
      '"apiVersion: cluster.karmada.io/v1alpha1, kind: Cluster, metadata: {name: member1}"',
  }];
}
