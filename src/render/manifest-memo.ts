import type { KubeObject } from '../model/kube.js';
import type { SelectedRule } from './overrides/index.js';

/** MemoBuilt is one manifest construction's outcome as the memo keeps it: the frozen object, or the override error. */
export type MemoBuilt = { object: KubeObject } | { error: unknown };

/**
 * ManifestMemo keeps the manifests one render built for the next (part of RenderCache): a manifest depends only on
 * the template's content, the override rules, the replicas and the Job completions share (ManifestVariant), so a
 * commit that changed one file rebuilds only the variants whose inputs changed; every other object is handed out
 * again, the same frozen instance. Entries a render does not use are dropped at the next render's start.
 */
export interface ManifestMemo {
  /** what the last render used: the next one may take from it */
  previous: MemoGeneration;
  /** what this render used so far */
  current: MemoGeneration;
}

/** MemoGeneration is one render's entries: manifests by variant key, and the ids of template and rule contents. */
interface MemoGeneration {
  built: Map<string, MemoBuilt>;
  ids: Map<string, number>;
}

/** nextId numbers contents across generations: an id always means the same content. */
let nextId = 0;

const generation = (): MemoGeneration => ({ built: new Map(), ids: new Map() });

/** createManifestMemo starts an empty memo. */
export function createManifestMemo(): ManifestMemo {
  return { previous: generation(), current: generation() };
}

/** startRender turns the memo over: the last render's entries become what this render may reuse. */
export function startRender(memo: ManifestMemo): void {
  // a render that used nothing (e.g. it failed early) keeps the entries before it
  if (memo.current.built.size === 0 && memo.current.ids.size === 0) return;
  memo.previous = memo.current;
  memo.current = generation();
}

/**
 * contentKey spells a template or rule list exactly: JSON, with the numbers JSON cannot tell apart (-0, the
 * infinities, NaN) written as objects no parsed manifest holds (their key is a NUL character).
 */
export function contentKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { '\u0000': String(Object.is(v, -0) ? '-0' : v) } : v));
}

/** contentId is the number of a content in this memo: equal contents, equal ids, in this render and the last. */
export function contentId(memo: ManifestMemo, content: string): number {
  let id = memo.current.ids.get(content) ?? memo.previous.ids.get(content);
  if (id === undefined) id = nextId++;
  memo.current.ids.set(content, id);
  return id;
}

/** rulesKey is the content key of the override rules of a variant (policy names, overriders and where they are written). */
export function rulesKey(rules: readonly SelectedRule[]): string {
  return contentKey(rules);
}

/** memoized returns the manifest of key from this render or the last, or builds it; what it returns is kept for the next render. */
export function memoized(memo: ManifestMemo, key: string, build: () => MemoBuilt): MemoBuilt {
  let built = memo.current.built.get(key) ?? memo.previous.built.get(key);
  if (!built) built = build();
  memo.current.built.set(key, built);
  return built;
}
