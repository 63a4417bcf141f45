import { preferencesKeyOf } from '../fedv1/annotations.js';
import { preferenceNumberProblems } from '../fedv1/preferences.js';
import { replicaKind } from '../replicas/requirements.js';
import type { FieldReader } from './field-reader.js';
import type { FieldPath } from './parse.js';

/** INT32_MAX is the API server's bound on replica counts (int32 fields). */
export const INT32_MAX = 2 ** 31 - 1;

/** COUNT_FIELDS are the int32 replica fields of the workload kinds whose replicas gitfed reads or divides. */
const COUNT_FIELDS: Readonly<Record<string, readonly FieldPath[]>> = {
  Deployment: [['spec', 'replicas']],
  ReplicaSet: [['spec', 'replicas']],
  StatefulSet: [['spec', 'replicas']],
  Job: [['spec', 'parallelism'], ['spec', 'completions']],
};

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
  checkFedV1Preferences(r, kind);
}

/** checkFedV1Preferences refuses Federation v1 replica preferences whose numbers the planner must not divide by. */
function checkFedV1Preferences(r: FieldReader, kind: string): void {
  const key = preferencesKeyOf(kind);
  if (key === undefined) return;
  const path = ['metadata', 'annotations', key];
  const text = r.raw(path);
  if (typeof text !== 'string') return;
  for (const problem of preferenceNumberProblems(text)) r.error(path, problem);
}

/**
 * checkFederatedReplicaCounts holds a Federated<Kind>'s template, and its overrides of the replica fields, to the
 * bounds of the object it becomes in every member; false when it reported an error.
 */
export function checkFederatedReplicaCounts(r: FieldReader, kind: string): boolean {
  const before = r.errorCount;
  const fields = COUNT_FIELDS[kind.replace(/^Federated/, '')] ?? [];
  for (const field of fields) r.integer(['spec', 'template', ...field], { min: 0, max: INT32_MAX });
  const pointers = new Set(fields.map((f) => `/${f.join('/')}`));
  (r.list(['spec', 'overrides']) ?? []).forEach((_, i) => {
    (r.list(['spec', 'overrides', i, 'clusterOverrides']) ?? []).forEach((__, j) => {
      const at = ['spec', 'overrides', i, 'clusterOverrides', j];
      if (pointers.has(String(r.raw([...at, 'path']))) && r.raw([...at, 'op']) !== 'remove') r.integer([...at, 'value'], { min: 0, max: INT32_MAX });
    });
  });
  return r.errorCount === before;
}
