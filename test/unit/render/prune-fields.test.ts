import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import { pruneServerFields } from '../../../src/render/prune-fields.js';

const SERVER_META = {
  creationTimestamp: 't', deletionTimestamp: 't', deletionGracePeriodSeconds: 30, generation: 3, managedFields: [{}],
  resourceVersion: '1', selfLink: '/x', uid: 'u', ownerReferences: [{ name: 'o' }], finalizers: ['f'],
};

describe('pruneServerFields', () => {
  it.each<[string, KubeObject, KubeObject]>([
    ['server metadata and status are removed; labels, annotations and spec are kept',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n', labels: { l: '1' }, annotations: { a: '1' }, ...SERVER_META }, data: { k: 'v' }, status: { x: 1 } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n', labels: { l: '1' }, annotations: { a: '1' } }, data: { k: 'v' } }],
    ['Deployment revision annotations are removed',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', annotations: { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1,2', keep: 'y' } }, spec: {} },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', annotations: { keep: 'y' } }, spec: {} }],
    ['Job controller-uid / job-name selector and template labels and ttlSecondsAfterFinished are removed',
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: {
        ttlSecondsAfterFinished: 10, completions: 2,
        selector: { matchLabels: { 'controller-uid': 'u', 'batch.kubernetes.io/controller-uid': 'u', app: 'j' } },
        template: { metadata: { labels: { 'job-name': 'j', 'batch.kubernetes.io/job-name': 'j', 'controller-uid': 'u', app: 'j' } }, spec: {} } } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { completions: 2, selector: { matchLabels: { app: 'j' } }, template: { metadata: { labels: { app: 'j' } }, spec: {} } } }],
    ['Service clusterIP and clusterIPs are removed',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } }],
    ['a headless Service keeps clusterIP None',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: 'None', clusterIPs: ['None'] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: 'None', clusterIPs: ['None'] } }],
    ['service-account-token Secret data is removed',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/service-account-token', data: { token: 'eA==' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/service-account-token' }],
    ['an Opaque Secret keeps its data',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'eA==' } }],
    ['ServiceAccount auto token secrets are removed, others kept',
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, secrets: [{ name: 'sa-token-abcde' }, { name: 'mine' }] },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, secrets: [{ name: 'mine' }] }],
    ['PVC selected-node annotation is removed',
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p', annotations: { 'volume.kubernetes.io/selected-node': 'n1', keep: 'y' } }, spec: {} },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p', annotations: { keep: 'y' } }, spec: {} }],
    ['kind-specific fields of another kind are kept (a ConfigMap with clusterIP-like data)',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { 'deployment.kubernetes.io/revision': '1' } }, data: { clusterIP: 'x' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { 'deployment.kubernetes.io/revision': '1' } }, data: { clusterIP: 'x' } }],
  ])('%s', (_name, input, expected) => {
    const before = structuredClone(input);
    expect(pruneServerFields(input)).toEqual(expected);
    expect(input).toEqual(before); // never mutates its input
  });
});
