import type { JsonObject } from '../../model/kube.js';
import { child, objectAt, objectsAt, setDefault } from './util.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** pullPolicyFor is the imagePullPolicy default: Always for the `latest` tag, including no tag (parsers.ParseImageName). */
export function pullPolicyFor(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon < 0 ? 'latest' : lastSegment.slice(colon + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: JsonObject | undefined): void {
  if (!probe) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  const http = objectAt(probe, 'httpGet');
  if (http) { setDefault(http, 'path', '/'); setDefault(http, 'scheme', 'HTTP'); }
}

/** defaultContainer is SetDefaults_Container plus the generated defaults of ports, env, probes and resources. */
export function defaultContainer(c: JsonObject): void {
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', pullPolicyFor(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  child(c, 'resources');
  for (const port of objectsAt(c, 'ports')) setDefault(port, 'protocol', 'TCP');
  for (const env of objectsAt(c, 'env')) {
    const fieldRef = objectAt(objectAt(env, 'valueFrom'), 'fieldRef');
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(objectAt(c, probe));
}

const SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image'];

function defaultVolume(v: JsonObject): void {
  if (!SOURCES.some((s) => v[s] !== undefined)) v.emptyDir = {};
  for (const source of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    const s = objectAt(v, source);
    if (s) setDefault(s, 'defaultMode', 420);
  }
  const hostPath = objectAt(v, 'hostPath');
  if (hostPath && hostPath.type === undefined) hostPath.type = '';
}

/** defaultPodSpec is SetDefaults_PodSpec with its containers and volumes (templates and Pods). */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  child(spec, 'securityContext');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) objectsAt(spec, list).forEach(defaultContainer);
  objectsAt(spec, 'volumes').forEach(defaultVolume);
}

/** defaultTemplate defaults a pod template and serialises its zero creationTimestamp as null, as a 1.33 server does. */
export function defaultTemplate(owner: JsonObject, key = 'template'): JsonObject {
  const template = child(owner, key);
  const metadata = child(template, 'metadata');
  if (metadata.creationTimestamp === undefined) metadata.creationTimestamp = null;
  defaultPodSpec(child(template, 'spec'));
  return template;
}

/** defaultPod applies the Pod-only defaults on top of the pod spec ones (SetDefaults_Pod). */
export function defaultPod(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  if (!isPlainObject(obj.status)) obj.status = { phase: 'Pending' };
}
