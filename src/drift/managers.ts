import { FIELD_MANAGER } from '../kube/field-manager.js';
import { decodeFieldsV1, type Path, type PathElement } from '../kube/fields-v1.js';

/** FieldOwner is one managedFields entry that owns a path. */
export interface FieldOwner {
  manager: string;
  operation: string;
  subresource?: string;
  time?: string;
}

interface Node {
  owners: FieldOwner[];
  children: Map<PathElement, Node>;
}

/** Ownership is the owned paths of every managedFields entry of a live object, as a tree. */
export interface Ownership {
  readonly root: Node;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ownerOf(entry: Record<string, unknown>): FieldOwner | undefined {
  const { manager, operation, subresource, time } = entry;
  if (typeof manager !== 'string' || typeof operation !== 'string') return undefined;
  return {
    manager,
    operation,
    ...(typeof subresource === 'string' && subresource ? { subresource } : {}),
    ...(typeof time === 'string' ? { time } : {}),
  };
}

/** ownership reads metadata.managedFields (Apply and Update entries alike); anything unreadable owns nothing. */
export function ownership(managedFields: unknown): Ownership {
  const root: Node = { owners: [], children: new Map() };
  for (const entry of Array.isArray(managedFields) ? managedFields : []) {
    const owner = isRecord(entry) ? ownerOf(entry) : undefined;
    if (!owner || !isRecord(entry)) continue;
    for (const path of decodeFieldsV1(entry.fieldsV1)) {
      let node = root;
      for (const pe of path) {
        let next = node.children.get(pe);
        if (!next) node.children.set(pe, (next = { owners: [], children: new Map() }));
        node = next;
      }
      node.owners.push(owner);
    }
  }
  return { root };
}

function find(tree: Ownership, path: Path): Node | undefined {
  let node: Node | undefined = tree.root;
  for (const pe of path) node = node?.children.get(pe);
  return node;
}

function descendantOwners(node: Node): FieldOwner[] {
  return [...node.owners, ...[...node.children.values()].flatMap(descendantOwners)];
}

/**
 * ownersOf names who owns a path: the owners of the most specific owned path at or above it (an atomic
 * field such as `f:selector` owns everything below it); when nothing there is owned, the owners of any
 * path below it (a list compared as a whole). Empty when nobody owns it.
 */
export function ownersOf(tree: Ownership, path: Path): FieldOwner[] {
  let node: Node | undefined = tree.root;
  let owners: FieldOwner[] = [];
  for (const pe of path) {
    node = node.children.get(pe);
    if (!node) return owners;
    if (node.owners.length > 0) owners = node.owners;
  }
  return owners.length > 0 ? owners : dedupe(descendantOwners(node));
}

function dedupe(owners: FieldOwner[]): FieldOwner[] {
  const seen = new Set<string>();
  return owners.filter((o) => {
    const id = JSON.stringify([o.manager, o.operation, o.subresource ?? '']);
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

/** isGitfed tells whether an owner is gitfed itself (its applies, whatever the operation). */
export function isGitfed(owner: FieldOwner): boolean {
  return owner.manager === FIELD_MANAGER;
}

/** latestOwner picks the owner that wrote last (by `time`, which may be absent); the first on a tie. */
export function latestOwner(owners: readonly FieldOwner[]): FieldOwner | undefined {
  const seconds = (o: FieldOwner): number => (o.time ? Date.parse(o.time) || 0 : 0);
  return owners.reduce<FieldOwner | undefined>((best, o) => (best === undefined || seconds(o) > seconds(best) ? o : best), undefined);
}

/**
 * listKeyNames reads the key fields of the associative list at `path` from its recorded items
 * (`k:{"containerPort":80,"protocol":"TCP"}` → containerPort, protocol); undefined when no item is recorded.
 */
export function listKeyNames(tree: Ownership, path: Path): string[] | undefined {
  const node = find(tree, path);
  for (const pe of node?.children.keys() ?? []) {
    if (!pe.startsWith('k:')) continue;
    try {
      const key: unknown = JSON.parse(pe.slice(2));
      if (isRecord(key)) return Object.keys(key).sort();
    } catch {
      return undefined;
    }
  }
  return undefined;
}
