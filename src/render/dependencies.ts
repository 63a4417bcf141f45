import type { KubeObject } from '../model/kube.js';
import { compareStrings } from '../kube/compare-strings.js';
import { list, obj, podDependencies, str, type Obj, type PodDependency } from '../kube/pod-dependencies.js';
import { interpretedOf } from './interpreted.js';

/** DependencyRef names an object a workload needs in its own namespace. */
export type DependencyRef = PodDependency;

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

/** dependenciesOf lists what a template needs to run (ConfigMaps, Secrets, ServiceAccount, PVCs), deduplicated and sorted. */
export function dependenciesOf(o: KubeObject): DependencyRef[] {
  let refs: DependencyRef[] = [];
  const pod = podSpecOf(o);
  if (pod) refs = podDependencies(pod);
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


/**
 * dependencyKeysOf is the object keys of what a template needs: its customization's GetDependencies for a custom
 * kind that has one (an item without a namespace is in the template's), else the native interpreter's.
 */
export function dependencyKeysOf(o: KubeObject, namespace: string): string[] {
  const custom = interpretedOf(o)?.dependencies;
  if (!custom) return dependenciesOf(o).map((d) => dependencyKey(d, namespace));
  const keys = new Set(custom.map((d) => `${d.apiVersion}/${d.kind}/${d.namespace ?? namespace}/${d.name}`));
  return [...keys].sort(compareStrings);
}
