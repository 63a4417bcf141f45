import type { JsonValue, KubeObject } from '../../model/kube.js';
import { toResourceAmount } from '../../kube/quantity.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { numberMath, podRequests } from '../../kube/pod-requests.js';
import { GitfedError } from '../../model/errors.js';
import { interpretedOf } from '../interpreted.js';

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
  return isPlainObject(v) ? (v as Json) : undefined;
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
  // a custom kind counts what its customization's GetReplicas says, and nothing without one (Karmada's default)
  if (kind === undefined) return interpretedOf(obj)?.replicas?.replicas ?? 0;
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
  if (replicaKind(obj) === undefined) return customRequirements(interpretedOf(obj)?.replicas?.requirements);
  const podSpec = podSpecOf(obj);
  const request = podRequest(podSpec);
  const hasNodeClaim = nodeClaimPresent(podSpec);
  if (Object.keys(request).length === 0 && !hasNodeClaim) return undefined;
  return { resourceRequest: request, hasNodeClaim };
}

/** customRequirements reads the requirements a GetReplicas script returned (kube.accuratePodRequirements' shape). */
function customRequirements(req: { [key: string]: JsonValue } | undefined): ReplicaRequirements | undefined {
  if (!req) return undefined;
  const request = Object.fromEntries([...amounts(asObject(req.resourceRequest) ?? {})].filter(([, v]) => v > 0));
  const hasNodeClaim = Object.keys(asObject(req.nodeClaim) ?? {}).length > 0;
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

/** podRequest is AddPodTemplateRequest, in Karmada's rounded units. */
function podRequest(podSpec: Json): Record<string, number> {
  const total = podRequests(podSpec, KARMADA_UNITS);
  // Resource.ResourceList() drops every entry that is not positive
  return Object.fromEntries([...total].filter(([, v]) => v > 0));
}

/** amounts rounds each quantity on its own (as Resource.Add does) and keeps only resources Karmada tracks. */
function amounts(list: Json): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, q] of Object.entries(list)) {
    if (!tracked(name) || q === null) continue;
    if (typeof q !== 'string' && typeof q !== 'number') throw new GitfedError('QuantityInvalid', '', `invalid quantity for ${name}`);
    out.set(name, toResourceAmount(name, q));
  }
  return out;
}

const KARMADA_UNITS = numberMath(amounts);

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
