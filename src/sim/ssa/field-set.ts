import { compareElements, pathToString, type Path, type PathElement } from './path.js';
import type { JsonObject } from '../../model/kube.js';
import { decodeFieldsV1 } from '../../kube/fields-v1.js';

/** FieldSet is an immutable set of owned paths keyed by their JSON encoding. */
export type FieldSet = ReadonlyMap<string, Path>;

/** pathKey is the map key of a path inside a FieldSet. */
export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

/** fieldSet builds a set from paths. */
export function fieldSet(paths: Iterable<Path>): FieldSet {
  const out = new Map<string, Path>();
  for (const p of paths) out.set(pathKey(p), p);
  return out;
}

/** union returns a ∪ b. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  return new Map([...a, ...b]);
}

/** difference returns a − b (exact paths). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  return new Map([...a].filter(([k]) => !b.has(k)));
}

/** intersection returns a ∩ b. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  return new Map([...a].filter(([k]) => b.has(k)));
}

/** recursiveDifference drops every path of `a` that equals or lies under a path of `prefixes`. */
export function recursiveDifference(a: FieldSet, prefixes: readonly Path[]): FieldSet {
  const under = (p: Path): boolean => prefixes.some((pre) => pre.length <= p.length && pre.every((e, i) => p[i] === e));
  return new Map([...a].filter(([, p]) => !under(p)));
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
