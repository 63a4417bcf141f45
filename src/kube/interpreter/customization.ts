/**
 * readCustomization turns a ResourceInterpreterCustomization document into an InterpreterCustomization, or lists
 * what is wrong with it by field path (the loader turns those into file:line diagnostics).
 */
import type { JsonValue, SourceRef } from '../../model/kube.js';
import { INTERPRETER_OPERATIONS, type InterpreterCustomization, type InterpreterOperation } from '../../model/interpreter.js';
import { isPlainObject } from '../plain-object.js';

/** RIC_API_VERSION is the group and version of ResourceInterpreterCustomization. */
export const RIC_API_VERSION = 'config.karmada.io/v1alpha1';

/** CustomizationProblem is one invalid field. */
export interface CustomizationProblem {
  path: (string | number)[];
  message: string;
}

type Obj = { [key: string]: JsonValue };

function obj(v: JsonValue | undefined): Obj | undefined {
  return isPlainObject(v) ? (v as Obj) : undefined;
}

/** readCustomization reads doc; lineOf gives the file line of a field path (for each script's first line). */
export function readCustomization(doc: Obj, source: SourceRef, lineOf: (path: (string | number)[]) => number): { customization?: InterpreterCustomization; problems: CustomizationProblem[] } {
  const problems: CustomizationProblem[] = [];
  const name = obj(doc.metadata)?.name;
  if (typeof name !== 'string' || name === '') problems.push({ path: ['metadata', 'name'], message: 'metadata.name is required' });
  const spec = obj(doc.spec);
  const target = obj(spec?.target);
  const apiVersion = target?.apiVersion;
  const kind = target?.kind;
  if (typeof apiVersion !== 'string' || apiVersion === '') problems.push({ path: ['spec', 'target', 'apiVersion'], message: 'spec.target.apiVersion is required' });
  if (typeof kind !== 'string' || kind === '') problems.push({ path: ['spec', 'target', 'kind'], message: 'spec.target.kind is required' });
  const customizations = obj(spec?.customizations);
  if (!customizations) problems.push({ path: ['spec', 'customizations'], message: 'spec.customizations is required' });
  const scripts: InterpreterCustomization['scripts'] = {};
  for (const [op, value] of Object.entries(customizations ?? {})) {
    const path = ['spec', 'customizations', op];
    if (!Object.hasOwn(INTERPRETER_OPERATIONS, op)) {
      problems.push({ path, message: `unknown customization ${op}; expected one of ${Object.keys(INTERPRETER_OPERATIONS).join(', ')}` });
      continue;
    }
    const script = obj(value)?.luaScript;
    if (typeof script !== 'string' || script.trim() === '') {
      problems.push({ path: [...path, 'luaScript'], message: `${op}.luaScript must be a non-empty string` });
      continue;
    }
    const fn = INTERPRETER_OPERATIONS[op as InterpreterOperation];
    if (!new RegExp(`function\\s+${fn}\\s*\\(`).test(script)) problems.push({ path: [...path, 'luaScript'], message: `${op}.luaScript must define function ${fn}` });
    // a block scalar's text starts on the line after its key
    scripts[op as InterpreterOperation] = { script, source: { file: source.file, line: lineOf([...path, 'luaScript']) + 1 } };
  }
  if (problems.length > 0) return { problems };
  return { customization: { name: name as string, target: { apiVersion: apiVersion as string, kind: kind as string }, scripts, source }, problems };
}
