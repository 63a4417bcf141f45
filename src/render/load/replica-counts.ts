import { replicaKind } from '../replicas/requirements.js';
import type { FieldReader } from './field-reader.js';
import type { FieldPath } from './parse.js';

/** INT32_MAX is the API server's bound on replica counts (int32 fields). */
export const INT32_MAX = 2 ** 31 - 1;

/**
 * checkReplicaCounts refuses replica counts the API server would refuse, before division reads them: a string
 * ("5") or a fraction (1.5) must not quietly become 1, a negative count must not place the workload nowhere
 * (and so prune it everywhere), and 1e12 must not reach the division at all.
 */
export function checkReplicaCounts(r: FieldReader, apiVersion: string, kind: string): void {
  const workload = replicaKind({ apiVersion, kind });
  const fields: FieldPath[] = workload === 'Job' ? [['spec', 'parallelism'], ['spec', 'completions']] : [['spec', 'replicas']];
  for (const path of fields) {
    // other kinds may give spec.replicas any meaning of their own; a number there still obeys the int32 bound
    if (workload === undefined && typeof r.raw(path) !== 'number') continue;
    r.integer(path, { min: 0, max: INT32_MAX });
  }
}
