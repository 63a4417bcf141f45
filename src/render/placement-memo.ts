import type { Catalog, Template } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Binding } from '../model/plan.js';
import { contentKey } from './manifest-memo.js';
import { compareStrings } from '../kube/compare-strings.js';
import { placementFor } from './failover/default-tolerations.js';
import { evictingTaint } from './placement/tolerations.js';

/**
 * PlacementMemo keeps what the last render's placement decided per template, for the next (part of RenderCache):
 * placing one template reads the template (content, and where it is written: warnings name it), the propagation
 * policies, the clusters, the interpreter customizations and, with health, the failover settings, the moment and the
 * template's history (placementReuse). A plan places the base after the head, and most templates are the same in
 * both; a running reconciler renders commits that change few templates. What propagateDeps adds acts after, on every
 * template, and is not kept.
 */
export interface PlacementMemo {
  previous: PlacementGeneration;
  current: PlacementGeneration;
}

/** PlacementGeneration is one render's placements: the inputs every template shares, and each template's outcome. */
interface PlacementGeneration {
  shared: string;
  outcomes: Map<string, BoundTemplate>;
}

/** BoundTemplate is what placing one template did: its binding before propagateDeps (none: unclaimed) and the diagnostics it added. */
export interface BoundTemplate {
  placed?: { binding: Binding; divided: boolean };
  diagnostics: Diagnostic[];
}

/** PlacementReuse finds and keeps one render's templates' outcomes. */
export interface PlacementReuse {
  /** the memo key of a template */
  keyOf(t: Template): string;
  get(key: string): BoundTemplate | undefined;
  set(key: string, outcome: BoundTemplate): void;
}

/** createPlacementMemo starts an empty memo. */
export function createPlacementMemo(): PlacementMemo {
  return { previous: { shared: '', outcomes: new Map() }, current: { shared: '', outcomes: new Map() } };
}

/**
 * placementReuse turns the memo over for a render of catalog and returns its reuse. Health
 * and history count as inputs: the previous placement and application failover's evictions of each template are part
 * of its key, and the moment (`failover.now`) only through what it decides, which NoExecute health taint each
 * policy's tolerations no longer tolerate.
 */
export function placementReuse(memo: PlacementMemo, catalog: Catalog): PlacementReuse {
  const shared = contentKey([catalog.propagationPolicies, catalog.clusters, catalog.customizations ?? [], catalog.failover?.defaultTolerationSeconds ?? null, evictions(catalog)]);
  if (memo.current.outcomes.size > 0) memo.previous = memo.current;
  memo.current = { shared, outcomes: new Map() };
  const before = memo.previous.shared === shared ? memo.previous.outcomes : undefined;
  return {
    keyOf: (t) => `${t.key}\u0000${t.source.file}\u0000${t.source.line}\u0000${contentKey(t.object)}\u0000${historyKey(catalog, t.key)}`,
    get: (key) => before?.get(key),
    set: (key, outcome) => void memo.current.outcomes.set(key, outcome),
  };
}

/** historyKey is what a template held before (Catalog.previous) and where application failover evicts it from. */
function historyKey(catalog: Catalog, key: string): string {
  const held = catalog.previous?.get(key);
  const evicted = catalog.appEvictions?.get(key);
  return held || evicted ? contentKey([held ? [...held] : null, evicted ? [...evicted].sort(compareStrings) : null]) : '';
}

/**
 * evictions is all that the moment decides in placement: per member with a NoExecute health taint and per policy,
 * the taint that evicts it at `now` and whether its toleration expired (the filter's verdict and its message).
 */
function evictions(catalog: Catalog): unknown[] {
  const out: unknown[] = [];
  for (const c of catalog.clusters) {
    if (!c.healthTaints?.some((t) => t.effect === 'NoExecute')) continue;
    for (const p of catalog.propagationPolicies) out.push(evictingTaint(c.healthTaints, placementFor(p.placement, catalog.failover).clusterTolerations ?? [], catalog.failover?.now) ?? null);
  }
  return out;
}

/**
 * copyBinding copies a binding deep enough that what later steps change in one copy (propagateDeps replaces the
 * target list, sets requiredBy, deletes the reason) stays out of the other; the targets themselves are never changed.
 */
export function copyBinding(b: Binding): Binding {
  const out: Binding = { ...b, clusters: [...b.clusters] };
  for (const list of ['requiredBy', 'suspended', 'notReady', 'overrideFailed', 'evicted'] as const) {
    const value = b[list];
    if (value) out[list] = [...value];
  }
  if (b.failover) out.failover = { ...b.failover };
  if (b.applicationFailover) out.applicationFailover = { ...b.applicationFailover };
  return out;
}
