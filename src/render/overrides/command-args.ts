import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { CommandArgsOverrider } from '../../model/policy.js';
import { applyJsonPatch, applyJsonPatchInPlace } from './json-patch.js';
import type { Cow } from '../cow.js';
import type { PatchOperation } from './json-patch.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { GitfedError } from '../../model/errors.js';

/** CommandArgsTarget names the container field a command/args overrider edits. */
export type CommandArgsTarget = 'command' | 'args';

/** Container list location per kind; initContainers are not considered. */
const CONTAINERS_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec', 'containers'],
  ReplicaSet: ['spec', 'template', 'spec', 'containers'],
  Deployment: ['spec', 'template', 'spec', 'containers'],
  DaemonSet: ['spec', 'template', 'spec', 'containers'],
  Job: ['spec', 'template', 'spec', 'containers'],
  StatefulSet: ['spec', 'template', 'spec', 'containers'],
};

type JsonMap = { [key: string]: JsonValue };

/**
 * nestedSlice is unstructured.NestedSlice: an absent key means "not found" (no-op), while a present
 * value of the wrong type (null included) is an error.
 */
function nestedSlice(obj: KubeObject, path: readonly string[]): JsonValue[] | undefined {
  let cur: JsonValue | undefined = obj as unknown as JsonMap;
  for (const [i, key] of path.entries()) {
    if (!isPlainObject(cur)) throw new GitfedError('OverrideFailed', '', `.${path.slice(0, i).join('.')} is not an object`);
    if (!Object.hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  if (!Array.isArray(cur)) throw new GitfedError('OverrideFailed', '', `.${path.join('.')} is not a list`);
  return cur;
}

/** goString mimics fmt.Sprintf("%s", v) for values decoded from JSON. */
function goString(v: JsonValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? `%!s(int64=${v})` : `%!s(float64=${v})`;
  if (typeof v === 'boolean') return `%!s(bool=${v})`;
  if (v === null) return '%!s(<nil>)';
  return JSON.stringify(v);
}

/** newList is Karmada `overrideCommandArgs`: add appends, remove drops every listed value, anything else keeps the list. */
export function newList(current: readonly string[], overrider: CommandArgsOverrider): string[] {
  const value = overrider.value ?? [];
  if (overrider.operator === 'add') return [...current, ...value];
  if (overrider.operator === 'remove') return current.filter((v) => !value.includes(v));
  return [...current];
}

function containerPatch(container: JsonValue, path: string, target: CommandArgsTarget, overrider: CommandArgsOverrider): PatchOperation {
  if (!isPlainObject(container)) throw new GitfedError('OverrideFailed', '', `${path} is not an object`);
  const current = container[target];
  // an absent (or null) field is created by an add of the result computed from an empty list
  if (current === undefined || current === null) return { op: 'add', path: `${path}/${target}`, value: newList([], overrider) };
  if (!Array.isArray(current)) throw new GitfedError('OverrideFailed', '', `${path}/${target} is not a list`);
  return { op: 'replace', path: `${path}/${target}`, value: newList(current.map(goString), overrider) };
}

function buildPatches(obj: KubeObject, target: CommandArgsTarget, overrider: CommandArgsOverrider): PatchOperation[] {
  const path = CONTAINERS_PATH[obj.kind];
  if (!path) return [];
  const containers = nestedSlice(obj, path) ?? [];
  const patches: PatchOperation[] = [];
  containers.forEach((container, i) => {
    if (isPlainObject(container) && container.name !== overrider.containerName) return;
    patches.push(containerPatch(container, `/${path.join('/')}/${i}`, target, overrider));
  });
  return patches;
}

/** applyCommandArgsOverrider changes `command` or `args` of every container named containerName. */
export function applyCommandArgsOverrider(obj: KubeObject, target: CommandArgsTarget, overrider: CommandArgsOverrider): KubeObject {
  const patches = buildPatches(obj, target, overrider);
  return patches.length === 0 ? obj : (applyJsonPatch(obj as unknown as JsonValue, patches) as unknown as KubeObject);
}

/** applyCommandArgsOverriderInPlace is applyCommandArgsOverrider on an object the caller owns (or builds, with a Cow): obj is patched and returned. */
export function applyCommandArgsOverriderInPlace(obj: KubeObject, target: CommandArgsTarget, overrider: CommandArgsOverrider, cow?: Cow): KubeObject {
  return applyJsonPatchInPlace(obj as unknown as JsonValue, buildPatches(obj, target, overrider), 'v5', cow) as unknown as KubeObject;
}
