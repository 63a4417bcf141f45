import type { ResourceList, ResourceSummary } from '../model/cluster.js';
import type { JsonValue, KubeObject } from '../model/kube.js';
import { podRequests as podRequestsOf, type AmountMath } from '../kube/pod-requests.js';
import { addExact, alignExact, maxExact, parseExactQuantity, type ExactQuantity } from '../kube/quantity.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import { asPlainObject } from '../kube/plain-object.js';

/** Amounts are exact sums per resource name, so many small requests add up without rounding drift. */
type Amounts = Map<string, ExactQuantity>;

const DONE_PHASES = new Set(['Succeeded', 'Failed']);

/**
 * readCapacity measures a cluster as Karmada's cluster-status controller does: allocatable is the sum of the
 * nodes' `status.allocatable`; allocated is the sum of the requests of pods that still hold resources (not
 * Succeeded or Failed), plus their count as `pods`. Render uses it in place of the repository's resourceSummary.
 */
export async function readCapacity(client: ClusterClient): Promise<ResourceSummary> {
  const [nodes, pods] = await Promise.all([client.list('v1', 'Node'), client.list('v1', 'Pod')]);
  return summarize(nodes, pods);
}

/** summarize is readCapacity without the reads. */
export function summarize(nodes: readonly KubeObject[], pods: readonly KubeObject[]): ResourceSummary {
  const allocatable: Amounts = new Map();
  for (const node of nodes) addAll(allocatable, asPlainObject(asPlainObject(node.status).allocatable));
  const allocated: Amounts = new Map();
  let running = 0;
  for (const pod of pods) {
    if (DONE_PHASES.has(String(asPlainObject(pod.status).phase))) continue;
    running++;
    addAll(allocated, podRequests(pod));
  }
  add(allocated, 'pods', { num: BigInt(running), scale: 0 });
  return { allocatable: format(allocatable), allocated: format(allocated) };
}

/** podRequests is the pod's effective request, counted exactly. */
export function podRequests(pod: KubeObject): Amounts {
  return podRequestsOf(pod.spec as JsonValue | undefined, EXACT);
}

const EXACT: AmountMath<ExactQuantity> = { read: quantities, add: addExact, max: maxExact };

function addAll(into: Amounts, from: Record<string, unknown> | Amounts): void {
  const entries = from instanceof Map ? from : quantities(from);
  for (const [name, q] of entries) add(into, name, q);
}

/** quantities parses a ResourceList, skipping entries the API server would have rejected. */
function quantities(list: Record<string, unknown>): Amounts {
  const out: Amounts = new Map();
  for (const [name, raw] of Object.entries(list)) {
    if (typeof raw !== 'string' && typeof raw !== 'number') continue;
    try {
      out.set(name, parseExactQuantity(raw));
    } catch {
      // a garbage quantity cannot be counted; the API server never stores one
    }
  }
  return out;
}

function add(into: Amounts, name: string, q: ExactQuantity): void {
  const have = into.get(name);
  into.set(name, have === undefined ? q : addExact(have, q));
}

const SUFFIXES: readonly [number, string][] = [[3, 'm'], [6, 'u'], [9, 'n']];

/** format renders exact amounts as quantity strings, sorted by name (render is deterministic over them). */
function format(amounts: Amounts): ResourceList {
  const out: ResourceList = {};
  for (const name of [...amounts.keys()].sort()) {
    const q = amounts.get(name) as ExactQuantity;
    if (q.scale === 0) out[name] = q.num.toString();
    else {
      const suffix = SUFFIXES.find(([digits]) => digits >= q.scale);
      out[name] = suffix ? `${alignExact(q, suffix[0])}${suffix[1]}` : `${q.num}e-${q.scale}`;
    }
  }
  return out;
}
