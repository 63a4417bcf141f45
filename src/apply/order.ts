import { GitfedError } from '../model/errors.js';
import type { KubeObject } from '../model/kube.js';
import { sleep } from './limit.js';
import { refSubject, type ClusterClient, type ObjectRef } from './cluster-client.js';

/**
 * APPLY_STAGES is the staged apply order as data (after Flux's ReconcileOrder): kinds that define or
 * contain other objects go first and are waited for; admission webhooks go last so that a webhook whose
 * service is not up yet cannot reject the rest. Every kind not listed belongs to the middle stage.
 * Prune walks the stages backwards.
 */
export const APPLY_STAGES: readonly (readonly string[])[] = [
  ['CustomResourceDefinition', 'Namespace'],
  [],
  ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
];

const MIDDLE_STAGE = 1;

/** stageOf is the index in APPLY_STAGES of a kind. */
export function stageOf(kind: string): number {
  const i = APPLY_STAGES.findIndex((kinds) => kinds.includes(kind));
  return i === -1 ? MIDDLE_STAGE : i;
}

/** groupByStage splits items into APPLY_STAGES order, keeping their relative order; empty stages are dropped. */
export function groupByStage<T extends { kind: string }>(items: readonly T[]): T[][] {
  const stages: T[][] = APPLY_STAGES.map(() => []);
  for (const item of items) stages[stageOf(item.kind)]?.push(item);
  return stages.filter((s) => s.length > 0);
}

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
  return conditions.some((c) => c != null && typeof c === 'object' && !Array.isArray(c) && c.type === 'Established' && c.status === 'True');
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
