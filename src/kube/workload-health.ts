/**
 * A kstatus-like reading of one live object (sigs.k8s.io/cli-utils/pkg/kstatus): whether its controller has caught
 * up with its spec. Pure: the object in, a status out. The rules follow kstatus in order (generic properties first,
 * then the kind's own), so that `gitfed status` agrees with what `kubectl`-based tools say about the same object.
 */
import type { JsonValue, KubeObject } from '../model/kube.js';
import type { KStatus, ResourceHealth } from '../model/kstatus.js';
import { isPlainObject } from './plain-object.js';
import { createInterpreter, type Interpreter } from './interpreter/interpreter.js';

export type { KStatus, ResourceHealth };

/** WorkloadHealth is the reading of one object: status, Karmada's health, pods ready of desired where the kind has them, and why. */
export interface WorkloadHealth {
  status: KStatus;
  health: ResourceHealth;
  /** ready (or, for a Job, succeeded) pods; absent for kinds without pods */
  ready?: number;
  /** desired pods (a Job's completions); absent for kinds without pods */
  desired?: number;
  /** a short reason, e.g. `2/3 ready` */
  message: string;
}

type Reading = Omit<WorkloadHealth, 'health'>;

/** healthOf maps a kstatus status to Karmada's: only Current is Healthy, Unknown stays Unknown. */
export function healthOf(status: KStatus): ResourceHealth {
  if (status === 'Current') return 'Healthy';
  return status === 'Unknown' ? 'Unknown' : 'Unhealthy';
}


// the built-in customizations alone: what reads a custom kind when the caller has no commit's interpreter to give
let builtinInterpreter: Interpreter | undefined;

/**
 * readWorkloadHealth reads one live object the way kstatus does; null (not there) is Unknown. A kind with a
 * healthInterpretation customization (the commit's interpreter given, else the built-in ones) is read by its
 * InterpretHealth.
 */
export function readWorkloadHealth(obj: KubeObject | null, interpreter?: Interpreter): WorkloadHealth {
  const r = obj ? read(obj, interpreter) : { status: 'Unknown' as const, message: 'not found' };
  return { ...r, health: healthOf(r.status) };
}

function read(obj: KubeObject, interpreter: Interpreter | undefined): Reading {
  const counts = countsOf(obj);
  const generic = genericReading(obj);
  if (generic) return { ...counts, ...generic };
  const custom = customReading(obj, interpreter);
  if (custom) return { ...counts, ...custom };
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  const byKind = KIND_RULES[`${group}/${obj.kind}`];
  if (byKind) return { ...counts, ...byKind(obj) };
  const ready = condition(obj, 'Ready');
  if (ready) {
    if (ready.status === 'True') return { status: 'Current', message: 'Ready' };
    return { status: 'InProgress', message: `not Ready${ready.reason ? `: ${ready.reason}` : ''}${ready.message ? `: ${ready.message}` : ''}` };
  }
  return { status: 'Current', message: 'Resource is current' };
}

/** customReading is InterpretHealth of the kind's customization; a failing script is Unknown with its error. */
function customReading(obj: KubeObject, given: Interpreter | undefined): Reading | undefined {
  const interpreter = given ?? (builtinInterpreter ??= createInterpreter());
  if (!interpreter.has(obj, 'healthInterpretation')) return undefined;
  try {
    return interpreter.interpretHealth(obj) ? { status: 'Current', message: 'healthy (InterpretHealth)' } : { status: 'InProgress', message: 'not healthy (InterpretHealth)' };
  } catch (err) {
    return { status: 'Unknown', message: (err as Error).message };
  }
}

/** genericReading is kstatus's checkGenericProperties: deletion, an unobserved generation, Reconciling and Stalled. */
function genericReading(obj: KubeObject): Reading | null {
  if (obj.metadata.deletionTimestamp) return { status: 'InProgress', message: 'Resource scheduled for deletion' };
  const observed = num(obj, 'status', 'observedGeneration');
  const generation = typeof obj.metadata.generation === 'number' ? obj.metadata.generation : undefined;
  if (observed !== undefined && generation !== undefined && observed < generation) {
    return { status: 'InProgress', message: `generation ${generation} not observed yet (observed ${observed})` };
  }
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True') return { status: 'Failed', message: stalled.message || 'Stalled' };
  const reconciling = condition(obj, 'Reconciling');
  if (reconciling?.status === 'True') return { status: 'InProgress', message: reconciling.message || 'Reconciling' };
  return null;
}

const KIND_RULES: Record<string, (obj: KubeObject) => Reading> = {
  'apps/Deployment': deploymentReading,
  'apps/StatefulSet': statefulSetReading,
  'apps/DaemonSet': daemonSetReading,
  'batch/Job': jobReading,
};

/** countsOf is ready of desired for the kinds that run pods (kstatus' own messages are longer). */
function countsOf(obj: KubeObject): { ready?: number; desired?: number } {
  if (obj.kind === 'DaemonSet') return { ready: num(obj, 'status', 'numberReady') ?? 0, desired: num(obj, 'status', 'desiredNumberScheduled') ?? 0 };
  if (obj.kind === 'Job') return { ready: num(obj, 'status', 'succeeded') ?? 0, desired: jobCompletions(obj) };
  if (obj.kind === 'Deployment' || obj.kind === 'StatefulSet' || obj.kind === 'ReplicaSet') {
    return { ready: num(obj, 'status', 'readyReplicas') ?? 0, desired: specReplicas(obj) };
  }
  return {};
}

