import type { Cluster } from '../../src/model/cluster.js';
import type { KubeObject } from '../../src/model/kube.js';
import type { Snapshot } from '../../src/model/snapshot.js';

/** makeCluster builds a normalised Cluster with sensible empty defaults. */
export function makeCluster(name: string, over: Partial<Omit<Cluster, 'name'>> = {}): Cluster {
  return {
    name,
    labels: {},
    provider: '',
    region: '',
    zones: [],
    taints: [],
    deleting: false,
    context: name,
    source: { file: 'clusters.yaml', line: 1 },
    ...over,
  };
}

/** makeDeployment builds an apps/v1 Deployment with one container. */
export function makeDeployment(
  name: string,
  opts: { namespace?: string; replicas?: number; image?: string; requests?: Record<string, string>; labels?: Record<string, string> } = {},
): KubeObject {
  const container: Record<string, unknown> = { name: 'app', image: opts.image ?? 'nginx:1.25' };
  if (opts.requests) container.resources = { requests: opts.requests };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'default', ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      ...(opts.replicas === undefined ? {} : { replicas: opts.replicas }),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
    },
  } as KubeObject;
}

/** capacity builds a resourceSummary with the given allocatable amounts. */
export function capacity(allocatable: Record<string, string | number>, allocated: Record<string, string | number> = {}): Cluster['resourceSummary'] {
  return { allocatable, allocated };
}

/** snapshotOf builds a directory Snapshot (revision null) from path → text. */
export function snapshotOf(files: Record<string, string>, revision: string | null = null): Snapshot {
  return { revision, files: new Map(Object.entries(files)) };
}

/** clusterDocs is the YAML of one bare Karmada Cluster per name. */
export function clusterDocs(names: readonly string[]): string {
  return names.map((name) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\n`).join('---\n');
}

/** webDeployment is the YAML of the Deployment shop/web the end-to-end tests place, with `replicas`. */
export function webDeployment(replicas: number | string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: registry.example.com/web:1.0}]}
`;
}
