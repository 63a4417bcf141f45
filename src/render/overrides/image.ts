import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { ImageOverrider } from '../../model/policy.js';
import { formatImage, parseImage, removeTagOrDigest, setTagOrDigest } from './image-reference.js';
import type { ImageReference } from './image-reference.js';
import { applyJsonPatch, applyJsonPatchInPlace } from './json-patch.js';
import type { PatchOperation } from './json-patch.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { GitfedError } from '../../model/errors.js';

/** Where each supported kind keeps its pod spec; initContainers and ephemeralContainers are never touched. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
};

type JsonMap = { [key: string]: JsonValue };

// Every cluster asks for the same few (overrider, image) results; parsing the reference is the costly part.
// Keyed by content, not by object, so an overrider changed between calls never gets a stale answer.
const overridden = new Map<string, string>();
const OVERRIDDEN_LIMIT = 10_000;

/** overrideImage applies one overrider to one image string (Karmada `overrideImage`). */
export function overrideImage(image: string, overrider: ImageOverrider): string {
  const value = overrider.value ?? '';
  const key = JSON.stringify([overrider.component, overrider.operator, value, image]);
  const hit = overridden.get(key);
  if (hit !== undefined) return hit;
  // an unparseable image throws here, every time: failures are not remembered
  const out = formatImage(changeComponent(parseImage(image), overrider.component, overrider.operator, value));
  if (overridden.size >= OVERRIDDEN_LIMIT) overridden.clear();
  overridden.set(key, out);
  return out;
}

function changeComponent(ref: ImageReference, component: ImageOverrider['component'], op: ImageOverrider['operator'], value: string): ImageReference {
  switch (component) {
    case 'Registry':
      if (op === 'add') return { ...ref, host: ref.host + value };
      if (op === 'replace') return { ...ref, host: value };
      return op === 'remove' ? { ...ref, host: '' } : ref;
    case 'Repository':
      if (op === 'add') return { ...ref, repository: ref.repository + value };
      if (op === 'replace') return { ...ref, repository: value };
      return op === 'remove' ? { ...ref, repository: '' } : ref;
    case 'Tag':
      if (op === 'add') return setTagOrDigest(ref, (ref.tag || ref.digest) + value);
      if (op === 'replace') return setTagOrDigest(ref, value);
      return op === 'remove' ? removeTagOrDigest(ref) : ref;
    default:
      throw new GitfedError('OverrideFailed', '', `unsupported image component(${String(component)})`);
  }
}

/**
 * containerImagePatches builds one replace per container of a workload, like Karmada's typed conversion:
 * a missing or null pod spec means no containers; a wrongly typed one cannot be converted and fails.
 */
function containerImagePatches(obj: KubeObject, specPath: readonly string[], overrider: ImageOverrider): PatchOperation[] {
  let cur: JsonValue | undefined = obj as unknown as JsonMap;
  for (const key of [...specPath, 'containers']) {
    if (!isPlainObject(cur)) throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: ${key} parent is not an object`);
    cur = cur[key];
    if (cur === undefined || cur === null) return [];
  }
  if (!Array.isArray(cur)) throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: containers is not a list`);
  const prefix = `/${specPath.join('/')}/containers`;
  return cur.map((container, i) => {
    if (!isPlainObject(container)) throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: container ${i} is not an object`);
    const image = container.image ?? '';
    if (typeof image !== 'string') throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: containers[${i}].image is not a string`);
    const path = `${prefix}/${i}/image`;
    try {
      return { op: 'replace', path, value: overrideImage(image, overrider) };
    } catch (err) {
      throw new GitfedError('OverrideFailed', '', `${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  });
}

/** parseListIndex is Go strconv.ParseInt(s, 10, 32). */
function parseListIndex(token: string | undefined): number | undefined {
  if (token === undefined || !/^[+-]?[0-9]+$/.test(token)) return undefined;
  const n = Number(token);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : undefined;
}

/** stepInto follows one map key; a list must be followed by a numeric index naming an object element. */
function stepInto(cur: JsonMap, segments: readonly string[], i: number): { next: JsonMap; consumed: number } {
  const key = segments[i] ?? '';
  const v = cur[key];
  if (isPlainObject(v)) return { next: v, consumed: 1 };
  if (!Array.isArray(v)) throw new GitfedError('OverrideFailed', '', `path(${key}) is neither an object nor a list`);
  const idx = parseListIndex(segments[i + 1]);
  if (idx === undefined) throw new GitfedError('OverrideFailed', '', `path(${segments[i + 1] ?? ''}) after list ${key} is not a number`);
  const elem = idx >= 0 ? v[idx] : undefined;
  if (!isPlainObject(elem)) throw new GitfedError('OverrideFailed', '', `index ${idx} of list ${key} is out of range or not an object`);
  return { next: elem, consumed: 2 };
}

/** imageAtPath is Karmada `obtainImageValue`: walk the "/"-split path (outer slashes trimmed) to a string. */
export function imageAtPath(obj: KubeObject, path: string): string {
  const segments = path.replace(/^\/+|\/+$/g, '').split('/');
  let cur = obj as unknown as JsonMap;
  for (let i = 0; i < segments.length - 1; ) {
    const step = stepInto(cur, segments, i);
    cur = step.next;
    i += step.consumed;
  }
  const last = segments[segments.length - 1] ?? '';
  const value = cur[last];
  if (typeof value !== 'string') throw new GitfedError('OverrideFailed', '', `failed to convert path(${last}) to string`);
  return value;
}

function buildPatches(obj: KubeObject, overrider: ImageOverrider): PatchOperation[] {
  if (overrider.predicate) {
    const path = overrider.predicate.path;
    const image = imageAtPath(obj, path);
    if (!path.startsWith('/')) throw new GitfedError('OverrideFailed', '', 'imagePath should start with "/"');
    return [{ op: 'replace', path, value: overrideImage(image, overrider) }];
  }
  const specPath = POD_SPEC_PATH[obj.kind];
  return specPath ? containerImagePatches(obj, specPath, overrider) : [];
}

/** applyImageOverrider applies one imageOverrider: every container of known workload kinds, or exactly predicate.path. */
export function applyImageOverrider(obj: KubeObject, overrider: ImageOverrider): KubeObject {
  const patches = buildPatches(obj, overrider);
  return patches.length === 0 ? obj : (applyJsonPatch(obj as unknown as JsonValue, patches) as unknown as KubeObject);
}

/** applyImageOverriderInPlace is applyImageOverrider on an object the caller owns: obj is patched and returned. */
export function applyImageOverriderInPlace(obj: KubeObject, overrider: ImageOverrider): KubeObject {
  return applyJsonPatchInPlace(obj as unknown as JsonValue, buildPatches(obj, overrider)) as unknown as KubeObject;
}
