import type { Cluster } from '../../model/cluster.js';
import type { KubeObject } from '../../model/kube.js';
import type { TargetCluster } from '../../model/plan.js';
import type { ClusterAffinity, ClusterAffinityTerm, Placement } from '../../model/policy.js';
import { assignReplicas, type AssignInput } from '../replicas/assign.js';
import type { Estimator } from '../replicas/estimator.js';
import { isWorkload, replicaRequirements, templateReplicas, type ReplicaRequirements } from '../replicas/requirements.js';
import { buildCandidates } from './candidates.js';
import { compareStrings } from '../../kube/compare-strings.js';
import { findClustersThatFit, fitErrorMessage, type FilterContext } from './filters.js';
import { selectBySpread } from './spread.js';
import type { ScheduleRecorder } from './schedule-recorder.js';

/** ScheduleInput is one resource template, the placement of the policy that claimed it, and every cluster. */
export interface ScheduleInput {
  object: KubeObject;
  placement: Placement;
  clusters: readonly Cluster[];
  /** estimateAvailableReplicas or a memo of it shared by one render */
  estimate?: Estimator;
  /** the moment of the render (ms), when it was given health */
  now?: number;
  /** the replicas the template held per cluster before this render (Karmada's previous spec.clusters) */
  previous?: ReadonlyMap<string, number>;
  /** clusters application failover evicted this template from */
  evicted?: ReadonlySet<string>;
  /** told what each step decided, when render records a placement trace */
  trace?: ScheduleRecorder;
}

/** ScheduleResult is the target list (sorted by name) and the clusterAffinities term used, or why nothing fits. */
export type ScheduleResult = { ok: true; targets: TargetCluster[]; affinityName?: string } | { ok: false; reason: string };

/** Binding is what the interpreter derives from the template once per schedule. */
interface Binding {
  input: ScheduleInput;
  replicas: number;
  requirements: ReplicaRequirements | undefined;
  workload: boolean;
}

/**
 * schedule emulates a Karmada schedule with every score 0: a first (fresh) one, or with the previous result a
 * Steady one (previous replicas added back to the estimates, Dynamic/Aggregated kept where they are). With
 * clusterAffinities the terms are tried in order from the first and the first success is used alone; when
 * all fail the first term's error is reported, as Karmada does.
 */
export function schedule(input: ScheduleInput): ScheduleResult {
  const replicas = templateReplicas(input.object);
  const requirements = replicaRequirements(input.object);
  const binding: Binding = { input, replicas, requirements, workload: isWorkload(replicas, requirements) };
  const terms = input.placement.clusterAffinities;
  if (terms === undefined) {
    input.trace?.attempt(0, undefined);
    return recorded(input.trace, scheduleOnce(binding, input.placement.clusterAffinity, []));
  }
  return scheduleWithTerms(binding, terms);
}

/** recorded tells the recorder how an attempt ended and passes its result on. */
function recorded(trace: ScheduleRecorder | undefined, result: ScheduleResult): ScheduleResult {
  trace?.attemptEnd(result.ok ? undefined : result.reason);
  return result;
}

function scheduleWithTerms(binding: Binding, terms: readonly ClusterAffinityTerm[]): ScheduleResult {
  let firstError: string | undefined;
  for (const [index, term] of terms.entries()) {
    // overflow tiers only exist for workloads; non-workloads see the term's own affinity alone
    const overflow = binding.workload ? (term.overflowAffinities ?? []) : [];
    binding.input.trace?.attempt(index, term);
    const result = recorded(binding.input.trace, scheduleOnce(binding, term, overflow));
    if (result.ok) return { ...result, affinityName: term.affinityName };
    firstError ??= result.reason;
  }
  // an empty (but present) clusterAffinities list makes Karmada schedule nothing without an error
  return { ok: false, reason: firstError ?? 'clusterAffinities has no term to schedule with' };
}

/** scheduleOnce is genericScheduler.Schedule: filter → (zero) score → select by spread → assign replicas. */
function scheduleOnce(binding: Binding, affinity: ClusterAffinity | undefined, overflow: readonly ClusterAffinity[]): ScheduleResult {
  const { input, replicas, requirements, workload } = binding;
  const ctx: FilterContext = {
    apiVersion: input.object.apiVersion,
    kind: input.object.kind,
    placement: input.placement,
    ...(affinity ? { affinity } : {}),
    overflow,
    ...(input.now !== undefined ? { now: input.now } : {}),
    ...(input.evicted ? { evicted: input.evicted } : {}),
  };
  const fit = findClustersThatFit(ctx, input.clusters);
  const trace = input.trace;
  trace?.filtered(ctx, input.clusters, fit);
  if (fit.feasible.length === 0) return { ok: false, reason: fitErrorMessage(input.clusters.length, fit.rejected) };
  const candidates = buildCandidates(fit.feasible, { replicas, requirements, ...(affinity ? { primary: affinity } : {}), overflow, ...(input.estimate ? { estimate: input.estimate } : {}), ...(input.previous ? { previous: input.previous } : {}) });
  trace?.candidates(candidates);
  const selection = selectBySpread(input.placement, candidates, replicas);
  if (!selection.ok) return { ok: false, reason: `failed to select clusters: ${selection.reason}` };
  trace?.selected(input.placement, selection.selected);
  if (selection.selected.length === 0) return { ok: false, reason: 'failed to assign replicas: no clusters available to schedule' };
  const assignInput: AssignInput = {
    candidates: selection.selected,
    replicas,
    workload,
    strategy: input.placement.replicaScheduling,
    ...(input.previous ? { previous: input.previous } : {}),
  };
  const assigned = assignReplicas(assignInput);
  trace?.assigned(assignInput, assigned);
  if (!assigned.ok) return { ok: false, reason: `failed to assign replicas: ${assigned.reason}` };
  return { ok: true, targets: [...assigned.targets].sort((a, b) => compareStrings(a.name, b.name)) };
}
