import { describe, expect, it } from 'vitest';
import { readWorkloadHealth, type KStatus } from '../../../src/kube/workload-health.js';
import type { JsonObject, KubeObject } from '../../../src/model/kube.js';

// One row per kstatus rule (sigs.k8s.io/cli-utils/pkg/kstatus/status/core.go), named after it.

const cond = (type: string, status: string, reason = '', message = ''): JsonObject => ({ type, status, reason, message });
const obj = (apiVersion: string, kind: string, spec: JsonObject, status: JsonObject | undefined, meta: JsonObject = {}): KubeObject => ({
  apiVersion, kind, metadata: { name: 'x', namespace: 'default', generation: 1, ...meta }, spec, ...(status ? { status } : {}),
});

const doneDeploy: JsonObject = {
  observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
  conditions: [cond('Available', 'True', 'MinimumReplicasAvailable'), cond('Progressing', 'True', 'NewReplicaSetAvailable')],
};
const deploy = (status: JsonObject, meta: JsonObject = {}): KubeObject => obj('apps/v1', 'Deployment', { replicas: 3 }, { ...doneDeploy, ...status }, meta);
const sts = (status: JsonObject, spec: JsonObject = {}): KubeObject => obj('apps/v1', 'StatefulSet', { replicas: 2, ...spec }, {
  observedGeneration: 1, replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, currentRevision: 'r1', updateRevision: 'r1', ...status,
});
const ds = (status: JsonObject): KubeObject => obj('apps/v1', 'DaemonSet', {}, {
  observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2, numberReady: 2, ...status,
});
const job = (status: JsonObject): KubeObject => obj('batch/v1', 'Job', { completions: 2 }, status);

