import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { sleep } from '../kube/concurrency.js';
import { refSubject, type ObjectRef } from '../kube/object-ref.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import { isPlainObject } from '../kube/plain-object.js';

/** isCrd tells whether an object is a CustomResourceDefinition. */
export function isCrd(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return obj.kind === 'CustomResourceDefinition' && obj.apiVersion.startsWith('apiextensions.k8s.io/');
}

/** EstablishedWait bounds the wait for a CRD: poll every intervalMs, give up after timeoutMs. */
export interface EstablishedWait {
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

/** DEFAULT_ESTABLISHED_WAIT matches what an apiserver needs for a new CRD with room to spare. */
export const DEFAULT_ESTABLISHED_WAIT: EstablishedWait = { timeoutMs: 30_000, intervalMs: 250 };

/** isEstablished reads `status.conditions[type=Established].status == "True"`. */
export function isEstablished(crd: KubeObject | null): boolean {
  const status = crd?.status;
  if (status == null || typeof status !== 'object' || Array.isArray(status)) return false;
  const conditions = status.conditions;
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => isPlainObject(c) && c.type === 'Established' && c.status === 'True');
}

/** waitEstablished polls a CRD until it is Established; throws NotEstablished when the bound runs out. */
export async function waitEstablished(client: ClusterClient, ref: ObjectRef, wait: EstablishedWait = DEFAULT_ESTABLISHED_WAIT): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    if (isEstablished(await client.get(ref))) return;
    if (Date.now() + wait.intervalMs > deadline) break;
    await sleep(wait.intervalMs, wait.signal);
  }
  throw new GitfedError('NotEstablished', `${client.cluster}: ${refSubject(ref)}`, `not Established within ${wait.timeoutMs} ms`);
}
