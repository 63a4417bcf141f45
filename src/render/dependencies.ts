import type { JsonValue, KubeObject } from '../model/kube.js';
import { compareStrings } from '../kube/compare-strings.js';

/** DependencyRef names an object a workload needs in its own namespace. */
export interface DependencyRef {
  kind: 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim';
  name: string;
}

type Obj = Record<string, JsonValue | undefined>;

function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * POD_TEMPLATE_KINDS lists the GVKs whose dependencies Karmada's default interpreter reports (native/dependencies.go
 * is keyed by group/version/kind: a kind of another apiVersion is not interpreted). ReplicaSet follows the reference (§7).
 */
const POD_TEMPLATE_KINDS: Readonly<Record<string, string>> = {
  Pod: 'v1', Deployment: 'apps/v1', ReplicaSet: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1',
};

/** podSpecOf finds the pod spec of the workload kinds whose dependencies Karmada's interpreter reports. */
export function podSpecOf(o: KubeObject): Obj | undefined {
  if (!Object.hasOwn(POD_TEMPLATE_KINDS, o.kind) || POD_TEMPLATE_KINDS[o.kind] !== o.apiVersion) return undefined;
  const spec = obj(o.spec);
  switch (o.kind) {
    case 'Pod':
      return spec;
    case 'CronJob':
      return obj(obj(obj(obj(spec.jobTemplate).spec).template).spec);
    default:
      return obj(obj(spec.template).spec);
  }
}

const SECRET_VOLUME_REFS: [string, string][] = [
  ['azureFile', 'secretName'], ['cephfs', 'secretRef'], ['cinder', 'secretRef'], ['flexVolume', 'secretRef'],
  ['rbd', 'secretRef'], ['iscsi', 'secretRef'], ['scaleIO', 'secretRef'], ['storageos', 'secretRef'], ['csi', 'nodePublishSecretRef'],
];

function containers(pod: Obj): Obj[] {
  return [...list(pod.containers), ...list(pod.initContainers), ...list(pod.ephemeralContainers)];
}

function podRefs(pod: Obj): DependencyRef[] {
  const refs: DependencyRef[] = [];
  const add = (kind: DependencyRef['kind'], name: unknown) => {
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

/** dependenciesOf lists what a template needs to run (ConfigMaps, Secrets, ServiceAccount, PVCs), deduplicated and sorted. */
export function dependenciesOf(o: KubeObject): DependencyRef[] {
  let refs: DependencyRef[] = [];
  const pod = podSpecOf(o);
  if (pod) refs = podRefs(pod);
  else if (o.apiVersion === 'networking.k8s.io/v1' && o.kind === 'Ingress') {
    refs = list(obj(o.spec).tls).flatMap((t) => (str(t.secretName) ? [{ kind: 'Secret' as const, name: t.secretName as string }] : []));
  }
  const unique = new Map(refs.map((r) => [`${r.kind}/${r.name}`, r]));
  return [...unique.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, r]) => r);
}

/** dependencyKey is the object key of a dependency in the template's namespace (all are core v1 kinds). */
export function dependencyKey(ref: DependencyRef, namespace: string): string {
  return `v1/${ref.kind}/${namespace}/${ref.name}`;
}

