/** SmpNode is the strategic-merge-patch view of a field: `patchStrategy: merge` lists carry a merge key (or merge
 * primitives); anything not declared is replaced as a whole when it is a list, merged when it is a map. */
export interface SmpNode {
  fields?: Readonly<Record<string, SmpNode>>;
  /** patchMergeKey of a `patchStrategy: merge` list of objects */
  mergeKey?: string;
  /** `patchStrategy: merge` list of scalars (finalizers) */
  primitive?: boolean;
  items?: SmpNode;
}

// Source: patchStrategy / patchMergeKey tags of kubernetes/api v0.33.0 (ssa-semantics.md §3.1, §3.2 SMP column).
const byKey = (mergeKey: string, items?: SmpNode): SmpNode => ({ mergeKey, ...(items ? { items } : {}) });
const metadata: SmpNode = { fields: { finalizers: { primitive: true }, ownerReferences: byKey('uid') } };
const container: SmpNode = {
  fields: { ports: byKey('containerPort'), env: byKey('name'), volumeMounts: byKey('mountPath'), volumeDevices: byKey('devicePath') },
};
const podSpec: SmpNode = {
  fields: {
    containers: byKey('name', container), initContainers: byKey('name', container), ephemeralContainers: byKey('name', container),
    volumes: byKey('name'), imagePullSecrets: byKey('name'), topologySpreadConstraints: byKey('topologyKey'),
    hostAliases: byKey('ip'), resourceClaims: byKey('name'),
  },
};
const template: SmpNode = { fields: { metadata, spec: podSpec } };
const conditionsStatus: SmpNode = { fields: { conditions: byKey('type') } };
const kind = (fields: Record<string, SmpNode>): SmpNode => ({ fields: { metadata, status: conditionsStatus, ...fields } });
const workload = kind({ spec: { fields: { template } } });
const jobSpec: SmpNode = { fields: { template } };

/** SMP_SCHEMAS maps `group/Kind` to the strategic merge view of every built-in kind. */
export const SMP_SCHEMAS: Readonly<Record<string, SmpNode>> = {
  '/Namespace': kind({}),
  '/ConfigMap': kind({}),
  '/Secret': kind({}),
  '/Service': kind({ spec: { fields: { ports: byKey('port') } } }),
  '/ServiceAccount': kind({ secrets: byKey('name') }),
  '/PersistentVolumeClaim': kind({}),
  '/Pod': kind({ spec: podSpec }),
  '/Node': { fields: { metadata, status: { fields: { conditions: byKey('type'), addresses: byKey('type') } } } },
  '/Event': kind({}),
  'apps/Deployment': workload,
  'apps/StatefulSet': workload,
  'apps/DaemonSet': workload,
  'apps/ReplicaSet': workload,
  'batch/Job': kind({ spec: jobSpec }),
  'batch/CronJob': kind({ spec: { fields: { jobTemplate: { fields: { metadata, spec: jobSpec } } } } }),
  'networking.k8s.io/Ingress': kind({}),
  'autoscaling/HorizontalPodAutoscaler': kind({}),
  'rbac.authorization.k8s.io/Role': kind({}),
  'rbac.authorization.k8s.io/ClusterRole': kind({}),
  'rbac.authorization.k8s.io/RoleBinding': kind({}),
  'rbac.authorization.k8s.io/ClusterRoleBinding': kind({}),
  'apiextensions.k8s.io/CustomResourceDefinition': kind({}),
};
