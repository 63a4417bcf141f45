import type { JsonObject, KubeObject } from '../../../../src/model/kube.js';
import type { Binding, Plan } from '../../../../src/model/plan.js';
import { renderSnapshot } from '../../../../src/render/index.js';
import { snapshotOf } from '../../../helpers/builders.js';

type Obj = Record<string, unknown>;

/** docs joins objects as a multi-document file; JSON is YAML, so each object is one flow document. */
export const docs = (...objects: Obj[]): string => objects.map((o) => JSON.stringify(o)).join('\n---\n');

/** kubefedCluster declares a KubeFedCluster in the KubeFed namespace; `status` is omitted unless given. */
export function kubefedCluster(name: string, labels: Record<string, string> = {}, status?: Obj): Obj {
  return {
    apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedCluster',
    metadata: { name, namespace: 'kube-federation-system', labels },
    spec: { apiEndpoint: `https://${name}.example.com`, secretRef: { name: `${name}-secret` } },
    ...(status ? { status } : {}),
  };
}

/** READY and NOT_READY are KubeFedCluster statuses. */
export const READY = { conditions: [{ type: 'Ready', status: 'True' }] };
export const NOT_READY = { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Offline', status: 'True' }] };

/** ftc declares a FederatedTypeConfig like the KubeFed chart's. */
export function ftc(target: { group?: string; kind: string; plural: string; scope?: 'Namespaced' | 'Cluster' }, propagation = 'Enabled'): Obj {
  const group = target.group ?? '';
  const scope = target.scope ?? 'Namespaced';
  return {
    apiVersion: 'core.kubefed.io/v1beta1', kind: 'FederatedTypeConfig',
    metadata: { name: group ? `${target.plural}.${group}` : target.plural, namespace: 'kube-federation-system' },
    spec: {
      targetType: { ...(group ? { group } : {}), version: 'v1', kind: target.kind, pluralName: target.plural, scope },
      federatedType: {
        group: 'types.kubefed.io', version: 'v1beta1', kind: `Federated${target.kind}`, pluralName: `federated${target.plural}`,
        scope: target.kind === 'Namespace' ? 'Namespaced' : scope,
      },
      propagation,
    },
  };
}

/** The FTCs most tests need. */
export const FTC_NAMESPACES = ftc({ kind: 'Namespace', plural: 'namespaces', scope: 'Cluster' });
export const FTC_DEPLOYMENTS = ftc({ group: 'apps', kind: 'Deployment', plural: 'deployments' });
export const FTC_REPLICASETS = ftc({ group: 'apps', kind: 'ReplicaSet', plural: 'replicasets' });
export const FTC_CONFIGMAPS = ftc({ kind: 'ConfigMap', plural: 'configmaps' });
export const FTC_CLUSTERROLES = ftc({ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', plural: 'clusterroles', scope: 'Cluster' });
export const STANDARD_FTCS = docs(FTC_NAMESPACES, FTC_DEPLOYMENTS, FTC_REPLICASETS, FTC_CONFIGMAPS, FTC_CLUSTERROLES);

/** federated declares a `Federated<Kind>` in types.kubefed.io; `spec` holds template, placement and overrides. */
export function federated(kind: string, namespace: string | undefined, name: string, spec: Obj): Obj {
  return { apiVersion: 'types.kubefed.io/v1beta1', kind: `Federated${kind}`, metadata: { name, ...(namespace ? { namespace } : {}) }, spec };
}

/** fedNamespace declares the FederatedNamespace of `ns` with the given placement. */
export const fedNamespace = (ns: string, placement: Obj = { clusterSelector: {} }): Obj => federated('Namespace', ns, ns, { placement });

/** deploymentTemplate is a Deployment template with `replicas` (absent when undefined). */
export function deploymentTemplate(replicas: number | undefined = 3): Obj {
  return {
    metadata: { labels: { app: 'web' } },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  };
}

/** rsp declares a ReplicaSchedulingPreference. */
export function rsp(namespace: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'scheduling.kubefed.io/v1alpha1', kind: 'ReplicaSchedulingPreference', metadata: { name, namespace }, spec: { targetKind: 'FederatedDeployment', ...spec } };
}

/** renderFiles renders a repository given as path → text. */
export function renderFiles(files: Record<string, string>): Plan {
  return renderSnapshot(snapshotOf(files)).plan;
}

/** bindingOf finds the binding of a resource key. */
export function bindingOf(plan: Plan, key: string): Binding | undefined {
  return plan.bindings.find((b) => b.resource === key);
}

/** objectIn finds the object with `key`'s kind/namespace/name in one cluster of the plan. */
export function objectIn(plan: Plan, cluster: string, kind: string, name: string, namespace?: string): KubeObject | undefined {
  return plan.clusters[cluster]?.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
}

/** clustersWith lists the clusters holding an object of that kind and name, sorted. */
export function clustersWith(plan: Plan, kind: string, name: string): string[] {
  return Object.entries(plan.clusters).filter(([, objs]) => objs.some((o) => o.kind === kind && o.metadata.name === name)).map(([c]) => c).sort();
}

/** replicasIn maps each cluster holding the workload to its spec.replicas. */
export function replicasIn(plan: Plan, kind: string, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [c, objs] of Object.entries(plan.clusters)) {
    const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
    if (o) out[c] = (o.spec as JsonObject | undefined)?.replicas;
  }
  return out;
}

/** errorsOf and warningsOf list diagnostic messages by severity. */
export const errorsOf = (plan: Plan): string[] => plan.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
export const warningsOf = (plan: Plan): string[] => plan.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