const rules: [string, KubeObject | null, KStatus, string, number?, number?][] = [
  ['an object that is not there is Unknown', null, 'Unknown', 'not found'],
  ['generic: an unobserved generation is InProgress', deploy({ observedGeneration: 1 }, { generation: 2 }), 'InProgress', 'generation 2 not observed yet (observed 1)', 3, 3],
  ['generic: a deletion timestamp is InProgress', deploy({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), 'InProgress', 'Resource scheduled for deletion', 3, 3],
  ['generic: Stalled=True is Failed', obj('example.com/v1', 'Widget', {}, { conditions: [cond('Stalled', 'True', 'X', 'stuck')] }), 'Failed', 'stuck'],
  ['generic: Reconciling=True is InProgress', obj('example.com/v1', 'Widget', {}, { conditions: [cond('Reconciling', 'True', 'X', 'working')] }), 'InProgress', 'working'],
  ['deployment: all replicas updated, ready and available is Current', deploy({}), 'Current', '3/3 ready', 3, 3],
  ['deployment: Progressing reason ProgressDeadlineExceeded is Failed', deploy({ conditions: [cond('Progressing', 'False', 'ProgressDeadlineExceeded')] }), 'Failed', 'progress deadline exceeded', 3, 3],
  ['deployment: fewer replicas than spec is InProgress', deploy({ replicas: 2 }), 'InProgress', '2/3 created', 3, 3],
  ['deployment: fewer updated than spec is InProgress', deploy({ updatedReplicas: 1 }), 'InProgress', '1/3 updated', 3, 3],
  ['deployment: more replicas than spec (old pods terminating) is InProgress', deploy({ replicas: 4 }), 'InProgress', '1 pending termination', 3, 3],
  ['deployment: fewer available than updated is InProgress', deploy({ availableReplicas: 2 }), 'InProgress', '2/3 available', 3, 3],
  ['deployment: fewer ready than spec is InProgress', deploy({ readyReplicas: 2 }), 'InProgress', '2/3 ready', 2, 3],
  ['deployment: new ReplicaSet not yet available is InProgress', deploy({ conditions: [cond('Available', 'True'), cond('Progressing', 'True', 'ReplicaSetUpdated')] }), 'InProgress', 'ReplicaSet not available', 3, 3],
  ['deployment: Available not True is InProgress', deploy({ conditions: [cond('Available', 'False'), cond('Progressing', 'True', 'NewReplicaSetAvailable')] }), 'InProgress', 'Deployment not available', 3, 3],
  ['deployment: spec.replicas defaults to 1', obj('apps/v1', 'Deployment', {}, { ...doneDeploy, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }), 'Current', '1/1 ready', 1, 1],
  ['deployment: no status yet is InProgress', obj('apps/v1', 'Deployment', { replicas: 2 }, undefined), 'InProgress', '0/2 created', 0, 2],
  ['statefulset: all ready and revisions equal is Current', sts({}), 'Current', '2/2 ready', 2, 2],
  ['statefulset: fewer ready than spec is InProgress', sts({ readyReplicas: 1 }), 'InProgress', '1/2 ready', 1, 2],
  ['statefulset: fewer created than spec is InProgress', sts({ replicas: 1 }), 'InProgress', '1/2 created', 2, 2],
  ['statefulset: currentRevision != updateRevision is InProgress', sts({ updateRevision: 'r2' }), 'InProgress', 'waiting for the update revision to become current', 2, 2],
  ['statefulset: fewer current than spec is InProgress', sts({ currentReplicas: 1 }), 'InProgress', '1/2 current', 2, 2],
  ['statefulset: a partitioned roll out is done when the replicas above the partition are updated', sts({ updatedReplicas: 1, updateRevision: 'r2' }, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }), 'Current', '2/2 ready (partitioned roll out complete)', 2, 2],
  ['statefulset: OnDelete is Current once ready', sts({ updateRevision: 'r2' }, { updateStrategy: { type: 'OnDelete' } }), 'Current', '2/2 ready (OnDelete)', 2, 2],
  ['daemonset: all scheduled, updated, available and ready is Current', ds({}), 'Current', '2/2 ready', 2, 2],
  ['daemonset: fewer updated than desired is InProgress', ds({ updatedNumberScheduled: 1 }), 'InProgress', '1/2 updated', 2, 2],
  ['daemonset: fewer available than desired is InProgress', ds({ numberAvailable: 1, numberReady: 1 }), 'InProgress', '1/2 available', 1, 2],
  ['daemonset: fewer ready than desired is InProgress', ds({ numberReady: 0 }), 'InProgress', '0/2 ready', 0, 2],
  ['daemonset: no desiredNumberScheduled yet is InProgress', obj('apps/v1', 'DaemonSet', {}, {}), 'InProgress', 'desiredNumberScheduled not reported yet', 0, 0],
  ['job: Complete=True is Current', job({ succeeded: 2, startTime: 't', conditions: [cond('Complete', 'True')] }), 'Current', 'completed: 2/2 succeeded', 2, 2],
  ['job: Failed=True is Failed', job({ failed: 3, startTime: 't', conditions: [cond('Failed', 'True', 'BackoffLimitExceeded')] }), 'Failed', 'failed: BackoffLimitExceeded', 0, 2],
  ['job: not started is InProgress', job({}), 'InProgress', 'not started', 0, 2],
  ['job: started and running is Current (kstatus: a Job is not a rollout)', job({ startTime: 't', active: 2 }), 'Current', 'running: 0/2 succeeded, 2 active', 0, 2],
  ['ready condition: Ready=True is Current', obj('example.com/v1', 'Widget', {}, { conditions: [cond('Ready', 'True')] }), 'Current', 'Ready'],
  ['ready condition: Ready=False is InProgress, with its reason', obj('example.com/v1', 'Widget', {}, { conditions: [cond('Ready', 'False', 'Waiting', 'for a volume')] }), 'InProgress', 'not Ready: Waiting: for a volume'],
  ['anything else is Current', obj('v1', 'ConfigMap', {}, undefined), 'Current', 'Resource is current'],
];

describe('readWorkloadHealth reads a live object as kstatus does', () => {
  it.each(rules)('%s', (_rule, live, status, message, ready, desired) => {
    const h = readWorkloadHealth(live);
    expect(h).toEqual({
      status, message, health: status === 'Current' ? 'Healthy' : status === 'Unknown' ? 'Unknown' : 'Unhealthy',
      ...(ready !== undefined ? { ready } : {}), ...(desired !== undefined ? { desired } : {}),
    });
  });
});
