import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import { applyDefaults, pullPolicyFor } from '../../../src/sim/defaults/index.js';

const ctx = { allocateClusterIP: () => '10.96.0.10' };
const obj = (apiVersion: string, kind: string, rest: Record<string, unknown>): KubeObject =>
  ({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, ...rest }) as KubeObject;
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } };
const d = (o: KubeObject): any => applyDefaults(o, ctx); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('defaulting (§5)', () => {
  it.each([
    ['nginx', 'Always'], ['nginx:latest', 'Always'], ['nginx:1.27', 'IfNotPresent'], ['registry:5000/app', 'Always'],
    ['registry:5000/app:v1', 'IfNotPresent'], ['nginx@sha256:abc', 'IfNotPresent'],
  ])('imagePullPolicy by tag rule: %s → %s', (image, policy) => {
    expect(pullPolicyFor(image)).toBe(policy);
  });

  it('pod template defaults and creationTimestamp: null', () => {
    const out = d(obj('apps/v1', 'Deployment', { spec: { selector: {}, template } }));
    const t = out.spec.template;
    expect(t.metadata.creationTimestamp).toBeNull();
    expect(t.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 });
    expect(t.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} });
    expect(t.spec.containers[0].ports[0].protocol).toBe('TCP');
    expect(t.spec.enableServiceLinks).toBeUndefined();
  });

  it.each([
    ['Deployment', 'apps/v1', { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } } }],
    ['StatefulSet', 'apps/v1', { replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } }],
    ['DaemonSet', 'apps/v1', { revisionHistoryLimit: 10, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } } }],
    ['ReplicaSet', 'apps/v1', { replicas: 1 }],
    ['Job', 'batch/v1', { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' }],
  ])('workload defaults: %s', (kind, apiVersion, expected) => {
    expect(d(obj(apiVersion, kind, { spec: { template } })).spec).toMatchObject(expected);
  });

  it('CronJob defaults include the jobTemplate and its pod template', () => {
    const out = d(obj('batch/v1', 'CronJob', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } }));
    expect(out.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(out.spec.jobTemplate.metadata.creationTimestamp).toBeNull();
    expect(out.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Always');
  });

  it('Service: clusterIP(s), ipFamilies, ipFamilyPolicy, sessionAffinity, type, ports protocol and targetPort', () => {
    const out = d(obj('v1', 'Service', { spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } }));
    expect(out.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    expect(out.status).toEqual({ loadBalancer: {} });
  });

  it('Service: headless selectorless gets RequireDualStack', () => {
    const out = d(obj('v1', 'Service', { spec: { clusterIP: 'None' } }));
    expect(out.spec).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
  });

  it.each([
    ['PVC volumeMode', obj('v1', 'PersistentVolumeClaim', { spec: {} }), (o: any) => [o.spec.volumeMode, o.status.phase], ['Filesystem', 'Pending']], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['Secret type', obj('v1', 'Secret', {}), (o: any) => [o.type], ['Opaque']], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['Namespace label, finalizer, phase', obj('v1', 'Namespace', {}), (o: any) => [o.metadata.labels['kubernetes.io/metadata.name'], o.spec.finalizers, o.status.phase], ['x', ['kubernetes'], 'Active']], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['RoleBinding apiGroups', obj('rbac.authorization.k8s.io/v1', 'RoleBinding', { roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'u' }, { kind: 'ServiceAccount', name: 's' }] }),
      (o: any) => [o.roleRef.apiGroup, o.subjects[0].apiGroup, o.subjects[1].apiGroup], ['rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', '']], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['HPA minReplicas and cpu metric', obj('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { maxReplicas: 3 } }),
      (o: any) => [o.spec.minReplicas, o.spec.metrics[0].resource.target.averageUtilization], [1, 80]], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('other kinds: %s', (_name, input, pick, expected) => {
    expect(pick(d(input))).toEqual(expected);
  });

  it('is pure: the input is not mutated', () => {
    const input = obj('apps/v1', 'Deployment', { spec: { template } });
    const before = structuredClone(input);
    applyDefaults(input, ctx);
    expect(input).toEqual(before);
  });
});
