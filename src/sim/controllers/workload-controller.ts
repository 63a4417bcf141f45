import type { JsonObject, JsonValue, KubeObject } from '../../model/kube.js';
import { ApiError } from '../api-error.js';
import type { ChangeListener, ClusterApi, ResourceType } from '../types.js';
import type { StatusSchedule } from './spec.js';
import { desiredReplicas, isSchedulable } from './capacity.js';
import { field, podRequests } from './resources.js';
import { createScheduler, type PodShape, type Scheduler } from './scheduler.js';
import { heldByNode } from './system-pods.js';
import { dropPods, isWorkloadPod, podBookOf, syncPods, type PodBook } from './workload-pods.js';
import {
  daemonSetStatus, deploymentStatus, jobStatus, replicaSetStatus, statefulSetStatus, timestamp, type Placed,
} from './workload-status.js';

type StatusFn = (obj: KubeObject, p: Placed, old: JsonValue | undefined, now: string) => JsonObject;

/** WORKLOADS maps `<group>/<plural>` to the status its controller reports. */
const WORKLOADS: Readonly<Record<string, StatusFn>> = {
  'apps/deployments': deploymentStatus,
  'apps/replicasets': replicaSetStatus,
  'apps/statefulsets': statefulSetStatus,
  'apps/daemonsets': daemonSetStatus,
  'batch/jobs': jobStatus,
};

const CONTROLLER = { manager: 'kube-controller-manager', subresource: 'status', dryRun: false } as const;
/** RETRY_MS paces retries after a failed status write, so that a delay of 0 cannot spin. */
const RETRY_MS = 100;

/** WorkloadController follows workloads' specs with their statuses and owns the cluster's scheduler. */
export interface WorkloadController {
  stop(): void;
  /** scheduler is the current placement of every workload's pods */
  scheduler(): Scheduler;
}

interface Ref { rt: ResourceType; namespace: string | undefined; name: string }

/** Loop is the controller's state; the functions below are its steps. */
interface Loop {
  api: ClusterApi;
  delayMs: number;
  scheduler: Scheduler;
  nodeSignature: string;
  /** the workloads the scheduler knows, so that pending ones can be found again when capacity frees up */
  refs: Map<string, Ref>;
  /** the cancel of each queued workload's turn */
  timers: Map<string, () => void>;
  /** the pods each workload runs */
  pods: PodBook;
  schedule: StatusSchedule;
  stopped: boolean;
}

const keyOf = (ref: Ref): string => `${ref.rt.group}/${ref.rt.plural}/${ref.namespace ?? ''}/${ref.name}`;
const statusFnOf = (rt: ResourceType): StatusFn | undefined => WORKLOADS[`${rt.group}/${rt.plural}`];

function listNodes(api: ClusterApi): KubeObject[] {
  const rt = api.resolve('', 'v1', 'nodes');
  return rt ? api.list(rt, undefined, {}).items : [];
}

/** schedulerOf starts a scheduler over the nodes, less what the pods already running on them hold (the workloads' own are placed again). */
function schedulerOf(api: ClusterApi, nodes: readonly KubeObject[]): Scheduler {
  const rt = api.resolve('', 'v1', 'pods');
  return createScheduler(nodes, heldByNode(rt ? api.list(rt, undefined, {}).items.filter((p) => !isWorkloadPod(p)) : []));
}

/** signatureOf is what of the nodes matters to scheduling: names, labels, allocatable and schedulability. */
function signatureOf(nodes: readonly KubeObject[]): string {
  return JSON.stringify(nodes.map((n) => [n.metadata.name, n.metadata.labels ?? {}, field(n, 'status', 'allocatable') ?? {}, isSchedulable(n)]));
}

/** canonical is JSON with object keys sorted, so that equal statuses compare equal whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function podShape(obj: KubeObject): PodShape {
  const podSpec = field(obj, 'spec', 'template', 'spec');
  const selector = field(podSpec, 'nodeSelector');
  const nodeSelector = selector && typeof selector === 'object' && !Array.isArray(selector)
    ? Object.fromEntries(Object.entries(selector).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  return { requests: podRequests(podSpec), nodeSelector };
}

const scheduledPods = (s: Scheduler): number => s.demands().reduce((n, d) => n + d.replicas, 0);

/** enqueue reconciles a workload after the delay; a workload already queued keeps its turn (it reads the latest object then). */
function enqueue(loop: Loop, ref: Ref, delay = loop.delayMs): void {
  const key = keyOf(ref);
  if (loop.stopped || loop.timers.has(key)) return;
  const run = (): void => {
    loop.timers.delete(key);
    reconcile(loop, ref);
  };
  loop.timers.set(key, loop.schedule(run, delay));
}

