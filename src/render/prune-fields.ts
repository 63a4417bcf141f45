import type { JsonObject, KubeObject } from '../model/kube.js';
import { deepCopy } from '../kube/deep-copy.js';
import { ownChild, ownPath, type Cow } from './cow.js';

const SERVER_METADATA = [
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields',
  'resourceVersion', 'selfLink', 'uid', 'ownerReferences', 'finalizers',
] as const;

const JOB_LABELS = ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'];

function asObject(v: unknown): JsonObject | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

/** deleteKeys deletes keys from the map at path (each step a map), copying what a Cow build shares first. */
function deleteKeys(o: KubeObject, path: readonly string[], keys: readonly string[], cow?: Cow): void {
  let m = asObject(o);
  for (const key of path) m = asObject(m?.[key]);
  if (!m || !keys.some((k) => Object.hasOwn(m as JsonObject, k))) return;
  const own = cow ? (ownPath(cow, o as unknown as JsonObject, path) as JsonObject) : m;
  for (const k of keys) delete own[k];
}

/** KIND_PRUNERS removes the kind-specific fields that the member cluster's controllers own. */
const KIND_PRUNERS: Record<string, (o: KubeObject, cow?: Cow) => void> = {
  Deployment: (o, cow) => deleteKeys(o, ['metadata', 'annotations'], ['deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history'], cow),
  Job: (o, cow) => {
    deleteKeys(o, ['spec', 'selector', 'matchLabels'], JOB_LABELS, cow);
    deleteKeys(o, ['spec', 'template', 'metadata', 'labels'], JOB_LABELS, cow);
    deleteKeys(o, ['spec'], ['ttlSecondsAfterFinished'], cow);
  },
  Service: (o, cow) => {
    if (asObject(o.spec)?.clusterIP !== 'None') deleteKeys(o, ['spec'], ['clusterIP', 'clusterIPs'], cow);
  },
  Secret: (o) => {
    if (o.type === 'kubernetes.io/service-account-token') delete o.data;
  },
  ServiceAccount: (o) => {
    const prefix = `${o.metadata.name}-token-`;
    if (Array.isArray(o.secrets)) o.secrets = o.secrets.filter((s) => !String(asObject(s)?.name ?? '').startsWith(prefix));
  },
  PersistentVolumeClaim: (o, cow) => deleteKeys(o, ['metadata', 'annotations'], ['volume.kubernetes.io/selected-node'], cow),
};

/**
 * pruneServerFields drops what the API server or the member's controllers own (Karmada's
 * RemoveIrrelevantFields), after overrides, so overrides writing those fields are lost as in Karmada.
 * Returns a pruned copy; obj is never mutated.
 */
export function pruneServerFields(obj: KubeObject): KubeObject {
  const out = deepCopy(obj);
  stripServerFields(out);
  return out;
}

/**
 * stripServerFields is pruneServerFields on an object the caller already owns (buildManifest's private copy), or
 * builds on a Cow (whose root and metadata are its own).
 */
export function stripServerFields(obj: KubeObject, cow?: Cow): void {
  // a step may have swapped the metadata for one it did not copy (a customization's ReviseReplica)
  if (cow) ownChild(cow, obj as unknown as JsonObject, 'metadata');
  for (const key of SERVER_METADATA) delete obj.metadata[key];
  delete obj.status;
  KIND_PRUNERS[obj.kind]?.(obj, cow);
}
