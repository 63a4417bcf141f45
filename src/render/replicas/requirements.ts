import type { JsonValue, KubeObject } from '../../model/kube.js';
import { toResourceAmount } from '../../kube/quantity.js';

/** ReplicaRequirements is what one replica needs: cpu in millicores, other resources in whole units (rounded up). */
export interface ReplicaRequirements {
  resourceRequest: Readonly<Record<string, number>>;
  hasNodeClaim: boolean;
}

type Json = { [key: string]: JsonValue };

/** ReplicaKind is a kind Karmada's default interpreter reads replicas from. */
export type ReplicaKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'Job' | 'Pod';

// Karmada's default replica interpreter is keyed by GVK (native/replica.go); other apiVersions are not interpreted.
// ReplicaSet is absent from Karmada's table at the pinned revision but the reference (§4.1) lists it; we follow §4.1.
const REPLICA_KINDS: Readonly<Record<ReplicaKind, string>> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  Job: 'batch/v1',
  Pod: 'v1',
};

function asObject(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function asCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** replicaKind names the interpreted kind of obj, undefined when Karmada's default interpreter does not know its GVK. */
export function replicaKind(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): ReplicaKind | undefined {
  const kind = obj.kind as ReplicaKind;
  return Object.hasOwn(REPLICA_KINDS, kind) && REPLICA_KINDS[kind] === obj.apiVersion ? kind : undefined;
}

/**
 * templateReplicas is the replica count the resource interpreter reports (§4.1). An absent `spec.replicas` is 1
 * and an absent Job `parallelism` is 1 because the apiserver defaults them before Karmada reads the object;
 * a Job runs `min(parallelism, completions)` at once (completions absent ⇒ parallelism).
 */
export function templateReplicas(obj: KubeObject): number {
  const kind = replicaKind(obj);
  if (kind === undefined) return 0;
  if (kind === 'Pod') return 1;
  const spec = asObject(obj.spec) ?? {};
  if (kind !== 'Job') return asCount(spec.replicas) ?? 1;
  const parallelism = asCount(spec.parallelism) ?? 1;
  return Math.min(parallelism, asCount(spec.completions) ?? parallelism);
}

/** podSpecOf returns the pod spec the interpreter reads (`spec` of a Pod, `spec.template.spec` otherwise). */
function podSpecOf(obj: KubeObject): Json {
  const spec = asObject(obj.spec) ?? {};
  if (obj.kind === 'Pod') return spec;
  return asObject(asObject(spec.template)?.spec) ?? {};
}

/**
 * replicaRequirements is GenerateReplicaRequirements: undefined for kinds without an interpreter, and also when the
 * pod template requests nothing positive and carries no node claim. Throws on an unparseable quantity (the
 * apiserver would have rejected the template).
 */
export function replicaRequirements(obj: KubeObject): ReplicaRequirements | undefined {
  if (replicaKind(obj) === undefined) return undefined;
  const podSpec = podSpecOf(obj);
  const request = podRequest(podSpec);
  const hasNodeClaim = nodeClaimPresent(podSpec);
  if (Object.keys(request).length === 0 && !hasNodeClaim) return undefined;
  return { resourceRequest: request, hasNodeClaim };
}

/**
 * nodeClaimPresent is GenerateNodeClaimByPodSpec != nil: a nodeSelector, at least one toleration, or a required
 * node affinity. An empty `nodeSelector: {}` does not count: the apiserver stores the template through the typed
 * PodSpec, whose `omitempty` drops the empty map, so Karmada reads nil.
 */
function nodeClaimPresent(podSpec: Json): boolean {
  const nodeSelector = asObject(podSpec.nodeSelector);
  if (nodeSelector && Object.keys(nodeSelector).length > 0) return true;
  if (Array.isArray(podSpec.tolerations) && podSpec.tolerations.length > 0) return true;
  const nodeAffinity = asObject(asObject(podSpec.affinity)?.nodeAffinity);
  return asObject(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) !== undefined;
}

/** podRequest is AddPodTemplateRequest: sum of containers, element-wise max with each init container, plus overhead. */
function podRequest(podSpec: Json): Record<string, number> {
  const total: Record<string, number> = {};
  for (const c of listOf(podSpec.containers)) addTo(total, containerRequest(c));
  for (const c of listOf(podSpec.initContainers)) {
    for (const [name, amount] of Object.entries(containerRequest(c))) total[name] = Math.max(total[name] ?? 0, amount);
  }
  addTo(total, amounts(asObject(podSpec.overhead)));
  // Resource.ResourceList() drops every entry that is not positive
  return Object.fromEntries(Object.entries(total).filter(([, v]) => v > 0));
}

function listOf(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(asObject).filter((c): c is Json => c !== undefined) : [];
}

function addTo(total: Record<string, number>, add: Readonly<Record<string, number>>): void {
  for (const [name, amount] of Object.entries(add)) total[name] = (total[name] ?? 0) + amount;
}

/** containerRequest uses requests, filling any resource missing from requests with its limit (apiserver defaulting). */
function containerRequest(container: Json): Record<string, number> {
  const resources = asObject(container.resources);
  return amounts({ ...asObject(resources?.limits), ...asObject(resources?.requests) });
}

/** amounts rounds each quantity on its own (as Resource.Add does) and keeps only resources Karmada tracks. */
function amounts(list: Json | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, q] of Object.entries(list ?? {})) {
    if (!tracked(name) || q === null) continue;
    if (typeof q !== 'string' && typeof q !== 'number') throw new Error(`invalid quantity for ${name}`);
    out[name] = toResourceAmount(name, q);
  }
  return out;
}

/** tracked: cpu, memory, pods, ephemeral-storage and scalar resources (extended, hugepages, prefixed native, attachable volumes). */
function tracked(name: string): boolean {
  if (['cpu', 'memory', 'pods', 'ephemeral-storage'].includes(name)) return true;
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (name.includes('kubernetes.io/')) return true;
  return name.includes('/') && !name.startsWith('requests.');
}

/** isWorkload is Karmada's IsWorkload: replicas > 0 or requirements present. */
export function isWorkload(replicas: number, req: ReplicaRequirements | undefined): boolean {
  return replicas > 0 || req !== undefined;
}
