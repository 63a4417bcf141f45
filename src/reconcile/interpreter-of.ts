import { createInterpreter, type Interpreter } from '../kube/interpreter/interpreter.js';
import type { Catalog } from '../model/catalog.js';
import type { InterpreterCustomization } from '../model/interpreter.js';

const NONE: readonly InterpreterCustomization[] = [];
// one interpreter per commit's customizations (the catalog's list), not one per template, pass or reading
const interpreters = new WeakMap<readonly InterpreterCustomization[], Interpreter>();

/** interpreterOf is the interpreter of a catalog's customizations over the built-in ones, built once per list. */
export function interpreterOf(catalog: Pick<Catalog, 'customizations'>): Interpreter {
  const customizations = catalog.customizations ?? NONE;
  let i = interpreters.get(customizations);
  if (!i) interpreters.set(customizations, (i = createInterpreter(customizations)));
  return i;
}
