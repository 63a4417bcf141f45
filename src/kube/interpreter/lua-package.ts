/** The Lua VM's package, loaded on first use. */
import { createRequire } from 'node:module';

type Fengari = typeof import('fengari');

const load = createRequire(import.meta.url);
let loaded: Fengari | undefined;

/**
 * fengari is the package, required the first time a script is compiled: most repositories carry no script, and
 * loading it at start took a tenth of the reconciler's start-up. It is CommonJS, so the first use can stay synchronous.
 */
export function fengari(): Fengari {
  return (loaded ??= load('fengari') as Fengari);
}
