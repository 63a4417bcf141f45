import type { KubeObject } from '../../model/kube.js';
import { asPlainObject } from '../../kube/plain-object.js';

type Json = Record<string, unknown>;

/** selectorString renders spec.selector.matchLabels (or a plain map selector) as `k=v,k2=v2`. */
function selectorString(spec: Json): string {
  const sel = asPlainObject(spec['selector']);
  const labels = 'matchLabels' in sel ? asPlainObject(sel['matchLabels']) : sel;
  return Object.entries(labels)
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

/** toScale renders a workload as the autoscaling/v1 Scale its `/scale` subresource serves. */
export function toScale(obj: KubeObject | Json): Json {
  if (obj['kind'] === 'Scale') return obj;
  const meta = asPlainObject(obj['metadata']);
  const spec = asPlainObject(obj['spec']);
  const status = asPlainObject(obj['status']);
  const metadata: Json = {};
  for (const key of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp']) {
    if (meta[key] !== undefined) metadata[key] = meta[key];
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 0 },
    status: { replicas: typeof status['replicas'] === 'number' ? status['replicas'] : 0, selector: selectorString(spec) },
  };
}

/** scalePutAsPatch turns a PUT of a Scale into the merge patch of the parent it means (RV kept as precondition). */
export function scalePutAsPatch(body: unknown): string {
  const scale = asPlainObject(body);
  const replicas = asPlainObject(scale['spec'])['replicas'];
  const rv = asPlainObject(scale['metadata'])['resourceVersion'];
  return JSON.stringify({ ...(typeof rv === 'string' && rv !== '' ? { metadata: { resourceVersion: rv } } : {}), spec: { replicas: replicas ?? null } });
}
