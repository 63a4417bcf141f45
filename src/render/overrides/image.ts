import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { ImageOverrider } from '../../model/policy.js';
import { formatImage, parseImage, removeTagOrDigest, setTagOrDigest } from './image-reference.js';
import type { ImageReference } from './image-reference.js';
import { applyJsonPatch, applyJsonPatchInPlace } from './json-patch.js';
import type { PatchOperation } from './json-patch.js';
import { ownPath, type Cow } from '../cow.js';
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

// Every cluster asks for the images of the same templates, and parsing a reference is the costly part of an
// override: each image is parsed once (a failure is not remembered: it throws every time, with its message).
const parsed = new Map<string, Readonly<ImageReference>>();
const PARSED_LIMIT = 10_000;

function parsedImage(image: string): Readonly<ImageReference> {
  let ref = parsed.get(image);
  if (ref === undefined) {
    ref = Object.freeze(parseImage(image));
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(image, ref);
  }
  return ref;
}

/** overrideImage applies one overrider to one image string (Karmada `overrideImage`). */
export function overrideImage(image: string, overrider: ImageOverrider): string {
  return formatImage(changeComponent(parsedImage(image), overrider.component, overrider.operator, overrider.value ?? ''));
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

/** ContainerImage is the new image of one container of a workload's pod spec. */
interface ContainerImage {
  index: number;
  image: string;
}

/**
 * containerImages computes one new image per container of a workload, like Karmada's typed conversion: a missing
 * or null pod spec means no containers; a wrongly typed one cannot be converted and fails.
 */
function containerImages(obj: KubeObject, specPath: readonly string[], overrider: ImageOverrider): ContainerImage[] {
  let cur: JsonValue | undefined = obj as unknown as JsonMap;
  for (const key of [...specPath, 'containers']) {
    if (!isPlainObject(cur)) throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: ${key} parent is not an object`);
    cur = cur[key];
    if (cur === undefined || cur === null) return [];
  }
  if (!Array.isArray(cur)) throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: containers is not a list`);
  return cur.map((container, i) => {
    if (!isPlainObject(container)) throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: container ${i} is not an object`);
    const image = container.image ?? '';
    if (typeof image !== 'string') throw new GitfedError('OverrideFailed', '', `cannot convert ${obj.kind}: containers[${i}].image is not a string`);
    try {
      return { index: i, image: overrideImage(image, overrider) };
    } catch (err) {
      throw new GitfedError('OverrideFailed', '', `/${specPath.join('/')}/containers/${i}/image: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  });
}

/**
 * setContainerImages writes the images as Karmada's replace operations would, without building them. Every container
 * has an `image` key here: without one its image is "", which no override parses.
 */
function setContainerImages(obj: KubeObject, specPath: readonly string[], images: readonly ContainerImage[], cow?: Cow): KubeObject {
  const root = obj as unknown as JsonMap;
  for (const c of images) {
    const path = [...specPath, 'containers', c.index];
    const container = (cow ? ownPath(cow, root, path) : path.reduce<JsonValue | undefined>((at, key) => (at as JsonMap)[key as string], root)) as JsonMap;
    container.image = c.image;
  }
  return obj;
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
  return specPath ? containerImages(obj, specPath, overrider).map((c) => ({ op: 'replace', path: `/${specPath.join('/')}/containers/${c.index}/image`, value: c.image })) : [];
}

/** applyImageOverrider applies one imageOverrider: every container of known workload kinds, or exactly predicate.path. */
export function applyImageOverrider(obj: KubeObject, overrider: ImageOverrider): KubeObject {
  const patches = buildPatches(obj, overrider);
  return patches.length === 0 ? obj : (applyJsonPatch(obj as unknown as JsonValue, patches) as unknown as KubeObject);
}

/**
 * applyImageOverriderInPlace is applyImageOverrider on an object the caller owns (or builds, with a Cow): obj is
 * patched and returned. The containers of a workload are written directly; a predicate's path goes through its patch.
 */
export function applyImageOverriderInPlace(obj: KubeObject, overrider: ImageOverrider, cow?: Cow): KubeObject {
  const specPath = overrider.predicate ? undefined : POD_SPEC_PATH[obj.kind];
  if (specPath) return setContainerImages(obj, specPath, containerImages(obj, specPath, overrider), cow);
  return applyJsonPatchInPlace(obj as unknown as JsonValue, buildPatches(obj, overrider), 'v5', cow) as unknown as KubeObject;
}
