import { objectKey } from '../kube/object-ref.js';
import { fieldsDigest } from '../apply/digest.js';
import type { CacheEvent } from '../observe/kind-cache.js';
import type { WorkItem } from './cluster-pass.js';

/**
 * driftTrigger turns cache events into passes: an object of the cluster's plan that was deleted, created, or
 * whose fields gitfed applied changed owner (someone else wrote one of them: the only way a live object can
 * drift from what gitfed applied). A change to other fields (status, a controller's annotations) runs nothing.
 */
export function driftTrigger(current: () => WorkItem | undefined, run: (item: WorkItem) => void): (e: CacheEvent) => void {
  let planned: { item: WorkItem; keys: Set<string> } | undefined;
  const keysOf = (item: WorkItem): Set<string> => {
    if (planned?.item !== item) planned = { item, keys: new Set(item.objects.map((o) => objectKey(o))) };
    return planned.keys;
  };
  return (e) => {
    const item = current();
    if (!item || !keysOf(item).has(e.key)) return;
    if (e.type === 'MODIFIED' && e.previous && fieldsDigest(e.previous) === fieldsDigest(e.object)) return;
    run(item);
  };
}
