import type { JsonObject, KubeObject } from '../model/kube.js';
import { deepCopy } from '../kube/deep-copy.js';

const SERVER_METADATA = [
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields',
  'resourceVersion', 'selfLink', 'uid', 'ownerReferences', 'finalizers',
] as const;

const JOB_LABELS = ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'];

function asObject(v: unknown): JsonObject | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

function deleteKeys(map: unknown, keys: readonly string[]): void {
  const m = asObject(map);
  if (m) for (const k of keys) delete m[k];
}

/** KIND_PRUNERS removes the kind-specific fields that the member cluster's controllers own. */
const KIND_PRUNERS: Record<string, (o: KubeObject) => void> = {
  Deployment: (o) => deleteKeys(o.metadata.annotations, ['deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history']),
  Job: (o) => {
    const spec = asObject(o.spec);
    if (!spec) return;
    deleteKeys(asObject(spec.selector)?.matchLabels, JOB_LABELS);
    deleteKeys(asObject(asObject(spec.template)?.metadata)?.labels, JOB_LABELS);
    delete spec.ttlSecondsAfterFinished;
  },
  Service: (o) => {
    const spec = asObject(o.spec);
    if (spec && spec.clusterIP !== 'None') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
  },
  Secret: (o) => {
    if (o.type === 'kubernetes.io/service-account-token') delete o.data;
  },
  ServiceAccount: (o) => {
    const prefix = `${o.metadata.name}-token-`;
    if (Array.isArray(o.secrets)) o.secrets = o.secrets.filter((s) => !String(asObject(s)?.name ?? '').startsWith(prefix));
  },
  PersistentVolumeClaim: (o) => deleteKeys(o.metadata.annotations, ['volume.kubernetes.io/selected-node']),
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

/** stripServerFields is pruneServerFields on an object the caller already owns (buildManifest's private copy). */
export function stripServerFields(obj: KubeObject): void {
  for (const key of SERVER_METADATA) delete obj.metadata[key];
  delete obj.status;
  KIND_PRUNERS[obj.kind]?.(obj);
}
