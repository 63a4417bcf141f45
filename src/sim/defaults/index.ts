import type { JsonObject, KubeObject } from '../../model/kube.js';
import { defaultBinding, defaultHpa, defaultNamespace, defaultSecret } from './other.js';
import { defaultPod } from './pod.js';
import { defaultService } from './service.js';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultPvc, defaultReplicaSet, defaultStatefulSet } from './workloads.js';
import { copyJson } from '../../kube/deep-copy.js';

export { pullPolicyFor } from './pod.js';

type Defaulter = (obj: JsonObject, ctx: { allocateClusterIP: () => string }) => void;

const DEFAULTERS: Readonly<Record<string, Defaulter>> = {
  '/Pod': defaultPod,
  '/Service': (obj, ctx) => defaultService(obj, ctx.allocateClusterIP),
  '/PersistentVolumeClaim': defaultPvc,
  '/Namespace': defaultNamespace,
  '/Secret': defaultSecret,
  'apps/Deployment': defaultDeployment,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'apps/ReplicaSet': defaultReplicaSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'autoscaling/HorizontalPodAutoscaler': defaultHpa,
  'rbac.authorization.k8s.io/RoleBinding': defaultBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultBinding,
};

/** applyDefaults returns a copy of `obj` with the fields the real 1.33 API server defaults or allocates (§5). */
export function applyDefaults(obj: KubeObject, ctx: { allocateClusterIP: () => string }): KubeObject {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const copy = copyJson(obj) as unknown as JsonObject;
  DEFAULTERS[`${group}/${obj.kind}`]?.(copy, ctx);
  return copy as unknown as KubeObject;
}
