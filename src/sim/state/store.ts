import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../model/kube.js';
import type { ClusterApi, ResourceType } from '../types.js';
import { asVersion, commit, nowString, viewAs, type ClusterContext } from './context.js';
import { controllersAfterCommit } from './controllers.js';
import { deleteObject } from './deletion.js';
import { notFound } from './errors.js';
import { listObjects, watchObjects } from './list-watch.js';
import { createObjectStore } from './objects.js';
import { patchObject } from './patching.js';
import { builtinResources, storageKey } from './registry.js';
import { getScale } from './scale.js';
import { createWatchHub } from './watch-hub.js';
import { createObject, replaceObject } from './writes.js';
import { copyJson } from '../../kube/deep-copy.js';

/** ClusterStateOptions configure one simulated cluster's API state. */
export interface ClusterStateOptions {
  name: string;
  /** clock for timestamps (tests pin it) */
  now?: () => Date;
  /** number of change events kept for watch resumption; older resourceVersions get 410 Expired */
  watchHistory?: number;
  /** how often an open watch that allows bookmarks gets one (default 60 s, as the watch cache) */
  bookmarkIntervalMs?: number;
  /** delay before the built-in controllers (namespace deletion, CRD cleanup, garbage collection) act (default 0) */
  controllerDelayMs?: number;
  /** first three octets of the Service cluster IP range (default `10.96.0`) */
  serviceCidrPrefix?: string;
}

const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function ipAllocator(prefix: string): () => string {
  const [a, b, c] = prefix.split('.').map(Number);
  let next = 1; // x.x.x.1 is the `kubernetes` Service on a real cluster
  return () => {
    next += 1;
    return `${a ?? 10}.${b ?? 96}.${(c ?? 0) + Math.floor((next - 1) / 254)}.${((next - 1) % 254) + 1}`;
  };
}

function seed(ctx: ClusterContext): void {
  const rt = ctx.builtins.find((r) => r.plural === 'namespaces' && r.group === '');
  if (!rt) return;
  for (const name of INITIAL_NAMESPACES) {
    const ns: KubeObject = {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: { name, uid: randomUUID(), creationTimestamp: nowString(ctx), labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
    };
    commit(ctx, rt, 'ADDED', ns);
  }
}

function served(ctx: ClusterContext): ResourceType[] {
  return [...ctx.builtins, ...[...ctx.custom.values()].flatMap((c) => c.kinds.map((k) => k.rt))];
}

/** createClusterState builds the in-memory API server of one simulated cluster, with the four initial namespaces. */
export function createClusterState(opts: ClusterStateOptions): ClusterApi {
  const ctx: ClusterContext = {
    name: opts.name, now: opts.now ?? (() => new Date()), rv: 0, objects: createObjectStore(),
    hub: createWatchHub(opts.watchHistory ?? 1000), builtins: builtinResources(), custom: new Map(), listeners: new Set(),
    timers: new Set(), closers: new Set(), pending: new Set(), controllerDelayMs: opts.controllerDelayMs ?? 0,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000, allocateClusterIP: ipAllocator(opts.serviceCidrPrefix ?? '10.96.0'),
  };
  seed(ctx);
  ctx.afterCommit = controllersAfterCommit(ctx);
  return {
    name: opts.name,
    resolve: (group, version, plural) => served(ctx).find((r) => r.group === group && r.version === version && r.plural === plural),
    resources: () => served(ctx).map((r) => copyJson(r)),
    get(rt, namespace, name, o) {
      const obj = ctx.objects.get(storageKey(rt), rt.namespaced ? namespace : undefined, name);
      if (!obj) throw notFound(rt, name);
      return o?.shared ? viewAs(obj, rt) : asVersion(obj, rt);
    },
    list: (rt, namespace, o) => listObjects(ctx, rt, namespace, o),
    create: (rt, namespace, body, o) => createObject(ctx, rt, namespace, body, o),
    replace: (rt, namespace, name, body, o) => replaceObject(ctx, rt, namespace, name, body, o),
    patch: (rt, namespace, name, contentType, body, o) => patchObject(ctx, rt, namespace, name, contentType, body, o),
    delete: (rt, namespace, name, o) => deleteObject(ctx, rt, namespace, name, o),
    watch: (rt, namespace, o, send) => watchObjects(ctx, rt, namespace, o, send),
    onChange(listener) {
      ctx.listeners.add(listener);
      return () => void ctx.listeners.delete(listener);
    },
    getScale: (rt, namespace, name) => getScale(ctx, rt, namespace, name),
    async idle() {
      while (ctx.timers.size > 0) await new Promise((r) => setTimeout(r, Math.max(1, ctx.controllerDelayMs)));
    },
    close() {
      for (const t of ctx.timers) clearTimeout(t);
      ctx.timers.clear();
      for (const end of [...ctx.closers]) end();
    },
  };
}
