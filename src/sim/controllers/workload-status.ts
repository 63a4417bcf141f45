import type { JsonObject, JsonValue, KubeObject } from '../../model/kube.js';
import { field } from './resources.js';

/** Placed is how many pods a workload wants and how many of them run (the others are Pending). */
export interface Placed {
  desired: number;
  ready: number;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** templateHash is a pod-template-hash look-alike: FNV-1a of the template, safe-encoded as the controllers do. */
export function templateHash(template: JsonValue | undefined): string {
  const text = JSON.stringify(template ?? {});
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h = Math.imul(h ^ unit, 0x01000193) >>> 0;
    // one step per code point, with its first UTF-16 unit (as the hash always took): a surrogate pair's second is skipped
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return [...String(h)].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** timestamp is RFC 3339 with seconds, as metav1.Time serialises. */
export function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** omitZero drops zero counters, as the Go `omitempty` fields of workload statuses do. */
function omitZero(status: Record<string, JsonValue>, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(status)) if (!(keys.includes(k) && v === 0)) out[k] = v;
  return out;
}

function generation(obj: KubeObject): number {
  const g = obj.metadata.generation;
  return typeof g === 'number' ? g : 1;
}

type Condition = Record<string, string>;

/** condition keeps the old transition time when the status did not change, and the update time when nothing did. */
function condition(old: JsonValue | undefined, type: string, status: string, reason: string, message: string, now: string, withUpdate: boolean): Condition {
  const prev = Array.isArray(field(old, 'conditions')) ? (field(old, 'conditions') as JsonValue[]).find((c) => field(c, 'type') === type) : undefined;
  const same = field(prev, 'status') === status;
  const unchanged = same && field(prev, 'reason') === reason && field(prev, 'message') === message;
  const transition = same ? String(field(prev, 'lastTransitionTime') ?? now) : now;
  const update = unchanged ? String(field(prev, 'lastUpdateTime') ?? now) : now;
  return { type, status, ...(withUpdate ? { lastUpdateTime: update } : {}), lastTransitionTime: transition, reason, message };
}

/** maxUnavailable resolves a rolling update's maxUnavailable (default 25%, percentages round down) as the deployment controller does. */
export function maxUnavailable(obj: KubeObject, replicas: number): number {
  if (field(obj, 'spec', 'strategy', 'type') === 'Recreate' || replicas === 0) return 0;
  const resolve = (v: JsonValue | undefined, dflt: string, up: boolean): number => {
    const s = v ?? dflt;
    if (typeof s === 'number') return s;
    const pct = Number(String(s).replace(/%$/, '')) * replicas / 100;
    return up ? Math.ceil(pct) : Math.floor(pct);
  };
  const unavailable = resolve(field(obj, 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable'), '25%', false);
  const surge = resolve(field(obj, 'spec', 'strategy', 'rollingUpdate', 'maxSurge'), '25%', true);
  // both zero would block every rollout, so the controller allows one unavailable pod
  return Math.min(replicas, unavailable === 0 && surge === 0 ? 1 : unavailable);
}

/** deploymentStatus is what the deployment controller reports once its ReplicaSet's pods are created. */
export function deploymentStatus(obj: KubeObject, p: Placed, old: JsonValue | undefined, now: string): JsonObject {
  const available = p.ready >= p.desired - maxUnavailable(obj, p.desired);
  const rs = `${obj.metadata.name}-${templateHash(field(obj, 'spec', 'template'))}`;
  const done = p.ready >= p.desired;
  return {
    ...omitZero({
      observedGeneration: generation(obj), replicas: p.desired, updatedReplicas: p.desired, readyReplicas: p.ready,
      availableReplicas: p.ready, unavailableReplicas: p.desired - p.ready,
    }, ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']),
    conditions: [
      available
        ? condition(old, 'Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now, true)
        : condition(old, 'Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now, true),
      done
        ? condition(old, 'Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs}" has successfully progressed.`, now, true)
        : condition(old, 'Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rs}" is progressing.`, now, true),
    ],
  };
}

/** replicaSetStatus is the ReplicaSet controller's report (it sets no condition while pods are merely Pending). */
export function replicaSetStatus(obj: KubeObject, p: Placed): JsonObject {
  return omitZero({
    replicas: p.desired, fullyLabeledReplicas: p.desired, readyReplicas: p.ready, availableReplicas: p.ready, observedGeneration: generation(obj),
  }, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']);
}

/** statefulSetStatus: with OrderedReady pods are created one by one, so a Pending pod holds back the next ones. */
export function statefulSetStatus(obj: KubeObject, p: Placed): JsonObject {
  const parallel = field(obj, 'spec', 'podManagementPolicy') === 'Parallel';
  const created = parallel ? p.desired : Math.min(p.desired, p.ready + 1);
  const revision = `${obj.metadata.name}-${templateHash(field(obj, 'spec', 'template'))}`;
  return {
    ...omitZero({
      observedGeneration: generation(obj), replicas: created, readyReplicas: p.ready, currentReplicas: created, updatedReplicas: created,
    }, ['readyReplicas', 'currentReplicas', 'updatedReplicas']),
    currentRevision: revision, updateRevision: revision, collisionCount: 0, availableReplicas: p.ready,
  };
}

/** daemonSetStatus: one pod per matching node; a pod that does not fit its node stays Pending. */
export function daemonSetStatus(obj: KubeObject, p: Placed): JsonObject {
  return omitZero({
    currentNumberScheduled: p.desired, numberMisscheduled: 0, desiredNumberScheduled: p.desired, numberReady: p.ready,
    observedGeneration: generation(obj), updatedNumberScheduled: p.desired, numberAvailable: p.ready, numberUnavailable: p.desired - p.ready,
  }, ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable']);
}

/** jobStatus completes a Job whose pods all fit (they "run" during the delay); otherwise they stay active and Pending. */
export function jobStatus(obj: KubeObject, p: Placed, old: JsonValue | undefined, now: string): JsonObject {
  const startTime = String(field(old, 'startTime') ?? now);
  if (p.ready < p.desired || p.desired === 0) {
    return { startTime, active: p.desired, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
  }
  const completions = field(obj, 'spec', 'completions');
  const message = 'Reached expected number of succeeded pods';
  return {
    startTime, completionTime: now, succeeded: typeof completions === 'number' ? completions : 1, ready: 0, terminating: 0,
    uncountedTerminatedPods: {},
    conditions: ['SuccessCriteriaMet', 'Complete'].map((type) => ({ type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message })),
  };
}
