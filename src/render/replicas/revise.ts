import type { JsonValue, KubeObject } from '../../model/kube.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { replicaKind } from './requirements.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { interpretedOf } from '../interpreted.js';
import { ownChild, type Cow } from '../cow.js';

/**
 * reviseReplicas returns a deep copy of obj with its replica field set to the scheduled number (§5 step 2:
 * Deployment/ReplicaSet/StatefulSet `spec.replicas`, Job `spec.parallelism`) and, for a Job when `completions` is
 * given, `spec.completions` set to its share (§5 step 3). Other kinds come back as an unchanged copy; obj is never mutated.
 */
export function reviseReplicas(obj: KubeObject, replicas: number, completions?: number): KubeObject {
  // always a fresh copy, so callers may patch the result per cluster without touching the template
  const copy = deepCopy(obj);
  setReplicasInPlace(copy, replicas, completions);
  return copy;
}

/**
 * setReplicasInPlace is reviseReplicas on an object the caller already owns (buildManifest's private copy), or builds
 * on a Cow. A custom kind is revised by its customization's ReviseReplica, looked up by the template obj was copied from.
 */
export function setReplicasInPlace(obj: KubeObject, replicas: number, completions?: number, template: KubeObject = obj, cow?: Cow): void {
  const kind = replicaKind(obj);
  if (kind === undefined) {
    const revise = interpretedOf(template)?.reviseReplica;
    if (revise) replaceInPlace(obj, revise(replicas));
    return;
  }
  if (kind === 'Pod') return;
  const current = obj.spec as JsonValue | undefined;
  const spec: { [key: string]: JsonValue } =
    isPlainObject(current) ? (cow ? ownChild(cow, obj as unknown as Record<string, unknown>, 'spec') as { [key: string]: JsonValue } : current) : {};
  if (kind === 'Job') {
    spec.parallelism = replicas;
    if (completions !== undefined) spec.completions = completions;
  } else {
    spec.replicas = replicas;
  }
  obj.spec = spec;
}

/** replaceInPlace makes obj hold exactly what revised holds (callers keep their reference to obj). */
function replaceInPlace(obj: KubeObject, revised: KubeObject): void {
  const target = obj as unknown as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, revised);
}
