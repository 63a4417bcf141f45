import type { Catalog, Template } from '../model/catalog.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Binding } from '../model/plan.js';
import { contentKey } from './manifest-memo.js';

/**
 * PlacementMemo keeps what the last render's placement decided per template, for the next (part of RenderCache):
 * placing one template reads the template (content, and where it is written: warnings name it), the propagation
 * policies, the clusters and the interpreter customizations, and nothing else once failover, previous placement and
 * evictions are absent (a render without health: `gitfed plan`). A plan places the base after the head, and most
 * templates are the same in both. What propagateDeps adds acts after, on every template, and is not kept.
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
 * placementReuse turns the memo over for a render of catalog and returns its reuse, or undefined when the catalog has
 * placement inputs the memo does not key (failover, previous placement, evictions): then every template is placed.
 */
export function placementReuse(memo: PlacementMemo, catalog: Catalog): PlacementReuse | undefined {
  if (catalog.failover !== undefined || catalog.previous !== undefined || catalog.appEvictions !== undefined) return undefined;
  const shared = contentKey([catalog.propagationPolicies, catalog.clusters, catalog.customizations ?? []]);
  if (memo.current.outcomes.size > 0) memo.previous = memo.current;
  memo.current = { shared, outcomes: new Map() };
  const before = memo.previous.shared === shared ? memo.previous.outcomes : undefined;
  return {
    keyOf: (t) => `${t.key}\u0000${t.source.file}\u0000${t.source.line}\u0000${contentKey(t.object)}`,
    get: (key) => before?.get(key),
    set: (key, outcome) => void memo.current.outcomes.set(key, outcome),
  };
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
