/**
 * Health in the running reconciler's commit statuses. After each pass a cluster's planned workloads are read from
 * its watch caches (no request); afterwards every watch event on one of them (a controller writing status as the
 * rollout goes) updates that one reading, and when it changed the cluster's commit status is recorded again,
 * without a pass: a status-only change never applies anything.
 */
import type { LiveCache } from '../kube/cluster-client.js';
import { objectKey, objectSubject } from '../kube/object-ref.js';
import { healthMatters, unhealthyReading } from '../kube/workload-health.js';
import type { ClusterChangeSet, UnhealthyObject } from '../model/change-set.js';
import type { KubeObject } from '../model/kube.js';
import type { CacheEvent } from '../observe/kind-cache.js';
import type { WorkItem } from './cluster-pass.js';

/** HealthFollower keeps, per cluster, its last pass's result and the readings of its planned workloads. */
export interface HealthFollower {
  /** afterPass adds the cluster's health to a pass that applied (and remembers both); other results pass through */
  afterPass(cluster: string, item: WorkItem, result: ClusterChangeSet, cache: LiveCache | undefined): ClusterChangeSet;
  /** onEvent: the last result with its health updated when the event changed a planned workload's reading, else undefined */
  onEvent(cluster: string, e: CacheEvent): ClusterChangeSet | undefined;
  forget(cluster: string): void;
}

interface Followed {
  result: ClusterChangeSet;
  /** per planned workload's key, in plan order: its subject and what is wrong with it (undefined: Current or not there) */
  readings: Map<string, { subject: string; wrong: Omit<UnhealthyObject, 'subject'> | undefined }>;
}

/** createHealthFollower starts with no cluster followed; onHealth hears each followed cluster's unhealthy keys whenever they are read. */
export function createHealthFollower(onHealth: (cluster: string, unhealthy: ReadonlySet<string>) => void = () => undefined): HealthFollower {
  const followed = new Map<string, Followed>();
  const told = (cluster: string, f: Followed | undefined): ClusterChangeSet | undefined => {
    // every status event of a rollout lands here: only the few wrong keys are collected
    const wrong = new Set<string>();
    if (f) for (const [key, r] of f.readings) if (r.wrong) wrong.add(key);
    onHealth(cluster, wrong);
    return f && withHealth(f);
  };
  return {
    afterPass(cluster, item, result, cache) {
      // a cluster left alone or not reached says so; health would only hide it
      const watched = item.objects.filter(healthMatters);
      if (!cache || result.error || result.dryRun || watched.length === 0) {
        followed.delete(cluster);
        told(cluster, undefined);
        return result;
      }
      const f: Followed = { result, readings: new Map(watched.map((o) => {
        const key = objectKey(o);
        return [key, reading(o, cache.peek(key))];
      })) };
      followed.set(cluster, f);
      return told(cluster, f) as ClusterChangeSet;
    },
    onEvent(cluster, e) {
      const f = followed.get(cluster);
      const before = f?.readings.get(e.key);
      if (!f || !before) return undefined;
      const wrong = e.type === 'DELETED' ? undefined : unhealthyReading(e.object);
      if (wrong?.status === before.wrong?.status && wrong?.message === before.wrong?.message) return undefined;
      f.readings.set(e.key, { subject: before.subject, wrong });
      return told(cluster, f);
    },
    forget(cluster) {
      followed.delete(cluster);
      told(cluster, undefined);
    },
  };
}

// a cached live copy stays the same object until its next watch event: each pass reads every planned workload of
// its cluster, so a copy is read once, not once per pass
const readings = new WeakMap<KubeObject, Omit<UnhealthyObject, 'subject'> | undefined>();

function reading(planned: KubeObject, live: KubeObject | undefined): { subject: string; wrong: Omit<UnhealthyObject, 'subject'> | undefined } {
  if (live && !readings.has(live)) readings.set(live, unhealthyReading(live));
  return { subject: objectSubject(planned), wrong: live && readings.get(live) };
}

function withHealth(f: Followed): ClusterChangeSet {
  const unhealthy: UnhealthyObject[] = [];
  for (const { subject, wrong } of f.readings.values()) if (wrong) unhealthy.push({ subject, ...wrong });
  return { ...f.result, unhealthy };
}
