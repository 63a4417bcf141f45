import type { KubeObject } from '../../model/kube.js';
import type { ChangeListener, ResourceType } from '../types.js';
import type { ObjectStore } from './objects.js';
import { apiVersionOf, storageKey, type CustomKind } from './registry.js';
import type { WatchHub } from './watch-hub.js';
import { copyJson } from '../../kube/deep-copy.js';

/** ClusterContext is the shared state every part of one simulated cluster's store works on. */
export interface ClusterContext {
  name: string;
  now: () => Date;
  /** the current revision: the resourceVersion of the newest stored change */
  rv: number;
  objects: ObjectStore;
  hub: WatchHub;
  builtins: ResourceType[];
  /** served custom kinds by storage key, with the name of the CRD that defines them */
  custom: Map<string, { crd: string; kinds: CustomKind[] }>;
  listeners: Set<ChangeListener>;
  timers: Set<NodeJS.Timeout>;
  controllerDelayMs: number;
  bookmarkIntervalMs: number;
  allocateClusterIP: () => string;
  /** closers end every open watch (close()) */
  closers: Set<() => void>;
  /** keys of controller work already scheduled, so a burst of deletions schedules it once */
  pending: Set<string>;
  /** afterCommit runs the built-in controllers' reactions to a stored change */
  afterCommit?: (rt: ResourceType, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject, old?: KubeObject) => void;
}

/** nowString renders the clock as RFC3339 with second precision, as metadata timestamps are. */
export function nowString(ctx: ClusterContext): string {
  const second = Math.floor(ctx.now().getTime() / 1000);
  // every write stamps the time: formatting it once per second, not once per write
  if (lastStamp.second !== second) lastStamp = { second, text: new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastStamp.text;
}

let lastStamp = { second: Number.NaN, text: '' };

/** isCustom tells whether a type is defined by a CRD. */
export function isCustom(ctx: ClusterContext, rt: ResourceType): boolean {
  return ctx.custom.has(storageKey(rt));
}

/** typeOf finds the served type of a storage key (the first served version for CRDs). */
export function typeOf(ctx: ClusterContext, key: string): ResourceType | undefined {
  return ctx.builtins.find((rt) => storageKey(rt) === key) ?? ctx.custom.get(key)?.kinds[0]?.rt;
}

/** asVersion returns a deep copy of a stored object as the requested version serves it (no conversion: same schema). */
export function asVersion(obj: KubeObject, rt: ResourceType): KubeObject {
  return copyJson(viewAs(obj, rt));
}

/**
 * viewAs is a stored object as the requested version serves it, sharing every part but the top with the store: for
 * what is only written out (a watch event), where a deep copy per event and watcher was most of the event's cost.
 */
export function viewAs(obj: KubeObject, rt: ResourceType): KubeObject {
  return { ...obj, apiVersion: apiVersionOf(rt), kind: rt.kind };
}

/** commit stores a change under a new resourceVersion, records it for watchers and tells the listeners. */
export function commit(ctx: ClusterContext, rt: ResourceType, type: 'ADDED' | 'MODIFIED' | 'DELETED', next: KubeObject, old?: KubeObject): KubeObject {
  ctx.rv += 1;
  const stored: KubeObject = { ...next, metadata: { ...next.metadata, resourceVersion: String(ctx.rv) } };
  const key = storageKey(rt);
  if (type === 'DELETED') ctx.objects.remove(key, stored.metadata.namespace, stored.metadata.name);
  else ctx.objects.put(key, stored);
  ctx.hub.publish({ rv: ctx.rv, type, key, object: stored, ...(old ? { old } : {}) });
  const { namespace, name } = stored.metadata;
  for (const listener of [...ctx.listeners]) {
    let copy: KubeObject | undefined;
    try {
      // a deep copy per listener and change was a tenth of the simulator's time in a first sync, mostly unread
      listener({ type, resource: rt, ...(namespace ? { namespace } : {}), name, get object() { return (copy ??= asVersion(stored, rt)); } });
    } catch {
      // a failing controller must not fail the write that triggered it
    }
  }
  // built-in reactions (CRD establishing, namespace and CRD cleanup) run after everyone has seen this change
  ctx.afterCommit?.(rt, type, stored, old);
  return stored;
}

/** schedule runs controller work once per key after the configured delay, tracked so idle() and close() see it. */
export function schedule(ctx: ClusterContext, key: string, fn: () => void): void {
  if (ctx.pending.has(key)) return;
  ctx.pending.add(key);
  const t = setTimeout(() => {
    ctx.timers.delete(t);
    ctx.pending.delete(key);
    try {
      fn();
    } catch {
      // controllers retry on the next change; an error must not escape a timer and crash the process
    }
  }, ctx.controllerDelayMs);
  t.unref();
  ctx.timers.add(t);
}
