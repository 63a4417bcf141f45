import type { ApplyOptions, ClusterClient, ListOptions } from '../../../src/kube/cluster-client.js';
import { refKey, refOf, type ObjectRef } from '../../../src/kube/object-ref.js';
import { GitfedError } from '../../../src/model/errors.js';
import type { KubeObject } from '../../../src/model/kube.js';

/** FakeCall is one call the fake received. */
export interface FakeCall {
  op: 'get' | 'apply' | 'delete' | 'list';
  key: string;
  dryRun?: boolean;
}

/**
 * FakeCluster is an in-memory ClusterClient with just enough API-server behaviour for src/apply: apply
 * replaces content and bumps resourceVersion, a namespaced object needs its Namespace, CRDs become
 * Established at once. `fail` injects failures (throw from it to simulate a crash at that call).
 */
export class FakeCluster implements ClusterClient {
  readonly cluster: string;
  readonly objects = new Map<string, KubeObject>();
  readonly calls: FakeCall[] = [];
  fail: ((call: FakeCall) => void) | undefined;
  private rv = 1;

  constructor(cluster = 'member1', seed: readonly KubeObject[] = []) {
    this.cluster = cluster;
    for (const obj of seed) {
      const manager = Array.isArray(obj.metadata.managedFields) ? obj.metadata.managedFields : undefined;
      const stamped = this.stamp(structuredClone(obj), undefined);
      if (manager) stamped.metadata.managedFields = manager;
      this.objects.set(refKey(refOf(obj)), stamped);
    }
  }

  /** writes are the calls that change the store: real applies and deletes */
  get writes(): FakeCall[] {
    return this.calls.filter((c) => (c.op === 'apply' && !c.dryRun) || c.op === 'delete');
  }

  async get(ref: ObjectRef): Promise<KubeObject | null> {
    this.record({ op: 'get', key: refKey(ref) });
    const obj = this.objects.get(refKey(ref));
    return obj ? structuredClone(obj) : null;
  }

  async apply(obj: KubeObject, opts: ApplyOptions): Promise<KubeObject> {
    const key = refKey(refOf(obj));
    this.record({ op: 'apply', key, dryRun: opts.dryRun });
    const ns = obj.metadata.namespace;
    if (ns && !this.objects.has(`v1/Namespace/${ns}`)) {
      throw new GitfedError('ClusterApiError', `${this.cluster}: ${obj.kind}/${ns}/${obj.metadata.name}`, `apply failed (404 NotFound): namespaces "${ns}" not found`);
    }
    const result = this.stamp(structuredClone(obj), this.objects.get(key));
    if (!opts.dryRun) this.objects.set(key, result);
    return structuredClone(result);
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    const key = refKey(ref);
    this.record({ op: 'delete', key });
    return this.objects.delete(key);
  }

  async list(apiVersion: string, kind: string, opts: ListOptions = {}): Promise<KubeObject[]> {
    this.record({ op: 'list', key: `${apiVersion}/${kind}` });
    return [...this.objects.values()]
      .filter((o) => o.apiVersion === apiVersion && o.kind === kind && (!opts.namespace || o.metadata.namespace === opts.namespace))
      .map((o) => structuredClone(o));
  }

  private record(call: FakeCall): void {
    this.calls.push(call);
    this.fail?.(call);
  }

  /** stamp adds what the server owns: uid, resourceVersion, managedFields; a CRD is Established at once. */
  private stamp(obj: KubeObject, live: KubeObject | undefined): KubeObject {
    obj.metadata.uid = live?.metadata.uid ?? `uid-${this.rv}`;
    obj.metadata.resourceVersion = String(this.rv++);
    obj.metadata.managedFields = [{ manager: 'gitfed', operation: 'Apply' }];
    if (live?.status !== undefined) obj.status = live.status;
    if (obj.kind === 'CustomResourceDefinition' && obj.status === undefined) {
      obj.status = { conditions: [{ type: 'Established', status: 'True' }] };
    }
    return obj;
  }
}

/** MANAGED is the label render puts on every object gitfed applies. */
const MANAGED = { 'app.kubernetes.io/managed-by': 'gitfed' };

/** configMap builds a namespaced ConfigMap as render emits it. */
export function configMap(name: string, namespace = 'default', data: Record<string, string> = { k: 'v' }): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { ...MANAGED } }, data };
}

/** namespace builds a Namespace as render emits it. */
export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { ...MANAGED } } };
}

/** foreign makes `obj` look created by someone else: no gitfed label, and kubectl as its only field manager. */
export function foreign(obj: KubeObject): KubeObject {
  const { labels: _labels, ...metadata } = obj.metadata;
  return { ...obj, metadata: { ...metadata, managedFields: [{ manager: 'kubectl', operation: 'Update' }] } };
}

/** crd builds a CustomResourceDefinition for `<kind>` in group. */
export function crd(group: string, kind: string): KubeObject {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { ...MANAGED } },
    spec: { group, names: { kind, plural }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] },
  };
}
