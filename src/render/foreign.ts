/** Shapes shared by the KubeFed and Federation v1 renderers, which place resources outside Karmada's policies. */
import type { KubeObject, SourceRef } from '../model/kube.js';
import type { Binding } from '../model/plan.js';
import { MANAGED_BY_LABEL, FIELD_MANAGER } from '../kube/field-manager.js';
import { stripServerFields } from './prune-fields.js';

/** Claim names the KubeFed object or Federation v1 annotation that places a resource key, for conflict reports. */
export interface Claim {
  owner: string;
  source: SourceRef;
}

/** ForeignOutput is one binding with the object each of its clusters receives, and who placed it. */
export interface ForeignOutput {
  binding: Binding;
  objects: [cluster: string, object: KubeObject][];
  claim: Claim;
}

/** describeClaim renders a claim as `owner (file:line)`. */
export function describeClaim(c: Claim): string {
  return `${c.owner} (${c.source.file}:${c.source.line})`;
}

/** finishObject applies gitfed's last steps to an object it owns: prune server fields, add the managed-by label. */
export function finishObject(obj: KubeObject): KubeObject {
  stripServerFields(obj);
  obj.metadata.labels = { ...obj.metadata.labels, [MANAGED_BY_LABEL]: FIELD_MANAGER };
  return obj;
}

/** replicasOf reads `spec.replicas` of a scalable workload for its binding, or undefined. */
export function replicasOf(obj: { kind?: unknown; spec?: unknown }): number | undefined {
  if (typeof obj.kind !== 'string' || !['Deployment', 'ReplicaSet', 'StatefulSet'].includes(obj.kind)) return undefined;
  const replicas = (obj.spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : undefined;
}
