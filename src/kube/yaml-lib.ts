import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

/**
 * yamlLib is the yaml library, loaded at its first use: the plain documents most repositories hold are read and
 * written without it (render/load/plain-yaml.ts, fast-yaml.ts), and loading it is about 40 ms of a start. It is the
 * package's Node build, the one `import 'yaml'` gives.
 */
export function yamlLib(): typeof Yaml {
  lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return lib;
}