function deploymentReading(obj: KubeObject): Reading {
  const progressing = condition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { status: 'Failed', message: 'progress deadline exceeded' };
  const want = specReplicas(obj);
  const replicas = num(obj, 'status', 'replicas') ?? 0;
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  const available = num(obj, 'status', 'availableReplicas') ?? 0;
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  const checks: [boolean, string][] = [
    [want > replicas, `${replicas}/${want} created`],
    [want > updated, `${updated}/${want} updated`],
    [replicas > want, `${replicas - want} pending termination`],
    [updated > available, `${available}/${updated} available`],
    [want > ready, `${ready}/${want} ready`],
    // kstatus waits for the controller to say the new ReplicaSet is available, and the Deployment too
    [progressing?.reason !== 'NewReplicaSetAvailable', 'ReplicaSet not available'],
    [condition(obj, 'Available')?.status !== 'True', 'Deployment not available'],
  ];
  return firstFailing(checks) ?? { status: 'Current', message: `${ready}/${want} ready` };
}

function statefulSetReading(obj: KubeObject): Reading {
  const want = specReplicas(obj);
  const replicas = num(obj, 'status', 'replicas') ?? 0;
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  const current = num(obj, 'status', 'currentReplicas') ?? 0;
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  if (field(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') return { status: 'Current', message: `${ready}/${want} ready (OnDelete)` };
  const partition = num(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
  const checks: [boolean, string][] = [
    [want > replicas, `${replicas}/${want} created`],
    [want > ready, `${ready}/${want} ready`],
    [replicas > want, `${replicas - want} pending termination`],
  ];
  const early = firstFailing(checks);
  if (early) return early;
  if (partition !== undefined && partition > 0) {
    const due = Math.max(0, want - partition);
    return updated < due ? { status: 'InProgress', message: `${updated}/${due} updated` } : { status: 'Current', message: `${ready}/${want} ready (partitioned roll out complete)` };
  }
  return firstFailing([
    [want > current, `${current}/${want} current`],
    [field(obj, 'status', 'currentRevision') !== field(obj, 'status', 'updateRevision'), 'waiting for the update revision to become current'],
  ]) ?? { status: 'Current', message: `${ready}/${want} ready` };
}

function daemonSetReading(obj: KubeObject): Reading {
  const desired = num(obj, 'status', 'desiredNumberScheduled');
  if (desired === undefined) return { status: 'InProgress', message: 'desiredNumberScheduled not reported yet' };
  const value = (k: string): number => num(obj, 'status', k) ?? 0;
  return firstFailing([
    [desired > value('currentNumberScheduled'), `${value('currentNumberScheduled')}/${desired} scheduled`],
    [desired > value('updatedNumberScheduled'), `${value('updatedNumberScheduled')}/${desired} updated`],
    [desired > value('numberAvailable'), `${value('numberAvailable')}/${desired} available`],
    [desired > value('numberReady'), `${value('numberReady')}/${desired} ready`],
  ]) ?? { status: 'Current', message: `${value('numberReady')}/${desired} ready` };
}

/** jobReading: Complete is Current, Failed is Failed; a started Job still running is Current for kstatus too (it is not a rollout). */
function jobReading(obj: KubeObject): Reading {
  const succeeded = num(obj, 'status', 'succeeded') ?? 0;
  const completions = jobCompletions(obj);
  if (condition(obj, 'Complete')?.status === 'True') return { status: 'Current', message: `completed: ${succeeded}/${completions} succeeded` };
  const failed = condition(obj, 'Failed');
  if (failed?.status === 'True') return { status: 'Failed', message: `failed${failed.reason ? `: ${failed.reason}` : ''}` };
  if (field(obj, 'status', 'startTime') === undefined) return { status: 'InProgress', message: 'not started' };
  return { status: 'Current', message: `running: ${succeeded}/${completions} succeeded, ${num(obj, 'status', 'active') ?? 0} active` };
}

function firstFailing(checks: readonly [boolean, string][]): Reading | null {
  const hit = checks.find(([failing]) => failing);
  return hit ? { status: 'InProgress', message: hit[1] } : null;
}

function specReplicas(obj: KubeObject): number {
  return num(obj, 'spec', 'replicas') ?? 1;
}

function jobCompletions(obj: KubeObject): number {
  return num(obj, 'spec', 'completions') ?? num(obj, 'spec', 'parallelism') ?? 1;
}

interface Condition {
  status: string;
  reason: string;
  message: string;
}

function condition(obj: KubeObject, type: string): Condition | undefined {
  const list = field(obj, 'status', 'conditions');
  if (!Array.isArray(list)) return undefined;
  const found = list.find((c) => isPlainObject(c) && c.type === type);
  if (!isPlainObject(found)) return undefined;
  const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');
  return { status: text(found.status), reason: text(found.reason), message: text(found.message) };
}

function field(obj: KubeObject, ...path: string[]): JsonValue | undefined {
  let v: JsonValue | undefined = obj as unknown as JsonValue;
  for (const key of path) v = isPlainObject(v) ? v[key] : undefined;
  return v;
}

function num(obj: KubeObject, ...path: string[]): number | undefined {
  const v = field(obj, ...path);
  return typeof v === 'number' ? v : undefined;
}

/** healthMatters: kinds whose health can change after they are applied; core/v1 and RBAC objects are Current once they exist. */
export function healthMatters(obj: Pick<KubeObject, 'apiVersion'>): boolean {
  return obj.apiVersion !== 'v1' && !obj.apiVersion.startsWith('rbac.authorization.k8s.io/');
}

/** unhealthyReading: the reading as a status lists it (InProgress or Failed), else undefined (Current, or Unknown, which drift reports). */
export function unhealthyReading(obj: KubeObject, interpreter?: Interpreter): { status: 'InProgress' | 'Failed'; message: string } | undefined {
  const h = readWorkloadHealth(obj, interpreter);
  return h.status === 'InProgress' || h.status === 'Failed' ? { status: h.status, message: h.message } : undefined;
}
