import type { DigestBook } from '../apply/digest-book.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';
import type { ClusterChangeSet } from '../model/change-set.js';
import type { DriftMode } from '../model/drift.js';
import type { KubeObject } from '../model/kube.js';
import type { ClusterObserver, KindId } from '../observe/cluster-observer.js';
import { kindOf, refOf } from '../kube/object-ref.js';
import { reconcileCluster, type SafetySettings } from './reconcile-cluster.js';
import type { Deferral } from './graceful-moves.js';
import { withDeferrals } from './move-tracker.js';

/** WorkItem is one cluster's share of a rendered commit, as its worker runs it. */
export interface WorkItem {
  /** the dispatch it belongs to: a wave of the fleet ends when every cluster ran this one or a later one */
  wave: number;
  revision: string | null;
  objects: readonly KubeObject[];
  keep: readonly string[];
  driftMode: DriftMode;
  settingsFor: (applied: string | null) => Promise<SafetySettings>;
  /** when the reconciler read the commit (ms, its clock): commit->applied counts from here */
  seenAt: number;
  trigger: string;
  /** set when the cluster must not be touched at all (it carries a NoExecute health taint): why, for its status */
  hold?: string;
  /** graceful moves: copies that keep their previous replicas for now, or are kept from pruning, and why */
  deferrals?: readonly Deferral[];
  /** the commit's resource interpreter: its Retain scripts and health readings */
  interpreter?: Interpreter;
}

/** PassOptions are what every pass of every cluster shares. */
export interface PassOptions {
  dryRun: boolean;
  allowMassPrune: boolean;
  owner?: string;
  now?: () => number;
}

/** INVENTORY_KIND: the inventory is a ConfigMap, watched with gitfed's other ConfigMaps. */
const INVENTORY_KIND: KindId = 'v1/ConfigMap';

/** kindsOf are the kinds a pass needs cached: those of the plan, and the inventory's. */
export function kindsOf(objects: readonly KubeObject[]): Set<KindId> {
  return new Set([INVENTORY_KIND, ...objects.map((o) => kindOf(refOf(o)))]);
}

/**
 * runPass reconciles one cluster from its caches: what they hold is not read again, what gitfed writes is
 * remembered until the watch brings it back. Without fresh caches every read goes to the server, as `--once` does.
 * `written` hears when the pass's requests are over, before the kinds held for it list again.
 */
export async function runPass(client: ClusterClient, observer: ClusterObserver, item: WorkItem, opts: PassOptions, book?: DigestBook, written?: () => void): Promise<ClusterChangeSet> {
  // a dry run writes nothing: no watch is worth putting off for it
  await observer.observe(kindsOf(item.objects), opts.dryRun ? undefined : item.objects);
  const result = await reconcileCluster(remembering(client, observer), {
    objects: item.objects,
    revision: item.revision,
    dryRun: opts.dryRun,
    allowMassPrune: opts.allowMassPrune,
    settingsFor: item.settingsFor,
    keep: item.keep,
    drift: { defaultMode: item.driftMode },
    ...(item.interpreter ? { retention: item.interpreter } : {}),
    cache: observer,
    ...(book ? { book } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.owner ? { owner: opts.owner } : {}),
  }).finally(() => {
    written?.();
    return observer.endPass();
  });
  return withDeferrals(result, item.deferrals);
}

/**
 * remembering tells the observer of every object the client writes, so the next pass does not take the cache's older
 * copy and the write's own watch event is not taken for someone else's change.
 */
function remembering(client: ClusterClient, observer: ClusterObserver): ClusterClient {
  return {
    cluster: client.cluster,
    get: (ref) => client.get(ref),
    delete: (ref) => client.delete(ref),
    list: (apiVersion, kind, o) => client.list(apiVersion, kind, o),
    apply: async (obj, o) => {
      if (o.dryRun) return client.apply(obj, o);
      const done = observer.writing(obj);
      try {
        const result = await client.apply(obj, o);
        done(result);
        return result;
      } catch (err) {
        done();
        throw err;
      }
    },
  };
}
