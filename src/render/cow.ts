/**
 * Copy on write for one manifest build. A build starts from a shallow copy of its template and copies a nested map
 * or list only when a step is about to change it, so what no step touches (most of a workload: the pod template's
 * volumes, ports, probes, env) stays shared with the template instead of being copied for every cluster. The shared
 * parts are read-only, as rendered manifests already are.
 */
import type { KubeObject } from '../model/kube.js';

type Container = Record<string, unknown> | unknown[];

/** Cow is what one build owns: the containers it made, which its steps may change in place. */
export interface Cow {
  readonly owned: Set<object>;
}

// the maps and lists of templates that started a build: what a build leaves alone is one of these, never changed
const templateParts = new WeakSet<object>();

/** markParts notes every map and list of a template (its root too) once: every cluster it goes to meets it. */
function markParts(template: KubeObject): void {
  if (templateParts.has(template)) return;
  const stack: unknown[] = [template];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    templateParts.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
}

/**
 * isTemplatePart tells a map or list of a built object that it is a template's, shared by the builds that left it
 * alone: read-only while the template lives (a writer can keep its text). A build's own copies are not.
 */
export function isTemplatePart(v: object): boolean {
  return templateParts.has(v);
}

/** startCow begins a build from template: the root and its metadata are the build's own (every build sets a label). */
export function startCow(template: KubeObject): { obj: KubeObject; cow: Cow } {
  markParts(template);
  const obj = { ...template, metadata: { ...template.metadata } };
  return { obj, cow: { owned: new Set<object>([obj, obj.metadata]) } };
}

/** ownChild makes parent[key], a map or list, the build's own (copied once) and returns it; parent must be owned. */
export function ownChild(cow: Cow, parent: Container, key: string | number): Container | undefined {
  const child = (parent as Record<string | number, unknown>)[key];
  if (typeof child !== 'object' || child === null) return undefined;
  if (cow.owned.has(child)) return child as Container;
  const copy: Container = Array.isArray(child) ? child.slice() : { ...(child as Record<string, unknown>) };
  // "__proto__" is a key like any other in parsed YAML: assigning it would set the prototype instead
  if (key === '__proto__') Object.defineProperty(parent, key, { value: copy, writable: true, enumerable: true, configurable: true });
  else (parent as Record<string | number, unknown>)[key] = copy;
  cow.owned.add(copy);
  return copy;
}

/** ownPath makes every container along keys, from root (owned), the build's own and returns the last one. */
export function ownPath(cow: Cow, root: Container, keys: readonly (string | number)[]): Container | undefined {
  let cur: Container | undefined = root;
  for (const key of keys) {
    cur = ownChild(cow, cur, key);
    if (!cur) return undefined;
  }
  return cur;
}
