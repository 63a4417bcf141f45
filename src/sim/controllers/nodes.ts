import type { KubeObject } from '../../model/kube.js';
import type { ClusterApi } from '../types.js';
import { amountsOf, toResourceList, type ResourceAmounts } from './resources.js';
import type { ControllerSpec } from './spec.js';

/** DEFAULT_CAPACITY is the allocatable of a cluster that declares none: one node of a common cloud size. */
export const DEFAULT_CAPACITY: Readonly<Record<string, string>> = { cpu: '16', memory: '64Gi', pods: '110' };

/** MAX_NODE_CPU_MILLI caps one simulated node at 16 cores; bigger clusters are split into equal nodes. */
export const MAX_NODE_CPU_MILLI = 16_000;

/** KUBELET_VERSION is what nodes report; it matches the kubectl the tests drive. */
export const KUBELET_VERSION = 'v1.33.0';

/** declaredAmounts is the cluster's declared allocatable, with the defaults filling cpu, memory and pods when absent. */
function declaredAmounts(spec: ControllerSpec): { amounts: ResourceAmounts; count: number } {
  const declared = amountsOf(spec.capacity ?? DEFAULT_CAPACITY);
  const cpu = declared.cpu ?? 0;
  const count = Math.max(1, Math.ceil(cpu / MAX_NODE_CPU_MILLI));
  const perNodeDefault = amountsOf(DEFAULT_CAPACITY);
  const amounts: ResourceAmounts = { ...declared };
  for (const [name, v] of Object.entries(perNodeDefault)) if (declared[name] === undefined) amounts[name] = v * count;
  return { amounts, count };
}

/** splitAmounts divides every amount into `count` parts whose sum is exact; the first nodes take the remainder. */
export function splitAmounts(amounts: ResourceAmounts, count: number): ResourceAmounts[] {
  return Array.from({ length: count }, (_, i) => {
    const part: ResourceAmounts = {};
    for (const [name, v] of Object.entries(amounts)) {
      const base = Math.floor(v / count);
      part[name] = base + (i < v - base * count ? 1 : 0);
    }
    return part;
  });
}

function nodeLabels(spec: ControllerSpec, name: string, i: number): Record<string, string> {
  const labels: Record<string, string> = { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' };
  if (spec.region) labels['topology.kubernetes.io/region'] = spec.region;
  const zone = spec.zones?.[i % Math.max(1, spec.zones.length)];
  if (zone) labels['topology.kubernetes.io/zone'] = zone;
  return labels;
}

function nodeStatus(name: string, i: number, allocatable: Record<string, string>): KubeObject['status'] {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string): Record<string, string> =>
    ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    // a real node reserves part of its capacity for the system; the simulator declares none, so both are equal
    capacity: allocatable,
    allocatable,
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [{ type: 'InternalIP', address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 2}` }, { type: 'Hostname', address: name }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64', bootID: '', containerRuntimeVersion: 'containerd://1.7.27', kernelVersion: '6.8.0-sim',
      kubeProxyVersion: KUBELET_VERSION, kubeletVersion: KUBELET_VERSION, machineID: '', operatingSystem: 'linux',
      osImage: 'gitfed simulated node', systemUUID: '',
    },
  };
}

/**
 * planNodes is the Node objects of a simulated cluster: the declared allocatable split into ceil(cpu / 16) equal
 * nodes (one node when cpu is not declared), zones assigned round-robin; the nodes' allocatable sums to the declaration.
 */
export function planNodes(spec: ControllerSpec): KubeObject[] {
  const { amounts, count } = declaredAmounts(spec);
  return splitAmounts(amounts, count).map((part, i) => {
    const name = `${spec.name}-node-${i + 1}`;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: nodeLabels(spec, name, i) },
      spec: {},
      status: nodeStatus(name, i, toResourceList(part)),
    };
  });
}

/** createNodes registers the planned nodes as the kubelet does (create, then its status); existing nodes are kept. */
export function createNodes(api: ClusterApi, spec: ControllerSpec): void {
  const rt = api.resolve('', 'v1', 'nodes');
  if (!rt) return;
  const existing = new Set(api.list(rt, undefined, {}).items.map((n) => n.metadata.name));
  for (const node of planNodes(spec)) {
    if (existing.has(node.metadata.name)) continue;
    const created = api.create(rt, undefined, node, { manager: 'kubelet', dryRun: false });
    // the create may drop status (it is a subresource), so the kubelet posts it separately as the real one does
    api.replace(rt, undefined, node.metadata.name, { ...created, status: node.status }, { manager: 'kubelet', subresource: 'status', dryRun: false });
  }
}
