import type { JsonObject, JsonValue } from '../../model/kube.js';
import { toResourceAmount } from '../../kube/quantity.js';

/** ResourceAmounts counts resources as Karmada's Resource does: cpu in millicores, everything else in whole units. */
export type ResourceAmounts = Record<string, number>;

type ResourceListLike = Record<string, JsonValue | undefined> | undefined;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** field reads a nested object field, or undefined when any step is missing or not an object. */
export function field(obj: unknown, ...path: string[]): JsonValue | undefined {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur as JsonValue | undefined;
}

/** amountsOf converts a ResourceList ({cpu: "500m", memory: "1Gi"}) to amounts; unparsable quantities count as 0. */
export function amountsOf(list: ResourceListLike): ResourceAmounts {
  const out: ResourceAmounts = {};
  if (!isObject(list)) return out;
  for (const [name, q] of Object.entries(list)) {
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    try {
      out[name] = toResourceAmount(name, q);
    } catch {
      // the API server rejects malformed quantities; a controller must not crash on one that slipped through
    }
  }
  return out;
}

/** addAmounts returns a + factor × b for every resource of either. */
export function addAmounts(a: ResourceAmounts, b: ResourceAmounts, factor = 1): ResourceAmounts {
  const out: ResourceAmounts = { ...a };
  for (const [name, v] of Object.entries(b)) out[name] = (out[name] ?? 0) + factor * v;
  return out;
}

/** fits is true when every requested resource is available (a resource the node lacks has 0 available). */
export function fits(request: ResourceAmounts, available: ResourceAmounts): boolean {
  return Object.entries(request).every(([name, v]) => v <= 0 || v <= (available[name] ?? 0));
}

/** containerRequests is a container's requests, with limits filling the requests it leaves out (as the API server defaults them). */
function containerRequests(container: JsonValue): ResourceAmounts {
  const limits = amountsOf(field(container, 'resources', 'limits') as ResourceListLike);
  const requests = amountsOf(field(container, 'resources', 'requests') as ResourceListLike);
  return { ...limits, ...requests };
}

function containers(podSpec: JsonValue | undefined, key: string): JsonValue[] {
  const list = field(podSpec, key);
  return Array.isArray(list) ? list : [];
}

/**
 * podRequests is what the scheduler reserves for one pod of a pod spec: the sum of the containers' requests,
 * at least the largest init container's, plus the pod overhead and one `pods` slot.
 */
export function podRequests(podSpec: JsonValue | undefined): ResourceAmounts {
  let sum: ResourceAmounts = {};
  for (const c of containers(podSpec, 'containers')) sum = addAmounts(sum, containerRequests(c));
  for (const c of containers(podSpec, 'initContainers')) {
    for (const [name, v] of Object.entries(containerRequests(c))) sum[name] = Math.max(sum[name] ?? 0, v);
  }
  sum = addAmounts(sum, amountsOf(field(podSpec, 'overhead') as ResourceListLike));
  sum.pods = (sum.pods ?? 0) + 1;
  return sum;
}

const BINARY = [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const;
const BYTES = /^(memory|ephemeral-storage|storage|hugepages-.*)$/;

/** quantityOf prints one amount: cpu in cores or millicores, byte sizes with the largest exact binary suffix. */
export function quantityOf(name: string, v: number): string {
  if (name === 'cpu') return v % 1000 === 0 ? String(v / 1000) : `${v}m`;
  if (BYTES.test(name) && v !== 0) {
    const unit = BINARY.find(([, size]) => v % size === 0);
    if (unit) return `${v / unit[1]}${unit[0]}`;
  }
  return String(v);
}

/** toResourceList prints amounts as a ResourceList, keys sorted. */
export function toResourceList(amounts: ResourceAmounts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(amounts).sort()) out[name] = quantityOf(name, amounts[name] ?? 0);
  return out;
}
