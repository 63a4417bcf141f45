import { ApiError } from '../../../../src/sim/api-error.js';
import { createClusterState, type ClusterStateOptions } from '../../../../src/sim/state/store.js';
import type { ClusterApi, ResourceType, WatchEvent, WriteOptions } from '../../../../src/sim/types.js';

/** Fixture is one fresh cluster plus shortcuts for the resource types the tests use. */
export interface Fixture {
  api: ClusterApi;
  rt: (group: string, version: string, plural: string) => ResourceType;
  cm: ResourceType;
  ns: ResourceType;
  deploy: ResourceType;
  crd: ResourceType;
}

/** fixture builds a cluster with a pinned clock. */
export function fixture(opts: Partial<ClusterStateOptions> = {}): Fixture {
  const api = createClusterState({ name: 'member1', now: () => new Date('2025-05-01T10:00:00.000Z'), ...opts });
  const rt = (group: string, version: string, plural: string): ResourceType => {
    const found = api.resolve(group, version, plural);
    if (!found) throw new Error(`not served: ${group}/${version}/${plural}`);
    return found;
  };
  return { api, rt, cm: rt('', 'v1', 'configmaps'), ns: rt('', 'v1', 'namespaces'), deploy: rt('apps', 'v1', 'deployments'), crd: rt('apiextensions.k8s.io', 'v1', 'customresourcedefinitions') };
}

/** W builds WriteOptions for manager `test`. */
export const W = (over: Partial<WriteOptions> = {}): WriteOptions => ({ manager: 'test', dryRun: false, ...over });

/** configMap builds a ConfigMap body. */
export const configMap = (name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>): Record<string, unknown> => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data,
});

/** deployment builds a Deployment body. */
export const deployment = (name: string, replicas = 2, image = 'nginx:1.27'): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels: { app: name } },
  spec: {
    replicas, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } },
  },
});

/** widgetCrd builds a CRD for widgets.example.com with status and scale subresources. */
export const widgetCrd = (): Record<string, unknown> => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', shortNames: ['wd'] },
    versions: [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } },
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
    ],
  },
});

/** collect opens a watch and gathers its events. */
export function collect(api: ClusterApi, rt: ResourceType, namespace: string | undefined, opts: Parameters<ClusterApi['watch']>[2] = {}): { events: WatchEvent[]; stop: () => void } {
  const events: WatchEvent[] = [];
  const stop = api.watch(rt, namespace, opts, (e) => events.push(e));
  return { events, stop };
}

/** statusOf runs fn and returns the Status of the ApiError it throws. */
export function statusOf(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.toStatus();
    throw e;
  }
  throw new Error('expected an ApiError');
}

/** rvOf reads metadata.resourceVersion. */
export const rvOf = (o: { metadata: Record<string, unknown> }): string => String(o.metadata['resourceVersion']);
