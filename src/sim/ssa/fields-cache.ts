/**
 * The FieldsV1 trees of managedFields, shared. Most stored objects of a kind carry the same trees (every Deployment
 * gitfed applied to 200 clusters, every pod a workload runs), which were a third of a simulated fleet's heap and a
 * large part of what its collector traced. An encoded tree is frozen and handed out again for the same set, and a
 * tree that came from here decodes to the set it was made from, without walking it again.
 */
import type { JsonObject } from '../../model/kube.js';
import { fromFieldsV1, toFieldsV1, type FieldSet } from './field-set.js';

/** SHARED_TREES bounds the trees kept for sharing: older ones stay valid where stored, they are only not reused. */
const SHARED_TREES = 4096;

const treeOfSet = new WeakMap<FieldSet, JsonObject>();
const setOfTree = new WeakMap<object, FieldSet>();
const trees = new Map<string, JsonObject>();

/** decodeFields is fromFieldsV1, remembered for the trees encodeFields made. */
export function decodeFields(fieldsV1: unknown): FieldSet {
  const known = typeof fieldsV1 === 'object' && fieldsV1 !== null ? setOfTree.get(fieldsV1) : undefined;
  return known ?? fromFieldsV1(fieldsV1);
}

/** encodeFields is toFieldsV1 as a frozen tree, the same one for every set of the same paths while it is kept. */
export function encodeFields(set: FieldSet): JsonObject {
  const known = treeOfSet.get(set);
  if (known) return known;
  const fresh = toFieldsV1(set);
  const text = JSON.stringify(fresh);
  const tree = trees.get(text) ?? deepFreeze(fresh);
  // re-inserted: the map's order is then least recently used first, and the oldest goes when it is full
  trees.delete(text);
  trees.set(text, tree);
  if (trees.size > SHARED_TREES) trees.delete(trees.keys().next().value as string);
  treeOfSet.set(set, tree);
  if (!setOfTree.has(tree)) setOfTree.set(tree, set);
  return tree;
}

function deepFreeze(tree: JsonObject): JsonObject {
  for (const child of Object.values(tree)) if (typeof child === 'object' && child !== null) deepFreeze(child as JsonObject);
  return Object.freeze(tree);
}
