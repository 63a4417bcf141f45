import type { JsonObject, JsonValue } from '../model/kube.js';
import { asPlainObject, isPlainObject } from './plain-object.js';

/**
 * AmountMath is how a caller counts resources: in Karmada's rounded units (render, the simulator's scheduler) or
 * as exact quantities (live capacity). read converts a ResourceList, leaving out (or throwing on) what it cannot count.
 */
export interface AmountMath<A> {
  read(list: JsonObject): Map<string, A>;
  add(a: A, b: A): A;
  max(a: A, b: A): A;
}

/** numberMath adds and compares amounts that read already converted to numbers. */
export function numberMath(read: (list: JsonObject) => Map<string, number>): AmountMath<number> {
  return { read, add: (a, b) => a + b, max: Math.max };
}

/**
 * podRequests is what one pod of a pod spec reserves, as Karmada's AddPodTemplateRequest and the kube-scheduler
 * count it: the sum of the containers' requests (a limit stands in for a missing request, as the API server
 * defaults it), at least each init container's (they run one at a time, before the others), plus the overhead.
 */
export function podRequests<A>(podSpec: JsonValue | undefined, math: AmountMath<A>): Map<string, A> {
  const spec = asPlainObject(podSpec);
  const total = new Map<string, A>();
  for (const c of objects(spec.containers)) merge(total, containerRequests(c, math), math.add);
  for (const c of objects(spec.initContainers)) merge(total, containerRequests(c, math), math.max);
  merge(total, math.read(asPlainObject(spec.overhead)), math.add);
  return total;
}

function containerRequests<A>(container: JsonObject, math: AmountMath<A>): Map<string, A> {
  const resources = asPlainObject(container.resources);
  return math.read({ ...asPlainObject(resources.limits), ...asPlainObject(resources.requests) });
}

function merge<A>(into: Map<string, A>, from: Map<string, A>, op: (a: A, b: A) => A): void {
  for (const [name, amount] of from) {
    const have = into.get(name);
    into.set(name, have === undefined ? amount : op(have, amount));
  }
}

function objects(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}
