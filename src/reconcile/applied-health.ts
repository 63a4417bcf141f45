/**
 * The health of what one member holds of its plan: one list per kind, each planned object read the kstatus way.
 * Shared by `gitfed status` (every member) and `reconcile --once` (each cluster after its apply, for its commit status).
 */
import type { ClusterClient } from '../kube/cluster-client.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';
import { kindOf, objectKey, objectSubject } from '../kube/object-ref.js';
import { healthMatters, unhealthyReading } from '../kube/workload-health.js';
import type { UnhealthyObject } from '../model/change-set.js';
import { asGitfedError, type GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';

/** MemberRead is what one member holds of its plan, by object key, or why it (or one kind of it) could not be read. */
export interface MemberRead {
  live: Map<string, KubeObject>;
  /** the member did not answer: nothing of it was read */
  error?: GitfedError;
  /** kinds the member answered about with an error (a CRD not installed yet): their objects are Unknown */
  kindErrors?: Map<string, string>;
}

/** readMember lists each kind of the objects once and keeps the ones among them; a member that does not answer stops the reading. */
export async function readMember(client: ClusterClient, objects: readonly KubeObject[]): Promise<MemberRead> {
  const planned = new Set(objects.map(objectKey));
  const kinds = new Map(objects.map((o) => [kindOf(o), o]));
  const live = new Map<string, KubeObject>();
  const kindErrors = new Map<string, string>();
  for (const [kind, o] of kinds) {
    try {
      for (const item of await client.list(o.apiVersion, o.kind)) if (planned.has(objectKey(item))) live.set(objectKey(item), item);
    } catch (err) {
      const e = asGitfedError(err, 'ClusterUnreachable', client.cluster);
      // a member that does not answer is unreachable as a whole: asking about its other kinds would wait again
      if (e.code === 'ClusterUnreachable') return { live, error: e };
      kindErrors.set(kind, e.message);
    }
  }
  return kindErrors.size > 0 ? { live, kindErrors } : { live };
}

/**
 * unhealthyOn reads the applied objects back and names those not Current (a missing one is left to drift, which
 * says so); undefined when the cluster could not be read, so the status says what the apply found instead.
 */
export async function unhealthyOn(client: ClusterClient, objects: readonly KubeObject[], interpreter?: Interpreter): Promise<UnhealthyObject[] | undefined> {
  const watched = objects.filter(healthMatters);
  if (watched.length === 0) return [];
  const read = await readMember(client, watched);
  if (read.error) return undefined;
  return unhealthyAmong(watched, (o) => read.live.get(objectKey(o)), interpreter);
}

/** unhealthyAmong reads each planned object's live copy (one that is not there is left to drift) and names those not Current. */
function unhealthyAmong(objects: readonly KubeObject[], liveOf: (o: KubeObject) => KubeObject | undefined, interpreter: Interpreter | undefined): UnhealthyObject[] {
  const out: UnhealthyObject[] = [];
  for (const o of objects) {
    const live = liveOf(o);
    const h = live && unhealthyReading(live, interpreter);
    if (h) out.push({ subject: objectSubject(o), ...h });
  }
  return out;
}
