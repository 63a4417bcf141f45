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
 * sortAllByApplyOrder sorts each list in place exactly as `list.sort(byApplyOrder)` would, comparing every
 * distinct object once: lists that share objects (a fleet's rendered manifests) then sort by a number.
 */
export function sortAllByApplyOrder(lists: readonly KubeObject[][]): void {
  const seen = new Set<KubeObject>();
  for (const list of lists) for (const o of list) seen.add(o);
  // each object is met once here: a one-shot render's objects are not kept, and a pass remembers keys itself
  const distinct = [...seen].map((o) => ({ o, rank: rank(o.kind), key: freshKey(o) }));
  distinct.sort((a, b) => a.rank - b.rank || compareStrings(a.key, b.key));
  // objects that byApplyOrder finds equal get the same position, so the stable sort keeps their order as it would
  const position = new Map<KubeObject, number>();
  distinct.forEach((d, i) => {
    const before = distinct[i - 1];
    const tied = before !== undefined && before.rank === d.rank && before.key === d.key;
    position.set(d.o, tied ? (position.get(before.o) as number) : i);
  });
  for (const list of lists) sortByPosition(list, position);
}

/** sortByPosition is a stable sort by a whole-number position: position × n + index, sorted as numbers, says both. */
function sortByPosition(list: KubeObject[], position: ReadonlyMap<KubeObject, number>): void {
  const n = list.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (position.get(list[i] as KubeObject) as number) * n + i;
  keys.sort();
  const before = list.slice();
  for (let i = 0; i < n; i++) list[i] = before[(keys[i] as number) % n] as KubeObject;
}
