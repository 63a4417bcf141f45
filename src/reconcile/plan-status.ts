import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { PlanDiff } from './plan-diff.js';
import { PLAN_CONTEXT, truncate } from '../drift/status.js';
import type { CommitStatus } from '../model/drift.js';

/** PlanOutcome is what a plan found: the head did not render (its diagnostics), or a diff. */
export type PlanOutcome = { rendered: false; diagnostics: Diagnostic[] } | { rendered: true; diff: PlanDiff };

/**
 * planStatus is `failure` when the head does not render or the mass-deletion guard would hold back its deletions
 * (merging it would leave clusters out of step with Git) or the fleet would not survive the simulated outage,
 * otherwise `success` with the plan's summary.
 */
export function planStatus(outcome: PlanOutcome, targetUrl?: string): CommitStatus {
  const link = targetUrl ? { targetUrl } : {};
  if (!outcome.rendered) {
    const d = outcome.diagnostics.find((x) => x.severity === 'error') ?? outcome.diagnostics[0];
    return { context: PLAN_CONTEXT, state: 'failure', description: truncate(`the head does not render: ${d ? formatDiagnostic(d) : 'unknown error'}`), ...link };
  }
  const held = outcome.diff.clusters.filter((c) => c.heldBack).map((c) => c.cluster);
  if (held.length) {
    return { context: PLAN_CONTEXT, state: 'failure', description: truncate(`the mass-deletion guard would hold back deletions on ${held.join(', ')}; ${outcome.diff.summary}`), ...link };
  }
  const outage = outcome.diff.outage;
  if (outage && !outage.survives) return { context: PLAN_CONTEXT, state: 'failure', description: truncate(`${outage.summary}; ${outcome.diff.summary}`), ...link };
  return { context: PLAN_CONTEXT, state: 'success', description: truncate(outcome.diff.summary), ...link };
}
