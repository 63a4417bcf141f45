import { atomicList, atomicMap, atomicStruct, granularMap, mapList, setList, struct, type Schema, type StructSchema } from './schema-types.js';

// Source: the SMD schema in client-go applyconfigurations/internal/internal.go (v0.33.0), via ssa-semantics.md §3.
// Only nodes whose semantics differ from the deduced default (granular objects, atomic lists) are declared.

/** objectMeta is metav1.ObjectMeta. */
export const objectMeta: StructSchema = struct({
  labels: granularMap,
  annotations: granularMap,
  finalizers: setList,
  ownerReferences: mapList(['uid'], atomicStruct),
});

const resources = struct({ limits: granularMap, requests: granularMap, claims: mapList(['name']) });
const refs = struct({
  configMapKeyRef: atomicStruct, secretKeyRef: atomicStruct, fieldRef: atomicStruct, resourceFieldRef: atomicStruct,
});

/** container is core/v1 Container (also used for init and ephemeral containers). */
export const container: StructSchema = struct({
  ports: mapList(['containerPort', 'protocol'], undefined, { protocol: 'TCP' }),
  env: mapList(['name'], struct({ valueFrom: refs })),
  volumeMounts: mapList(['mountPath']),
  volumeDevices: mapList(['devicePath']),
  resources,
});

/** podSpec is core/v1 PodSpec. */
export const podSpec: StructSchema = struct({
  containers: mapList(['name'], container),
  initContainers: mapList(['name'], container),
  ephemeralContainers: mapList(['name'], container),
  volumes: mapList(['name']),
  imagePullSecrets: mapList(['name'], atomicStruct),
  nodeSelector: atomicMap,
  topologySpreadConstraints: mapList(['topologyKey', 'whenUnsatisfiable'], struct({ labelSelector: atomicStruct })),
  hostAliases: mapList(['ip']),
  schedulingGates: mapList(['name']),
  resourceClaims: mapList(['name']),
  overhead: granularMap,
});

const template = struct({ metadata: objectMeta, spec: podSpec });
const conditions = mapList(['type']);
const statusWithConditions = struct({ conditions });

function kind(fields: Record<string, Schema>): StructSchema {
  return struct({ metadata: objectMeta, ...fields });
}

const jobSpec = struct({ selector: atomicStruct, template });
const pvcSpec = struct({ selector: atomicStruct, resources: struct({ limits: granularMap, requests: granularMap }) });
const workload = (extra: Record<string, Schema> = {}): StructSchema =>
  kind({ spec: struct({ selector: atomicStruct, template, ...extra }), status: statusWithConditions });

/** KIND_SCHEMAS maps `group/Kind` to the root schema of every built-in kind the simulator serves. */
export const KIND_SCHEMAS: Readonly<Record<string, StructSchema>> = {
  '/Namespace': kind({ status: statusWithConditions }),
  '/ConfigMap': kind({ data: granularMap, binaryData: granularMap }),
  '/Secret': kind({ data: granularMap, stringData: granularMap }),
  '/Service': kind({
    spec: struct({ ports: mapList(['port', 'protocol'], undefined, { protocol: 'TCP' }), selector: atomicMap }),
    status: struct({ conditions, loadBalancer: struct({ ingress: atomicList }) }),
  }),
  '/ServiceAccount': kind({ secrets: mapList(['name'], atomicStruct), imagePullSecrets: atomicList }),
  '/PersistentVolumeClaim': kind({ spec: pvcSpec, status: struct({ conditions, capacity: granularMap }) }),
  '/Pod': kind({ spec: podSpec, status: statusWithConditions }),
  '/Node': kind({
    spec: struct({ podCIDRs: setList }),
    status: struct({ conditions, capacity: granularMap, allocatable: granularMap }),
  }),
  '/Event': kind({}),
  'apps/Deployment': workload(),
  'apps/StatefulSet': workload({ volumeClaimTemplates: atomicList }),
  'apps/DaemonSet': workload(),
  'apps/ReplicaSet': workload(),
  'batch/Job': kind({ spec: jobSpec, status: struct({ conditions: atomicList }) }),
  'batch/CronJob': kind({
    spec: struct({ jobTemplate: struct({ metadata: objectMeta, spec: jobSpec }) }),
    status: struct({ active: atomicList }),
  }),
  'networking.k8s.io/Ingress': kind({}),
  'autoscaling/HorizontalPodAutoscaler': kind({ status: statusWithConditions }),
  'rbac.authorization.k8s.io/Role': kind({}),
  'rbac.authorization.k8s.io/ClusterRole': kind({}),
  'rbac.authorization.k8s.io/RoleBinding': kind({ roleRef: atomicStruct }),
  'rbac.authorization.k8s.io/ClusterRoleBinding': kind({ roleRef: atomicStruct }),
  'apiextensions.k8s.io/CustomResourceDefinition': kind({ status: statusWithConditions }),
};
