/**
 * The Pods a workload runs, as the kubelet reports them: one Running, Ready pod per scheduled replica, bound to its
 * node and requesting what its template asks. A live read of the cluster's capacity (nodes' allocatable less the
 * pods' requests, Karmada's cluster-status controller) then shrinks as workloads land, as on a real cluster.
 * Pods that did not fit are not created: they would hold nothing.
 */
import type { JsonObject, KubeObject } from '../../model/kube.js';
import { ApiError } from '../api-error.js';
import type { ClusterApi, ResourceType } from '../types.js';
import { field } from './resources.js';
import { templateHash } from './workload-status.js';

/** WORKLOAD_POD_LABEL marks the pods the controllers run for workloads (the system pods say `allocated`). */
export const WORKLOAD_POD_LABEL = 'gitfed.io/sim';
const OWNER_ANNOTATION = 'gitfed.io/sim-owner';
const KUBELET = { manager: 'kubelet', subresource: 'status', dryRun: false } as const;
const SCHEDULER = { manager: 'kube-scheduler', dryRun: false } as const;

/** PodBook remembers, per workload key, its pods by name and the node each runs on. */
export type PodBook = Map<string, Map<string, string>>;

/** isWorkloadPod: a pod a workload controller runs (its requests are the workload's, already placed by the scheduler). */
export function isWorkloadPod(pod: KubeObject): boolean {
  return pod.metadata.labels?.[WORKLOAD_POD_LABEL] === 'workload';
}

/** podBookOf reads the workload pods a cluster already runs (a controller started again keeps them). */
export function podBookOf(api: ClusterApi): PodBook {
  const book: PodBook = new Map();
  const rt = api.resolve('', 'v1', 'pods');
  for (const pod of rt ? api.list(rt, undefined, {}).items.filter(isWorkloadPod) : []) {
    const owner = pod.metadata.annotations?.[OWNER_ANNOTATION];
    const node = field(pod, 'spec', 'nodeName');
    if (!owner || typeof node !== 'string') continue;
    book.set(owner, (book.get(owner) ?? new Map()).set(pod.metadata.name, node));
  }
  return book;
}

/** syncPods makes the workload's pods those on `nodes` (one per scheduled replica): a pod kept stays on its node. */
export function syncPods(api: ClusterApi, book: PodBook, key: string, owner: KubeObject, nodes: readonly string[]): void {
  const rt = api.resolve('', 'v1', 'pods');
  if (!rt) return;
  const had = book.get(key) ?? new Map<string, string>();
  // a new pod template replaces every pod, as a rollout does; pods carry the template hash as real ones do
  const hash = templateHash(field(owner, 'spec', 'template'));
  const want = nodes.map((node, i) => ({ name: `${owner.metadata.name}-${hash}-${i}`, node }));
  const keep = new Set(want.filter((w) => had.get(w.name) === w.node).map((w) => w.name));
  for (const [name] of had) if (!keep.has(name)) remove(api, rt, owner.metadata.namespace, name);
  for (const w of want) if (!keep.has(w.name)) run(api, rt, podOf(owner, key, w.name, w.node));
  if (want.length === 0) book.delete(key);
  else book.set(key, new Map(want.map((w) => [w.name, w.node])));
}

/** dropPods removes every pod of a workload gone or finished, as the garbage collector and the kubelet do. */
export function dropPods(api: ClusterApi, book: PodBook, key: string, namespace: string | undefined): void {
  const rt = api.resolve('', 'v1', 'pods');
  const had = book.get(key);
  if (!rt || !had) return;
  for (const name of had.keys()) remove(api, rt, namespace, name);
  book.delete(key);
}

function podOf(owner: KubeObject, key: string, name: string, node: string): KubeObject {
  const template = (field(owner, 'spec', 'template') ?? {}) as { metadata?: { labels?: Record<string, string> }; spec?: JsonObject };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [WORKLOAD_POD_LABEL]: 'workload' },
      annotations: { [OWNER_ANNOTATION]: key },
      ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: String(owner.metadata.uid ?? ''), controller: true }],
    },
    spec: { ...(template.spec ?? { containers: [] }), nodeName: node },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function run(api: ClusterApi, rt: ResourceType, pod: KubeObject): void {
  try {
    const created = api.create(rt, pod.metadata.namespace, pod, SCHEDULER);
    api.replace(rt, pod.metadata.namespace, pod.metadata.name, { ...created, status: pod.status }, KUBELET);
  } catch (err) {
    // the namespace is going away, or a fault was injected: the next turn of the workload tries again
    if (!(err instanceof ApiError)) throw err;
  }
}

function remove(api: ClusterApi, rt: ResourceType, namespace: string | undefined, name: string): void {
  try {
    api.delete(rt, namespace, name, { dryRun: false });
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
  }
}
