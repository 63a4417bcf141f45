// What a pod spec needs in its namespace; shared by render (propagateDeps) and the interpreter's kube library.
import type { JsonValue } from '../model/kube.js';

/** PodDependency names an object a pod needs in its own namespace. */
export interface PodDependency {
  kind: 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim';
  name: string;
}

/** Obj is a JSON object read leniently: a missing or mistyped field reads as absent. */
export type Obj = Record<string, JsonValue | undefined>;

/** obj reads a value as an object ({} when it is not one). */
export function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** list reads a value as a list of objects ([] when it is not a list). */
export function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

/** str reads a non-empty string (undefined otherwise). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const SECRET_VOLUME_REFS: [string, string][] = [
  ['azureFile', 'secretName'], ['cephfs', 'secretRef'], ['cinder', 'secretRef'], ['flexVolume', 'secretRef'],
  ['rbd', 'secretRef'], ['iscsi', 'secretRef'], ['scaleIO', 'secretRef'], ['storageos', 'secretRef'], ['csi', 'nodePublishSecretRef'],
];

function containers(pod: Obj): Obj[] {
  return [...list(pod.containers), ...list(pod.initContainers), ...list(pod.ephemeralContainers)];
}

/** podDependencies lists what a pod spec refers to (Karmada's GetDependenciesFromPodTemplate), in reading order, with repeats. */
export function podDependencies(pod: Obj): PodDependency[] {
  const refs: PodDependency[] = [];
  const add = (kind: PodDependency['kind'], name: unknown) => {
    const n = str(name);
    if (n) refs.push({ kind, name: n });
  };
  for (const s of list(pod.imagePullSecrets)) add('Secret', s.name);
  for (const c of containers(pod)) {
    for (const e of list(c.envFrom)) {
      add('ConfigMap', obj(e.configMapRef).name);
      add('Secret', obj(e.secretRef).name);
    }
    for (const e of list(c.env)) {
      add('ConfigMap', obj(obj(e.valueFrom).configMapKeyRef).name);
      add('Secret', obj(obj(e.valueFrom).secretKeyRef).name);
    }
  }
  for (const v of list(pod.volumes)) {
    add('ConfigMap', obj(v.configMap).name);
    add('Secret', obj(v.secret).secretName);
    add('PersistentVolumeClaim', obj(v.persistentVolumeClaim).claimName);
    for (const [type, field] of SECRET_VOLUME_REFS) {
      const ref = obj(v[type])[field];
      add('Secret', typeof ref === 'string' ? ref : obj(ref).name);
    }
    for (const source of list(obj(v.projected).sources)) {
      add('ConfigMap', obj(source.configMap).name);
      add('Secret', obj(source.secret).name);
    }
  }
  const sa = str(pod.serviceAccountName);
  if (sa && sa !== 'default') add('ServiceAccount', sa);
  return refs;
}

