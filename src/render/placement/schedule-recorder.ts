import type { Cluster } from '../../model/cluster.js';
import type { ClusterAffinityTerm, Placement } from '../../model/policy.js';
import type { AssignInput, AssignResult, Candidate } from '../replicas/assign.js';
import type { FilterContext, FitOutcome } from './filters.js';

/**
 * ScheduleRecorder is told what each scheduling step decided, for the placement trace. Its methods receive values
 * the scheduler computes anyway, so a no-op recorder costs nothing; working out the details is the recorder's job.
 */
export interface ScheduleRecorder {
  /** a new attempt: the placement as a whole (term undefined) or clusterAffinities[index] */
  attempt(index: number, term: ClusterAffinityTerm | undefined): void;
  filtered(ctx: FilterContext, clusters: readonly Cluster[], fit: FitOutcome): void;
  candidates(list: readonly Candidate[]): void;
  selected(placement: Placement, list: readonly Candidate[]): void;
  assigned(input: AssignInput, result: AssignResult): void;
  /** the attempt's outcome: undefined when it succeeded, else Karmada's message */
  attemptEnd(failure: string | undefined): void;
}
