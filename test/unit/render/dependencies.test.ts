import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../../src/model/kube.js';
import { dependenciesOf, dependencyKey, type DependencyRef } from '../../../src/render/dependencies.js';

const podSpec = (spec: JsonObject): JsonObject => ({ containers: [{ name: 'app', image: 'x' }], ...spec });
const deploy = (spec: JsonObject, apiVersion = 'apps/v1', kind = 'Deployment'): KubeObject =>
  ({ apiVersion, kind, metadata: { name: 'w', namespace: 'n' }, spec: { template: { spec: podSpec(spec) } } });
const refs = (...list: [DependencyRef['kind'], string][]): DependencyRef[] => list.map(([kind, name]) => ({ kind, name }));

describe('dependenciesOf', () => {
  it.each<[string, KubeObject, DependencyRef[]]>([
    ['env valueFrom configMapKeyRef and secretKeyRef', deploy({ containers: [{ name: 'a', env: [
      { name: 'X', valueFrom: { configMapKeyRef: { name: 'cm1', key: 'k' } } }, { name: 'Y', valueFrom: { secretKeyRef: { name: 's1', key: 'k' } } }, { name: 'Z', value: 'plain' }] }] }),
    refs(['ConfigMap', 'cm1'], ['Secret', 's1'])],
    ['envFrom configMapRef and secretRef', deploy({ containers: [{ name: 'a', envFrom: [{ configMapRef: { name: 'cm1' } }, { secretRef: { name: 's1' } }] }] }),
      refs(['ConfigMap', 'cm1'], ['Secret', 's1'])],
    ['configMap, secret and PVC volumes', deploy({ volumes: [{ name: 'a', configMap: { name: 'cm1' } }, { name: 'b', secret: { secretName: 's1' } }, { name: 'c', persistentVolumeClaim: { claimName: 'data' } }] }),
      refs(['ConfigMap', 'cm1'], ['PersistentVolumeClaim', 'data'], ['Secret', 's1'])],
    ['projected volume sources', deploy({ volumes: [{ name: 'p', projected: { sources: [{ configMap: { name: 'cm1' } }, { secret: { name: 's1' } }, { serviceAccountToken: { path: 't' } }] } }] }),
      refs(['ConfigMap', 'cm1'], ['Secret', 's1'])],
    ['secret refs of other volume types (csi, azureFile, cephfs)', deploy({ volumes: [
      { name: 'a', csi: { driver: 'd', nodePublishSecretRef: { name: 's-csi' } } }, { name: 'b', azureFile: { secretName: 's-az', shareName: 'x' } }, { name: 'c', cephfs: { monitors: [], secretRef: { name: 's-ceph' } } }] }),
    refs(['Secret', 's-az'], ['Secret', 's-ceph'], ['Secret', 's-csi'])],
    ['imagePullSecrets', deploy({ imagePullSecrets: [{ name: 'reg' }] }), refs(['Secret', 'reg'])],
    ['init and ephemeral containers count', deploy({
      initContainers: [{ name: 'i', envFrom: [{ configMapRef: { name: 'cm-init' } }] }],
      ephemeralContainers: [{ name: 'e', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's-eph', key: 'k' } } }] }] }),
    refs(['ConfigMap', 'cm-init'], ['Secret', 's-eph'])],
    ['serviceAccountName counts', deploy({ serviceAccountName: 'runner' }), refs(['ServiceAccount', 'runner'])],
    ['serviceAccountName default does not count', deploy({ serviceAccountName: 'default' }), []],
    ['an empty serviceAccountName does not count', deploy({ serviceAccountName: '' }), []],
    ['references are deduplicated and sorted by kind then name', deploy({
      imagePullSecrets: [{ name: 'b' }], volumes: [{ name: 'v', secret: { secretName: 'b' } }, { name: 'w', configMap: { name: 'z' } }, { name: 'x', configMap: { name: 'a' } }] }),
    refs(['ConfigMap', 'a'], ['ConfigMap', 'z'], ['Secret', 'b'])],
    ['StatefulSet, DaemonSet and ReplicaSet read the pod template', deploy({ serviceAccountName: 'sa' }, 'apps/v1', 'StatefulSet'), refs(['ServiceAccount', 'sa'])],
    ['DaemonSet reads the pod template', deploy({ serviceAccountName: 'sa' }, 'apps/v1', 'DaemonSet'), refs(['ServiceAccount', 'sa'])],
    ['ReplicaSet reads the pod template', deploy({ serviceAccountName: 'sa' }, 'apps/v1', 'ReplicaSet'), refs(['ServiceAccount', 'sa'])],
    ['Job reads the pod template', deploy({ serviceAccountName: 'sa' }, 'batch/v1', 'Job'), refs(['ServiceAccount', 'sa'])],
    ['CronJob reads the nested job pod template', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'n' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: podSpec({ volumes: [{ name: 'v', configMap: { name: 'cron-cm' } }] }) } } } } },
    refs(['ConfigMap', 'cron-cm'])],
    ['a Pod reads its own spec', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: podSpec({ imagePullSecrets: [{ name: 'reg' }] }) }, refs(['Secret', 'reg'])],
    ['Ingress TLS secrets', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'n' },
      spec: { tls: [{ hosts: ['a'], secretName: 'tls-a' }, { hosts: ['b'] }, { secretName: 'tls-b' }] } }, refs(['Secret', 'tls-a'], ['Secret', 'tls-b'])],
    ['non-workload kinds give nothing (ConfigMap)', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { configMapRef: 'x' } }, []],
    ['non-workload kinds give nothing (Service)', { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { a: 'b' } } }, []],
    ['a workload kind of another apiVersion is not interpreted', deploy({ serviceAccountName: 'sa' }, 'apps.kruise.io/v1beta1', 'StatefulSet'), []],
    ['an old Ingress apiVersion is not interpreted', { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' }, spec: { tls: [{ secretName: 'x' }] } }, []],
    ['a workload without a pod template gives nothing', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }, []],
  ])('%s', (_name, obj, expected) => {
    expect(dependenciesOf(obj)).toEqual(expected);
  });

  it('dependencyKey builds the core/v1 key in the workload namespace', () => {
    expect(dependencyKey({ kind: 'Secret', name: 's' }, 'n')).toBe('v1/Secret/n/s');
  });
});
