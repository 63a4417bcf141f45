import { compareElements, pathToString, type Path, type PathElement } from './path.js';
import type { JsonObject } from '../../model/kube.js';
import { decodeFieldsV1 } from '../../kube/fields-v1.js';

/** FieldSet is an immutable set of owned paths keyed by pathKey. */
export type FieldSet = ReadonlyMap<string, Path>;

// Each element follows a NUL, which never occurs in an element JSON wrote (k:, v:), only in a field name that holds
// one: such a path is keyed by its JSON, which starts with `[`, so the two spellings cannot meet.
const SEP = '\u0000';

/** pathKey is the map key of a path inside a FieldSet. */
export function pathKey(path: Path): string {
  let key = '';
  for (const pe of path) {
    if (pe.includes(SEP)) return JSON.stringify(path);
    key += SEP + pe;
  }
  return key;
}

/** fieldSet builds a set from paths. */
export function fieldSet(paths: Iterable<Path>): FieldSet {
  const out = new Map<string, Path>();
  for (const p of paths) out.set(pathKey(p), p);
  return out;
}

// Sets are immutable, so an operation that changes nothing returns its operand: a manager entry whose set a write
// left alone keeps the very set it was decoded as, and with it the encoding already made of it (fields-cache.ts).

/** union returns a ∪ b. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  if (within(b, a)) return a;
  if (within(a, b)) return b;
  return new Map([...a, ...b]);
}

/** within tells a ⊆ b. */
function within(a: FieldSet, b: FieldSet): boolean {
  if (a.size > b.size) return false;
  for (const k of a.keys()) if (!b.has(k)) return false;
  return true;
}

/** sameOr is `known` when it holds exactly the paths of `next`, else `next`. */
export function sameOr(known: FieldSet | undefined, next: FieldSet): FieldSet {
  return known && known.size === next.size && within(next, known) ? known : next;
}

/** kept is `a` when `keep` holds for every path, else the paths for which it holds. */
function kept(a: FieldSet, keep: (k: string, p: Path) => boolean): FieldSet {
  const out = new Map<string, Path>();
  for (const [k, p] of a) if (keep(k, p)) out.set(k, p);
  return out.size === a.size ? a : out;
}

/** difference returns a − b (exact paths). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  return b.size === 0 ? a : kept(a, (k) => !b.has(k));
}

/** intersection returns a ∩ b. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  return kept(a, (k) => b.has(k));
}

/** recursiveDifference drops every path of `a` that equals or lies under a path of `prefixes`. */
export function recursiveDifference(a: FieldSet, prefixes: readonly Path[]): FieldSet {
  const under = (p: Path): boolean => prefixes.some((pre) => pre.length <= p.length && pre.every((e, i) => p[i] === e));
  return prefixes.length === 0 ? a : kept(a, (_k, p) => !under(p));
}

interface Node { member: boolean; children: Map<PathElement, Node> }

function toTree(set: FieldSet): Node {
  const root: Node = { member: false, children: new Map() };
  for (const path of set.values()) {
    let node = root;
    for (const pe of path) {
      let next = node.children.get(pe);
      if (!next) { next = { member: false, children: new Map() }; node.children.set(pe, next); }
      node = next;
    }
    node.member = true;
  }
  return root;
}

function encodeNode(node: Node): JsonObject {
  const out: JsonObject = {};
  if (node.member && node.children.size > 0) out['.'] = {};
  for (const pe of [...node.children.keys()].sort(compareElements)) out[pe] = encodeNode(node.children.get(pe) as Node);
  return out;
}

/** toFieldsV1 encodes a set as a FieldsV1 object: `.` first, then elements in SMD order. */
export function toFieldsV1(set: FieldSet): JsonObject {
  return encodeNode(toTree(set));
}

/** fromFieldsV1 decodes FieldsV1: `{}` is a member, a non-empty object a prefix (member only with `.`). */
export function fromFieldsV1(fields: unknown): FieldSet {
  return fieldSet(decodeFieldsV1(fields));
}

/** orderedPaths lists paths as SMD's Set.Iterate: at each level the members first, then each child's subtree. */
export function orderedPaths(set: FieldSet): Path[] {
  const out: Path[] = [];
  const walk = (node: Node, prefix: Path): void => {
    const keys = [...node.children.keys()].sort(compareElements);
    for (const pe of keys) if (node.children.get(pe)?.member) out.push([...prefix, pe]);
    for (const pe of keys) {
      const child = node.children.get(pe) as Node;
      if (child.children.size > 0) walk(child, [...prefix, pe]);
    }
  };
  walk(toTree(set), []);
  return out;
}

/** fieldPathStrings renders every path of a set in SMD order (messages and tests). */
export function fieldPathStrings(set: FieldSet): string[] {
  return orderedPaths(set).map(pathToString);
}
