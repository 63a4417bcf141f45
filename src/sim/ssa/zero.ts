import type { JsonObject } from '../../model/kube.js';
import { groupOf } from './schema.js';
import { isPlainObject } from '../../kube/plain-object.js';

// The zero value of each kind as its Go type serialises it: value structs are present, and so are fields without
// omitempty (`containers: null`), so that an Update's Compare against a POST's "old" object gives no `.` for them (§1.4).
const podTemplate = (): JsonObject => ({ metadata: { creationTimestamp: null }, spec: { containers: null } });
const workload = (): JsonObject => ({ spec: { template: podTemplate() }, status: {} });

const ZERO: Readonly<Record<string, () => JsonObject>> = {
  '/Namespace': () => ({ spec: {}, status: {} }),
  '/Service': () => ({ spec: {}, status: { loadBalancer: {} } }),
  '/PersistentVolumeClaim': () => ({ spec: { resources: {} }, status: {} }),
  '/Pod': () => ({ spec: { containers: null }, status: {} }),
  '/Node': () => ({ spec: {}, status: { daemonEndpoints: { kubeletEndpoint: { Port: 0 } }, nodeInfo: {} } }),
  '/Event': () => ({ involvedObject: {}, source: {}, firstTimestamp: null, lastTimestamp: null, eventTime: null }),
  'apps/Deployment': () => ({ spec: { template: podTemplate(), strategy: {} }, status: {} }),
  'apps/StatefulSet': () => ({ spec: { template: podTemplate(), updateStrategy: {} }, status: {} }),
  'apps/DaemonSet': () => ({ spec: { template: podTemplate(), updateStrategy: {} }, status: {} }),
  'apps/ReplicaSet': workload,
  'batch/Job': workload,
  'batch/CronJob': () => ({ spec: { jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: podTemplate() } } }, status: {} }),
  'networking.k8s.io/Ingress': () => ({ spec: {}, status: { loadBalancer: {} } }),
  'autoscaling/HorizontalPodAutoscaler': () => ({ spec: { scaleTargetRef: { kind: '', name: '' }, maxReplicas: 0 }, status: { currentReplicas: 0, desiredReplicas: 0 } }),
  'rbac.authorization.k8s.io/Role': () => ({ rules: null }),
  'rbac.authorization.k8s.io/ClusterRole': () => ({ rules: null }),
  'rbac.authorization.k8s.io/RoleBinding': () => ({ roleRef: { apiGroup: '', kind: '', name: '' } }),
  'rbac.authorization.k8s.io/ClusterRoleBinding': () => ({ roleRef: { apiGroup: '', kind: '', name: '' } }),
  'apiextensions.k8s.io/CustomResourceDefinition': () => ({ spec: { names: { plural: '', kind: '' }, scope: '', versions: null }, status: { acceptedNames: { plural: '', kind: '' }, storedVersions: null } }),
};

/** zeroObject is `creater.New(kind)` serialised: the "old" object of a POST. Custom resources start empty. */
export function zeroObject(apiVersion: string, kind: string): JsonObject {
  const make = ZERO[`${groupOf(apiVersion)}/${kind}`];
  return { apiVersion, kind, metadata: { creationTimestamp: null }, ...(make ? make() : {}) };
}

/** withZero overlays the kind's zero value under `obj`: a stored Go object always has its value structs (`status: {}`),
 * so a node the simulator never materialised still counts as pre-existing in a Compare. */
export function withZero(obj: JsonObject, zero: JsonObject): JsonObject {
  const out: JsonObject = { ...obj };
  for (const [key, value] of Object.entries(zero)) {
    const current = out[key];
    if (current === undefined) out[key] = value;
    else if (isPlainObject(current) && isPlainObject(value)) out[key] = withZero(current, value);
  }
  return out;
}

