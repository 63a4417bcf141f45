/**
 * The built-in customizations: Karmada's third-party resource customizations (OpenKruise, Argo, Flink, Kubeflow,
 * Ray, Flux, Kyverno, Volcano, Spark), kept as data in `customizations/` beside this module and read on first use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { yamlLib } from '../yaml-lib.js';
import type { InterpreterCustomization } from '../../model/interpreter.js';
import type { JsonValue } from '../../model/kube.js';
import { readCustomization } from './customization.js';

const DIRECTORY = fileURLToPath(new URL('./customizations/', import.meta.url));

let builtins: readonly InterpreterCustomization[] | undefined;

/** builtinCustomizations reads the shipped customization files once; a broken one is a bug of the package and throws. */
export function builtinCustomizations(): readonly InterpreterCustomization[] {
  if (builtins) return builtins;
  const out: InterpreterCustomization[] = [];
  for (const file of readdirSync(DIRECTORY).filter((f) => f.endsWith('.yaml')).sort()) {
    const text = readFileSync(`${DIRECTORY}${file}`, 'utf8');
    const doc = yamlLib().parse(text) as { [key: string]: JsonValue };
    const { customization, problems } = readCustomization(doc, { file: `builtin:${file}`, line: 1 }, (path) => lineOfKey(text, String(path[path.length - 2])));
    if (!customization) throw new Error(`built-in customization ${file}: ${problems.map((p) => p.message).join('; ')}`);
    out.push(customization);
  }
  builtins = out;
  return out;
}

let targets: ReadonlySet<string> | undefined;

/**
 * builtinTargets lists the `apiVersion/kind` the shipped customizations are for, from their file names
 * (`group_version_Kind.yaml`, checked against their content by a test): a render whose templates are of none of these
 * kinds does not read the files.
 */
export function builtinTargets(): ReadonlySet<string> {
  targets ??= new Set(readdirSync(DIRECTORY).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length).split('_').join('/')));
  return targets;
}

/** lineOfKey is the line of `key:` in a built-in file (each operation appears once there). */
function lineOfKey(text: string, key: string): number {
  const at = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`));
  return at < 0 ? 0 : at + 2;
}
