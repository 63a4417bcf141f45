import type { KubeObject } from '../../model/kube.js';

/** ObjectStore keeps the current objects of one cluster, by storage key (`group/plural`) and `namespace/name`. */
export interface ObjectStore {
  get(key: string, namespace: string | undefined, name: string): KubeObject | undefined;
  put(key: string, obj: KubeObject): void;
  remove(key: string, namespace: string | undefined, name: string): void;
  /** list returns the objects of one type, optionally of one namespace, sorted by namespace then name */
  list(key: string, namespace?: string): KubeObject[];
  /** keys lists the storage keys that hold at least one object */
  keys(): string[];
  /** dropType forgets every object of a type (a deleted CRD) */
  dropType(key: string): void;
}

const itemKey = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/** createObjectStore builds an empty in-memory object store. */
export function createObjectStore(): ObjectStore {
  const types = new Map<string, Map<string, KubeObject>>();
  const bucket = (key: string): Map<string, KubeObject> => {
    let b = types.get(key);
    if (!b) types.set(key, (b = new Map()));
    return b;
  };
  return {
    get: (key, namespace, name) => types.get(key)?.get(itemKey(namespace, name)),
    put: (key, obj) => void bucket(key).set(itemKey(obj.metadata.namespace, obj.metadata.name), obj),
    remove: (key, namespace, name) => void types.get(key)?.delete(itemKey(namespace, name)),
    list(key, namespace) {
      const b = types.get(key);
      if (!b) return [];
      const all = [...b.entries()].filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace);
      // sorted keys make list pages and continue tokens stable
      return all.sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)).map(([, o]) => o);
    },
    keys: () => [...types.entries()].filter(([, b]) => b.size > 0).map(([k]) => k),
    dropType: (key) => void types.delete(key),
  };
}
