import type { KubeObject } from '../model/kube.js';
import { compareStrings } from './compare-strings.js';
import { freshKey, objectKey } from './object-ref.js';

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

/**
 * byApplyOrder sorts objects in APPLY_STAGES order (within a stage, the listed kinds in their listed order, so
 * CRDs come before Namespaces), then by object key: rendered manifests list objects in the order they are applied.
 */
export function byApplyOrder(a: KubeObject, b: KubeObject): number {
  return rank(a.kind) - rank(b.kind) || compareStrings(objectKey(a), objectKey(b));
}

function rank(kind: string): number {
  const stage = stageOf(kind);
  return stage * 1000 + Math.max(0, APPLY_STAGES[stage]?.indexOf(kind) ?? 0);
}

/**
 * sortByApplyOrder sorts one list in place exactly as `list.sort(byApplyOrder)` would (both sorts are stable), with
 * each object's rank and key made once instead of at every comparison: one cluster's manifests.
 */
export function sortByApplyOrder(list: KubeObject[]): void {
  const n = list.length;
  const ranks = new Int32Array(n);
  const keys = new Array<string>(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const o = list[i] as KubeObject;
    ranks[i] = rank(o.kind);
    keys[i] = freshKey(o);
    order[i] = i;
  }
  order.sort((a, b) => (ranks[a] as number) - (ranks[b] as number) || compareStrings(keys[a] as string, keys[b] as string));
  const before = list.slice();
  for (let i = 0; i < n; i++) list[i] = before[order[i] as number] as KubeObject;
}