/** realTimers defers on the event loop; 0 still defers: writing from inside a change notification would reorder the events watchers see. */
export const realTimers: StatusSchedule = (run, delayMs) => {
  if (delayMs <= 0) {
    const immediate = setImmediate(run);
    immediate.unref();
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(run, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

function requeuePending(loop: Loop): void {
  for (const key of loop.scheduler.pending()) {
    const ref = loop.refs.get(key);
    if (ref) enqueue(loop, ref);
  }
}

function release(loop: Loop, ref: Ref): void {
  loop.scheduler.release(keyOf(ref));
  dropPods(loop.api, loop.pods, keyOf(ref), ref.namespace);
  loop.refs.delete(keyOf(ref));
  requeuePending(loop);
}

function place(loop: Loop, ref: Ref, obj: KubeObject): Placed {
  loop.refs.set(keyOf(ref), ref);
  const shape = podShape(obj);
  const desired = field(obj, 'spec', 'suspend') === true ? 0 : desiredReplicas(obj, loop.scheduler.matchingNodes(shape));
  return { desired, ready: loop.scheduler.place(keyOf(ref), shape, desired, obj.kind === 'DaemonSet') };
}

function reconcile(loop: Loop, ref: Ref): void {
  const statusOf = statusFnOf(ref.rt);
  let obj: KubeObject;
  try {
    // read only: a status write copies what it is given
    obj = loop.api.get(ref.rt, ref.namespace, ref.name, { shared: true });
  } catch {
    return release(loop, ref);
  }
  const finishedJob = obj.kind === 'Job' && field(obj, 'status', 'completionTime') !== undefined;
  if (!statusOf || obj.metadata.deletionTimestamp || finishedJob) return;
  const before = scheduledPods(loop.scheduler);
  const status = statusOf(obj, place(loop, ref, obj), obj.status as JsonValue | undefined, timestamp(new Date()));
  // a completed Job's pods are gone; a scale-down leaves room for pods that were Pending
  if (field(status, 'completionTime') !== undefined) release(loop, ref);
  else {
    syncPods(loop.api, loop.pods, keyOf(ref), obj, loop.scheduler.nodesOf(keyOf(ref)));
    if (scheduledPods(loop.scheduler) < before) requeuePending(loop);
  }
  if (canonical(obj.status ?? {}) !== canonical(status)) writeStatus(loop, ref, obj, status);
}

function writeStatus(loop: Loop, ref: Ref, obj: KubeObject, status: JsonObject): void {
  try {
    loop.api.replace(ref.rt, ref.namespace, ref.name, { ...obj, status }, CONTROLLER);
  } catch (err) {
    // a conflict or an injected fault: try again later, as the real controller requeues with backoff
    if (err instanceof ApiError && err.code !== 404) enqueue(loop, ref, Math.max(loop.delayMs, RETRY_MS));
  }
}

/** enqueueAll queues every workload, oldest first, so that earlier workloads get the capacity first. */
function enqueueAll(loop: Loop): void {
  for (const rt of loop.api.resources()) {
    if (!statusFnOf(rt)) continue;
    const items = loop.api.list(rt, undefined, {}).items;
    items.sort((a, b) => String(a.metadata.creationTimestamp ?? '').localeCompare(String(b.metadata.creationTimestamp ?? '')));
    for (const o of items) enqueue(loop, { rt, namespace: o.metadata.namespace, name: o.metadata.name });
  }
}

/** onNodesChanged schedules everything again when a node was added, removed, relabelled, resized or cordoned. */
function onNodesChanged(loop: Loop): void {
  const nodes = listNodes(loop.api);
  const signature = signatureOf(nodes);
  if (signature === loop.nodeSignature) return;
  loop.nodeSignature = signature;
  loop.scheduler = schedulerOf(loop.api, nodes);
  loop.refs.clear();
  enqueueAll(loop);
}

function listener(loop: Loop): ChangeListener {
  return ({ type, resource, namespace, name }) => {
    if (loop.stopped) return;
    if (resource.group === '' && resource.plural === 'nodes') return onNodesChanged(loop);
    if (!statusFnOf(resource)) return;
    const ref = { rt: resource, namespace, name };
    if (type === 'DELETED') release(loop, ref);
    else enqueue(loop, ref);
  };
}

/** startWorkloadController subscribes to the cluster's changes and queues its existing workloads; stop() clears every timer. */
export function startWorkloadController(api: ClusterApi, delayMs: number, schedule: StatusSchedule = realTimers): WorkloadController {
  const nodes = listNodes(api);
  const loop: Loop = {
    api, delayMs, scheduler: schedulerOf(api, nodes), nodeSignature: signatureOf(nodes), refs: new Map(), timers: new Map(), pods: podBookOf(api), schedule, stopped: false,
  };
  const unsubscribe = api.onChange(listener(loop));
  enqueueAll(loop);
  return {
    stop() {
      loop.stopped = true;
      unsubscribe();
      for (const cancel of loop.timers.values()) cancel();
      loop.timers.clear();
    },
    scheduler: () => loop.scheduler,
  };
}
