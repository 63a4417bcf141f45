import { objectKey, type KubeObject } from '../model/kube.js';
import { compareStrings } from './compare.js';

/** APPLY_FIRST lists kinds applied before everything else, in this order (other kinds need them to exist). */
const APPLY_FIRST = ['CustomResourceDefinition', 'Namespace'];

function rank(obj: KubeObject): number {
  const i = APPLY_FIRST.indexOf(obj.kind);
  return i < 0 ? APPLY_FIRST.length : i;
}

/** byApplyOrder sorts objects: CRDs, then Namespaces, then everything else, each by object key. */
export function byApplyOrder(a: KubeObject, b: KubeObject): number {
  return rank(a) - rank(b) || compareStrings(objectKey(a), objectKey(b));
}
