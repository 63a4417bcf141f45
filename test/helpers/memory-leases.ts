import type { LeaseClient, LeaseRecord, StoredLease } from '../../src/kube/lease-client.js';
import { GitfedError } from '../../src/model/errors.js';

/** MemoryLeases is a LeaseClient over a map, with the API server's optimistic concurrency; `down` makes every call fail. */
export interface MemoryLeases extends LeaseClient {
  down: boolean;
  /** writes counts the successful creates and updates */
  writes: number;
}

/** memoryLeases starts empty; resourceVersions count up as the API server's do. */
export function memoryLeases(namespace = 'gitfed-system'): MemoryLeases {
  const store = new Map<string, StoredLease>();
  let rv = 0;
  const conflict = (name: string, why: string): GitfedError => new GitfedError('LeaseConflict', `lease ${namespace}/${name}`, why);
  const put = (name: string, record: LeaseRecord): StoredLease => {
    const stored = structuredClone({ ...record, name, resourceVersion: String(++rv) });
    store.set(name, stored);
    self.writes += 1;
    return structuredClone(stored);
  };
  const up = (): void => {
    if (self.down) throw new GitfedError('LeaseConflict', namespace, 'cannot reach the management cluster');
  };
  const self: MemoryLeases = {
    namespace, down: false, writes: 0,
    get: async (name) => (up(), store.has(name) ? structuredClone(store.get(name) as StoredLease) : null),
    list: async () => (up(), [...store.values()].map((l) => structuredClone(l))),
    async create(name, record) {
      up();
      if (store.has(name)) throw conflict(name, 'already exists');
      return put(name, record);
    },
    async update(name, resourceVersion, record) {
      up();
      if (store.get(name)?.resourceVersion !== resourceVersion) throw conflict(name, 'changed since it was read');
      return put(name, record);
    },
  };
  return self;
}
