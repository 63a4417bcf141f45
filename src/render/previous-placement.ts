import type { Catalog, PreviousPlacement } from '../model/catalog.js';
import type { Plan } from '../model/plan.js';

/**
 * placementOf is the replicas a plan gives each template per cluster, for the next render's `previous`: a running
 * reconciler hands the placement it rendered last to the next render, as Karmada's scheduler reads the binding's
 * spec.clusters. Targets without a replica number (non-workloads) are left out.
 */
export function placementOf(plan: Plan): PreviousPlacement {
  const out = new Map<string, Map<string, number>>();
  for (const b of plan.bindings) {
    const held = new Map<string, number>();
    for (const t of b.clusters) if (t.replicas !== undefined && t.replicas > 0) held.set(t.name, t.replicas);
    if (held.size > 0) out.set(b.resource, held);
  }
  return out;
}

/** withPrevious gives render the previous placement (undefined or empty: a fresh schedule). */
export function withPrevious(catalog: Catalog, previous: PreviousPlacement | undefined): Catalog {
  return previous && previous.size > 0 ? { ...catalog, previous } : catalog;
}
