import type { JsonObject } from '../../model/kube.js';
import { child, objectAt, objectsAt, setDefault } from './util.js';
import { copyJson } from '../../kube/deep-copy.js';

const RBAC = 'rbac.authorization.k8s.io';

/** defaultNamespace adds the name label, and at creation (no status yet) the kubernetes finalizer and phase Active. */
export function defaultNamespace(obj: JsonObject): void {
  const metadata = child(obj, 'metadata');
  if (typeof metadata.name === 'string') child(metadata, 'labels')['kubernetes.io/metadata.name'] = metadata.name;
  // PrepareForCreate sets these once; later writes keep the stored values (a /finalize may have emptied the list)
  if (objectAt(obj, 'status')?.phase !== undefined) return;
  setDefault(child(obj, 'spec'), 'finalizers', ['kubernetes']);
  child(obj, 'status').phase = 'Active';
}

/** defaultSecret sets type Opaque. */
export function defaultSecret(obj: JsonObject): void {
  setDefault(obj, 'type', 'Opaque');
}

/** defaultBinding defaults roleRef.apiGroup and subjects[].apiGroup (rbac/v1 defaults.go). */
export function defaultBinding(obj: JsonObject): void {
  setDefault(child(obj, 'roleRef'), 'apiGroup', RBAC);
  for (const subject of objectsAt(obj, 'subjects')) {
    if (subject.apiGroup !== undefined) continue;
    subject.apiGroup = subject.kind === 'ServiceAccount' ? '' : RBAC;
  }
}

const SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const SCALE_DOWN = { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

function defaultRules(rules: JsonObject, defaults: JsonObject): void {
  for (const [key, value] of Object.entries(defaults)) setDefault(rules, key, copyJson(value));
}

/** defaultHpa is autoscaling/v2 SetDefaults_HorizontalPodAutoscaler. */
export function defaultHpa(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = objectAt(spec, 'behavior');
  if (!behavior) return;
  defaultRules(child(behavior, 'scaleUp'), SCALE_UP);
  defaultRules(child(behavior, 'scaleDown'), SCALE_DOWN);
}
