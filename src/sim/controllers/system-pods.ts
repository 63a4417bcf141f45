import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { ClusterApi } from '../types.js';
import { splitAmounts } from './nodes.js';
import { addAmounts, amountsOf, field, podRequests, toResourceList, type ResourceAmounts } from './resources.js';
import type { ControllerSpec } from './spec.js';

/** SYSTEM_NAMESPACE holds the pods that stand for what a cluster declares as already allocated. */
const SYSTEM_NAMESPACE = 'kube-system';

/**
 * planSystemPods turns a Cluster's declared `status.resourceSummary.allocated` into running pods that hold
 * exactly those requests, spread round-robin over the nodes, so that a live read (nodes' allocatable minus pods'
 * requests, as Karmada's cluster-status controller computes it) finds the capacity the repository declares.
 */
export function planSystemPods(spec: ControllerSpec, nodes: readonly KubeObject[]): KubeObject[] {
  const { pods, ...held } = amountsOf(spec.allocated as Record<string, string | number> | undefined);
  const holdsSomething = Object.values(held).some((v) => v > 0);
  const count = Math.max(pods ?? 0, holdsSomething ? 1 : 0);
  if (count === 0 || nodes.length === 0) return [];
  return splitAmounts(held, count).map((requests, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${spec.name}-system-${i + 1}`, namespace: SYSTEM_NAMESPACE, labels: { 'gitfed.io/sim': 'allocated' } },
    spec: {
      nodeName: (nodes[i % nodes.length] as KubeObject).metadata.name,
      containers: [{ name: 'system', image: 'registry.k8s.io/pause:3.10', resources: { requests: toResourceList(requests) } }],
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  }));
}

/** createSystemPods registers the planned pods (existing ones are kept), as the kubelet reports running pods. */
export function createSystemPods(api: ClusterApi, spec: ControllerSpec, nodes: readonly KubeObject[]): void {
  const rt = api.resolve('', 'v1', 'pods');
  if (!rt) return;
  const existing = new Set(api.list(rt, SYSTEM_NAMESPACE, {}).items.map((p) => p.metadata.name));
  for (const pod of planSystemPods(spec, nodes)) {
    if (existing.has(pod.metadata.name)) continue;
    const created = api.create(rt, SYSTEM_NAMESPACE, pod, { manager: 'kube-scheduler', dryRun: false });
    api.replace(rt, SYSTEM_NAMESPACE, pod.metadata.name, { ...created, status: pod.status }, { manager: 'kubelet', subresource: 'status', dryRun: false });
  }
}

/** heldByNode sums, per node name, the requests of the pods bound to it: capacity no workload can take. */
export function heldByNode(pods: readonly KubeObject[]): Map<string, ResourceAmounts> {
  const out = new Map<string, ResourceAmounts>();
  for (const pod of pods) {
    const node = field(pod, 'spec', 'nodeName');
    if (typeof node !== 'string') continue;
    out.set(node, addAmounts(out.get(node) ?? {}, podRequests(pod.spec as JsonValue | undefined)));
  }
  return out;
}
