/**
 * The `kube` library a script gets from `require("kube")`, after Karmada's luavm/kube.go: accuratePodRequirements,
 * getPodDependencies, getResourceQuantity, resourceAdd. Arguments and results are JSON values.
 */
import type { JsonObject, JsonValue } from '../../model/kube.js';
import { asPlainObject, isPlainObject } from '../plain-object.js';
import { podDependencies } from '../pod-dependencies.js';
import { numberMath, podRequests } from '../pod-requests.js';
import { parseQuantity, toResourceAmount } from '../quantity.js';

type Args = readonly (JsonValue | undefined)[];

/** KubeFunction is one function of the library. */
export type KubeFunction = (args: Args) => JsonValue | undefined;

function amounts(list: JsonObject): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, q] of Object.entries(list)) {
    if (typeof q === 'string' || typeof q === 'number') out.set(name, toResourceAmount(name, q));
  }
  return out;
}

/** quantityText writes an amount back as a quantity: cpu in millicores, the rest in whole units. */
function quantityText(name: string, amount: number): string {
  return name === 'cpu' ? `${amount}m` : String(amount);
}

/** accuratePodRequirements is helper.GenerateReplicaRequirements of a pod template: nodeClaim and resourceRequest. */
function accuratePodRequirements(args: Args): JsonValue {
  if (args.length !== 1) throw new Error('accuratePodRequirements only accepts one argument');
  const template = asPlainObject(args[0]);
  const podSpec = asPlainObject(template.spec);
  const request: JsonObject = {};
  for (const [name, v] of podRequests(podSpec, numberMath(amounts))) if (v > 0) request[name] = quantityText(name, v);
  const out: JsonObject = { resourceRequest: request };
  const claim = nodeClaim(podSpec);
  if (claim) out.nodeClaim = claim;
  const priority = podSpec.priorityClassName;
  if (typeof priority === 'string' && priority !== '') out.priorityClassName = priority;
  return out;
}

function nodeClaim(podSpec: JsonObject): JsonObject | undefined {
  const claim: JsonObject = {};
  const selector = podSpec.nodeSelector;
  if (isPlainObject(selector) && Object.keys(selector).length > 0) claim.nodeSelector = selector;
  if (Array.isArray(podSpec.tolerations) && podSpec.tolerations.length > 0) claim.tolerations = podSpec.tolerations;
  const required = asPlainObject(asPlainObject(asPlainObject(podSpec.affinity).nodeAffinity).requiredDuringSchedulingIgnoredDuringExecution);
  if (Object.keys(required).length > 0) claim.hardNodeAffinity = required;
  return Object.keys(claim).length > 0 ? claim : undefined;
}

/** getPodDependencies lists the ConfigMaps, Secrets, ServiceAccount and PVCs a pod template refers to in namespace. */
function getPodDependencies(args: Args): JsonValue {
  if (args.length !== 2 && args.length !== 1) throw new Error('getPodDependencies only accepts two arguments');
  const namespace = typeof args[1] === 'string' || typeof args[1] === 'number' ? String(args[1]) : 'default';
  const seen = new Set<string>();
  const out: JsonValue[] = [];
  for (const d of podDependencies(asPlainObject(asPlainObject(args[0]).spec))) {
    if (seen.has(`${d.kind}/${d.name}`)) continue;
    seen.add(`${d.kind}/${d.name}`);
    out.push({ apiVersion: 'v1', kind: d.kind, namespace, name: d.name });
  }
  return out;
}

function quantityArg(v: JsonValue | undefined): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'string') throw new Error('a quantity must be a string');
  return parseQuantity(v);
}

/** getResourceQuantity is a quantity as a number (`500m` is 0.5). */
function getResourceQuantity(args: Args): JsonValue {
  if (args.length !== 1) throw new Error('getResourceQuantity only accepts one argument');
  return quantityArg(args[0]);
}

/** resourceAdd sums quantities; the result is a plain decimal quantity. */
function resourceAdd(args: Args): JsonValue {
  return String(args.reduce<number>((sum, q) => sum + quantityArg(q), 0));
}

/** KUBE_LIBRARY is the library by function name. */
export const KUBE_LIBRARY: Readonly<Record<string, KubeFunction>> = { accuratePodRequirements, getPodDependencies, getResourceQuantity, resourceAdd };
