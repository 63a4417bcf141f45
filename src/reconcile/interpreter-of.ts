import { createInterpreter, type Interpreter } from '../kube/interpreter/interpreter.js';
import type { Catalog } from '../model/catalog.js';

// one interpreter per content of a commit's customizations: each render loads a new list, and a new interpreter
// per commit would make every pass read every workload's health again (readings are kept while it stays the same)
const interpreters = new Map<string, Interpreter>();
const KEPT = 8;
// and per loaded list, so that the calls of one render (one per cluster's work item) stringify it once
const byList = new WeakMap<readonly object[], Interpreter>();

/** interpreterOf is the interpreter of a catalog's customizations over the built-in ones, the same one for the same content. */
export function interpreterOf(catalog: Pick<Catalog, 'customizations'>): Interpreter {
  const customizations = catalog.customizations ?? [];
  const known = byList.get(customizations);
  if (known) return known;
  const key = customizations.length === 0 ? '' : JSON.stringify(customizations);
  let i = interpreters.get(key);
  if (!i) {
    if (interpreters.size >= KEPT) interpreters.clear();
    interpreters.set(key, (i = createInterpreter(customizations)));
  }
  byList.set(customizations, i);
  return i;
}
