import type { KubeObject } from '../../model/kube.js';
import { allocatableOf, isSchedulable, type WorkloadDemand } from './capacity.js';
import { addAmounts, fits, type ResourceAmounts } from './resources.js';

/** PodShape is what decides where a workload's pods fit. */
export interface PodShape {
  requests: ResourceAmounts;
  nodeSelector: Readonly<Record<string, string>>;
}

interface SimNode {
  name: string;
  labels: Readonly<Record<string, string>>;
  free: ResourceAmounts;
  schedulable: boolean;
}

interface Placement {
  shape: PodShape;
  signature: string;
  wanted: number;
  /** the node index of every scheduled pod */
  pods: number[];
}

/** Scheduler spreads pods over the nodes that fit them and keeps them there, as the kube-scheduler never moves a running pod. */
export interface Scheduler {
  /** place schedules up to `replicas` pods of a workload (one per matching node when `daemon`); returns how many are scheduled */
  place(key: string, shape: PodShape, replicas: number, daemon?: boolean): number;
  /** release frees every pod of a workload */
  release(key: string): void;
  /** pending lists the workloads with pods that did not fit */
  pending(): string[];
  /** pendingPods counts the pods that did not fit */
  pendingPods(): number;
  /** demands is what the scheduled pods request, for freeCapacity */
  demands(): WorkloadDemand[];
  /** matchingNodes counts the schedulable nodes a pod of this shape may run on */
  matchingNodes(shape: PodShape): number;
  /** nodesOf names the node of each scheduled pod of a workload */
  nodesOf(key: string): string[];
}

function matches(node: SimNode, shape: PodShape): boolean {
  return node.schedulable && Object.entries(shape.nodeSelector).every(([k, v]) => node.labels[k] === v);
}

/** leastAllocated is the fitting node with the most free cpu (then memory), as the default scoring spreads pods; -1 when none fits. */
function leastAllocated(nodes: readonly SimNode[], shape: PodShape): number {
  let best = -1;
  const score = (n: SimNode): [number, number] => [n.free.cpu ?? 0, n.free.memory ?? 0];
  nodes.forEach((n, i) => {
    if (!matches(n, shape) || !fits(shape.requests, n.free)) return;
    const b = nodes[best];
    const [cpu, mem] = score(n);
    if (!b || cpu > score(b)[0] || (cpu === score(b)[0] && mem > score(b)[1])) best = i;
  });
  return best;
}

function unbind(nodes: SimNode[], p: Placement, count: number): void {
  for (const idx of p.pods.splice(p.pods.length - count, count)) {
    const node = nodes[idx];
    if (node) node.free = addAmounts(node.free, p.shape.requests);
  }
}

function bind(nodes: SimNode[], p: Placement, idx: number): void {
  const node = nodes[idx];
  if (!node || !matches(node, p.shape) || !fits(p.shape.requests, node.free)) return;
  node.free = addAmounts(node.free, p.shape.requests, -1);
  p.pods.push(idx);
}

/** fill binds pods until `replicas` run or nothing fits; a daemon tries each node once, others spread. */
function fill(nodes: SimNode[], p: Placement, replicas: number, daemon: boolean): void {
  if (daemon) {
    for (let i = 0; i < nodes.length && p.pods.length < replicas; i++) if (!p.pods.includes(i)) bind(nodes, p, i);
    return;
  }
  for (let i = leastAllocated(nodes, p.shape); p.pods.length < replicas && i >= 0; i = leastAllocated(nodes, p.shape)) bind(nodes, p, i);
}

/** createScheduler starts with every node empty. */
export function createScheduler(nodeObjects: readonly KubeObject[], held: ReadonlyMap<string, ResourceAmounts> = new Map()): Scheduler {
  const nodes: SimNode[] = nodeObjects.map((n) => ({
    name: n.metadata.name,
    labels: n.metadata.labels ?? {}, free: addAmounts(allocatableOf(n), held.get(n.metadata.name) ?? {}, -1), schedulable: isSchedulable(n),
  }));
  const placements = new Map<string, Placement>();
  const release = (key: string): void => {
    const p = placements.get(key);
    if (p) unbind(nodes, p, p.pods.length);
    placements.delete(key);
  };
  const placementFor = (key: string, shape: PodShape): Placement => {
    const signature = JSON.stringify(shape);
    const old = placements.get(key);
    if (old?.signature === signature) return old;
    // a new pod template replaces every pod; the new ones queue behind nothing but this workload's old ones
    release(key);
    const p: Placement = { shape, signature, wanted: 0, pods: [] };
    placements.set(key, p);
    return p;
  };
  return {
    place(key, shape, replicas, daemon = false) {
      const p = placementFor(key, shape);
      p.wanted = replicas;
      if (p.pods.length > replicas) unbind(nodes, p, p.pods.length - replicas);
      fill(nodes, p, replicas, daemon);
      return p.pods.length;
    },
    release,
    pending: () => [...placements].filter(([, p]) => p.pods.length < p.wanted).map(([key]) => key),
    pendingPods: () => [...placements.values()].reduce((n, p) => n + Math.max(0, p.wanted - p.pods.length), 0),
    demands: () => [...placements.values()].map((p) => ({ requests: p.shape.requests, replicas: p.pods.length })),
    matchingNodes: (shape) => nodes.filter((n) => matches(n, shape)).length,
    nodesOf: (key) => (placements.get(key)?.pods ?? []).map((i) => (nodes[i] as SimNode).name),
  };
}
