/**
 * The Ready condition of one member over time, from its probe results: a pure state machine with Karmada's
 * thresholds (cluster_status_controller.go, thresholdAdjustedReadyCondition), so one lost probe changes nothing.
 */
import { conditionTime, observedReady, type ClusterCondition, type ProbeResult } from '../model/cluster-health.js';

/** HealthThresholds say how long a change must last before the condition shows it (ms). */
export interface HealthThresholds {
  /** failures (False or Unknown) lasting this long turn Ready=True into False/Unknown; Karmada's --cluster-failure-threshold */
  failureMs: number;
  /** successes lasting this long turn Ready=False/Unknown back into True; Karmada's --cluster-success-threshold */
  successMs: number;
}

/** DEFAULT_HEALTH_THRESHOLDS are Karmada's: 30 s either way. */
export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { failureMs: 30_000, successMs: 30_000 };

/** HealthState is what the machine remembers of one member between probes. */
export interface HealthState {
  /** undefined until the first probe */
  condition?: ClusterCondition;
  /** since when (ms) the probes have said otherwise than the condition across the True line; undefined when they agree */
  changingSince?: number;
}

/** INITIAL_HEALTH is a member never probed. */
export const INITIAL_HEALTH: HealthState = {};

/**
 * nextHealth is the state after one probe at time `at` (ms). Rules, each a row of the unit tests:
 * - the first probe sets the condition as it is (a member just added has no history to smooth);
 * - every probe moves lastProbeTime;
 * - a probe that agrees with the condition's status takes over its reason and message, and ends a pending change;
 * - between False and Unknown (both not ready) the condition follows at once;
 * - across the True line the condition keeps its status until the probes have disagreed for the threshold
 *   (failureMs leaving True, successMs returning to it), counted from the first disagreeing probe;
 * - lastTransitionTime moves only when the status changes.
 */
export function nextHealth(state: HealthState, probe: ProbeResult, at: number, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): HealthState {
  const observed = observedReady(probe);
  const now = conditionTime(at);
  const current = state.condition;
  if (!current) return { condition: { type: 'Ready', ...observed, lastProbeTime: now, lastTransitionTime: now } };
  if (observed.status === current.status) return { condition: { ...current, ...observed, lastProbeTime: now } };
  const crossing = observed.status === 'True' || current.status === 'True';
  if (!crossing) return { condition: { type: 'Ready', ...observed, lastProbeTime: now, lastTransitionTime: now } };
  const since = state.changingSince ?? at;
  const threshold = observed.status === 'True' ? thresholds.successMs : thresholds.failureMs;
  if (at - since >= threshold) return { condition: { type: 'Ready', ...observed, lastProbeTime: now, lastTransitionTime: now } };
  return { condition: { ...current, lastProbeTime: now }, changingSince: since };
}

/** conditionOfProbe is the condition one probe shows on its own: what a one-shot command reports. */
export function conditionOfProbe(probe: ProbeResult, at: number): ClusterCondition {
  return nextHealth(INITIAL_HEALTH, probe, at).condition as ClusterCondition;
}
