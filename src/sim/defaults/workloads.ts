import type { JsonObject } from '../../model/kube.js';
import { defaultTemplate } from './pod.js';
import { child, objectAt, objectsAt, setDefault } from './util.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { copyJson } from '../../kube/deep-copy.js';

/** defaultDeployment is SetDefaults_Deployment (apps/v1). */
export function defaultDeployment(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

/** defaultPvcSpec sets volumeMode Filesystem (PVCs and StatefulSet claim templates). */
export function defaultPvc(pvc: JsonObject): void {
  setDefault(child(pvc, 'spec'), 'volumeMode', 'Filesystem');
  const status = child(pvc, 'status');
  setDefault(status, 'phase', 'Pending');
}

/** defaultStatefulSet is SetDefaults_StatefulSet plus SetObjectDefaults for its claim templates. */
export function defaultStatefulSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(child(strategy, 'rollingUpdate'), 'partition', 0);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  for (const claim of objectsAt(spec, 'volumeClaimTemplates')) {
    const metadata = child(claim, 'metadata');
    if (metadata.creationTimestamp === undefined) metadata.creationTimestamp = null;
    defaultPvc(claim);
  }
  defaultTemplate(spec);
}

/** defaultDaemonSet is SetDefaults_DaemonSet plus the template-generation annotation the registry adds. */
export function defaultDaemonSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
  const annotations = child(child(obj, 'metadata'), 'annotations');
  setDefault(annotations, 'deprecated.daemonset.template.generation', '1');
}

/** defaultReplicaSet is SetDefaults_ReplicaSet. */
export function defaultReplicaSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultTemplate(spec);
}

/** defaultJobSpec is SetDefaults_Job on a Job spec (also a CronJob's jobTemplate.spec). */
export function defaultJobSpec(spec: JsonObject): void {
  if (spec.completions == null && spec.parallelism == null) { spec.completions = 1; spec.parallelism = 1; }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', spec.podFailurePolicy != null ? 'Failed' : 'TerminatingOrFailed');
  setDefault(spec, 'manualSelector', false);
  defaultTemplate(spec);
}

/** defaultJob defaults the spec and copies template labels onto a Job that has none. */
export function defaultJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  defaultJobSpec(spec);
  const metadata = child(obj, 'metadata');
  const templateLabels = objectAt(objectAt(objectAt(spec, 'template'), 'metadata'), 'labels');
  if (!isPlainObject(metadata.labels) && templateLabels) metadata.labels = copyJson(templateLabels);
}

/** defaultCronJob is SetDefaults_CronJob plus the Job and pod-template defaults of its jobTemplate. */
export function defaultCronJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = child(spec, 'jobTemplate');
  const metadata = child(jobTemplate, 'metadata');
  if (metadata.creationTimestamp === undefined) metadata.creationTimestamp = null;
  defaultJobSpec(child(jobTemplate, 'spec'));
}
