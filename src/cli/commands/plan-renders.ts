import { ADOPT_ANNOTATION } from '../../apply/ownership.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { Snapshot } from '../../model/snapshot.js';
import { finishSnapshot, sameOutputTemplates, stageSnapshot, type RenderCache, type RenderedSnapshot, type RenderOptions } from '../../render/index.js';

/** PlanRenders are the head's render and, when the head renders without errors, the base's. */
export interface PlanRenders {
  head: RenderedSnapshot;
  base?: RenderedSnapshot;
  /** per cluster, the base objects left out of both plans because the head has the same (diffPlans' baseUnbuilt) */
  baseUnbuilt?: ReadonlyMap<string, number>;
}

const hasError = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some((d) => d.severity === 'error');

/**
 * renderBoth renders the head and then the base for a plan, building only the templates whose inputs differ: both
 * are placed first, and a template with the same inputs on both sides (sameOutputTemplates) has the same objects on
 * both, so it adds nothing to the diff but its count per cluster, for the mass-deletion guard. What the plan shows is
 * the same as with both rendered in full. A head that does not render, or a base that does not, is built in full.
 */
export async function renderBoth(headSnapshot: Snapshot, baseSnapshot: () => Promise<Snapshot>, cache: RenderCache, options: RenderOptions): Promise<PlanRenders> {
  const head = stageSnapshot(headSnapshot, cache, options);
  if (hasError(head.stream.placementDiagnostics)) return { head: finishSnapshot(head).rendered };
  const base = stageSnapshot(await baseSnapshot(), cache, options);
  const same = hasError(base.stream.placementDiagnostics) ? new Set<string>() : sameOutputTemplates(base, head, ADOPT_ANNOTATION);
  const headDone = finishSnapshot(head, same);
  // the same templates have the same objects and warnings on both sides: the base's count is the head's, and the
  // base's warnings are not shown (an error, which would make it count as empty, comes from placement, complete)
  return { head: headDone.rendered, base: finishSnapshot(base, same, false).rendered, baseUnbuilt: headDone.unbuilt };
}
