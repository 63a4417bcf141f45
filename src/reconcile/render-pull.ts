import type { Catalog } from '../model/catalog.js';
import type { ClusterCondition } from '../model/cluster-health.js';
import type { Snapshot } from '../model/snapshot.js';
import { hasErrors, renderSnapshot, withPrevious, type HealthInput, type RenderCache, type RenderedSnapshot, type RenderOptions } from '../render/index.js';
import { isPull, type ResourceSummary } from '../model/cluster.js';
import type { PreviousPlacement } from '../model/catalog.js';
import { DEFAULT_REPORT_MAX_AGE_MS, pullView, reportCondition, type PullRenderInputs, type PullView } from './pull-clusters.js';

/**
 * HealthOf is a render's health input, or how to make it given the reported members' conditions (the running
 * reconciler's health decides hold-downs with them: a pull member evicted and reporting again is returned like a
 * push member probed Ready again).
 */
export type HealthOf = HealthInput | ((reported: ReadonlyMap<string, ClusterCondition>) => HealthInput);

/** reportConditions is the Ready condition every report gives at the render's time. */
function reportConditions(pull: PullRenderInputs): Map<string, ClusterCondition> {
  const out = new Map<string, ClusterCondition>();
  for (const [name, report] of pull.reports) if (name !== pull.except) out.set(name, reportCondition(report, pull.now, pull.maxAgeMs ?? DEFAULT_REPORT_MAX_AGE_MS));
  return out;
}

/** RenderedWithPull is a render whose pull members' health and capacity came from their agents' reports. */
export type RenderedWithPull = RenderedSnapshot & { pull: PullView | undefined };

/**
 * renderWithPull is renderSnapshot with the pull members' reports put in as a push member's probe and capacity read
 * are: which members pull is known only once the commit is loaded, so the view is made inside adjust, and its
 * conditions join the health input that render reads right after adjust.
 */
export function renderWithPull(snapshot: Snapshot, adjust: (catalog: Catalog) => Catalog, cache: RenderCache | undefined, healthOf: HealthOf | undefined, pull: PullRenderInputs | undefined, options?: RenderOptions): RenderedWithPull {
  const health = typeof healthOf === 'function' ? healthOf(pull ? reportConditions(pull) : new Map()) : healthOf;
  if (!pull) return { ...renderSnapshot(snapshot, adjust, cache, health, options), pull: undefined };
  const conditions = new Map<string, ClusterCondition>(health?.conditions ?? []);
  let view: PullView | undefined;
  const withReports = (catalog: Catalog): Catalog => {
    view = pullView(catalog.clusters, pull.reports, pull.now, pull.maxAgeMs, pull.except);
    for (const [name, c] of view.conditions) conditions.set(name, c);
    const adjusted = adjust(catalog);
    return withPrevious(withCapacities(adjusted, view.capacities), withPlacement(adjusted.previous, view.placement));
  };
  const rendered = renderSnapshot(snapshot, withReports, cache, { ...(health ?? { now: pull.now }), conditions }, options);
  return { ...rendered, pull: view };
}

/** withCapacities puts live capacities in place of the repository's `status.resourceSummary`. */
export function withCapacities(catalog: Catalog, live: ReadonlyMap<string, ResourceSummary>): Catalog {
  return { ...catalog, clusters: catalog.clusters.map((c) => (live.has(c.name) ? { ...c, resourceSummary: live.get(c.name) } : c)) };
}

/** withPlacement adds what the pull members run to the placement the push members run: the render adds both back. */
function withPlacement(previous: PreviousPlacement | undefined, pulled: ReadonlyMap<string, ReadonlyMap<string, number>>): PreviousPlacement | undefined {
  if (pulled.size === 0) return previous;
  const out = new Map<string, Map<string, number>>([...(previous ?? [])].map(([key, m]) => [key, new Map(m)]));
  for (const [key, members] of pulled) for (const [name, n] of members) out.set(key, (out.get(key) ?? new Map<string, number>()).set(name, n));
  return out;
}

/**
 * withReports renders a snapshot offline (`gitfed plan`) as the push side would see its pull members: their agents'
 * reports (health, capacity, what they run) read from the repository. A commit without pull members, or a
 * repository without reports, renders exactly as before.
 */
export function withReports(snapshot: Snapshot, rendered: RenderedSnapshot, pull: PullRenderInputs | undefined, options?: RenderOptions): RenderedSnapshot {
  if (!pull || pull.reports.size === 0 || !rendered.catalog.clusters.some(isPull) || hasErrors(rendered.plan)) return rendered;
  return renderWithPull(snapshot, (catalog) => catalog, undefined, undefined, pull, options);
}
