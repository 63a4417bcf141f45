import type { KubeObject } from '../model/kube.js';
import { compareStrings } from './compare-strings.js';
import { objectKey } from './object-ref.js';

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
 * sortAllByApplyOrder sorts each list in place exactly as `list.sort(byApplyOrder)` would, comparing every
 * distinct object once: lists that share objects (a fleet's rendered manifests) then sort by a number.
 */
export function sortAllByApplyOrder(lists: readonly KubeObject[][]): void {
  const distinct = [...new Set(lists.flat())].map((o) => ({ o, rank: rank(o.kind), key: objectKey(o) }));
  distinct.sort((a, b) => a.rank - b.rank || compareStrings(a.key, b.key));
  // objects that byApplyOrder finds equal get the same position, so the stable sort keeps their order as it would
  const position = new Map<KubeObject, number>();
  distinct.forEach((d, i) => {
    const before = distinct[i - 1];
    const tied = before !== undefined && before.rank === d.rank && before.key === d.key;
    position.set(d.o, tied ? (position.get(before.o) as number) : i);
  });
  for (const list of lists) list.sort((a, b) => (position.get(a) as number) - (position.get(b) as number));
}
