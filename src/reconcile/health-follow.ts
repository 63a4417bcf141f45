/**
 * Health in the running reconciler's commit statuses. After each pass a cluster's planned workloads are read from
 * its watch caches (no request); afterwards every watch event on one of them (a controller writing status as the
 * rollout goes) updates that one reading, and when it changed the cluster's commit status is recorded again,
 * without a pass: a status-only change never applies anything.
 */
import type { LiveCache } from '../kube/cluster-client.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';
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
  readings: Map<string, Reading>;
  /** the keys whose reading is wrong: every status event of a rollout asks for them */
  wrong: Set<string>;
  /** the interpreter of the pass's commit: it reads custom kinds */
  interpreter?: Interpreter;
}

/** createHealthFollower starts with no cluster followed; onHealth hears each followed cluster's unhealthy keys whenever they are read. */
export function createHealthFollower(onHealth: (cluster: string, unhealthy: ReadonlySet<string>) => void = () => undefined): HealthFollower {
  const followed = new Map<string, Followed>();
  const told = (cluster: string, f: Followed | undefined): ClusterChangeSet | undefined => {
    onHealth(cluster, f?.wrong ?? new Set());
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
      // a workload whose live copy is the one read at the last pass keeps that reading: most of them, each pass
      const before = followed.get(cluster)?.readings;
      const beforeInterpreter = followed.get(cluster)?.interpreter;
      const f: Followed = { result, readings: new Map(), wrong: new Set(), ...(item.interpreter ? { interpreter: item.interpreter } : {}) };
      for (const o of watched) {
        const key = objectKey(o);
        const live = cache.peek(key);
        const known = before?.get(key);
        const r = known && known.live === live && beforeInterpreter === item.interpreter ? known : reading(o, live, item.interpreter);
        f.readings.set(key, r);
        if (r.wrong) f.wrong.add(key);
      }
      followed.set(cluster, f);
      return told(cluster, f) as ClusterChangeSet;
    },
    onEvent(cluster, e) {
      const f = followed.get(cluster);
      const before = f?.readings.get(e.key);
      if (!f || !before) return undefined;
      const wrong = e.type === 'DELETED' ? undefined : unhealthyReading(e.object, f.interpreter);
      if (wrong?.status === before.wrong?.status && wrong?.message === before.wrong?.message) return undefined;
      f.readings.set(e.key, { subject: before.subject, live: e.type === 'DELETED' ? undefined : e.object, wrong });
      if (wrong) f.wrong.add(e.key);
      else f.wrong.delete(e.key);
      return told(cluster, f);
    },
    forget(cluster) {
      followed.delete(cluster);
      told(cluster, undefined);
    },
  };
}

/** Reading is a planned workload's subject, the live copy it was read from (undefined: none) and what is wrong with it. */
interface Reading {
  subject: string;
  live?: KubeObject | undefined;
  wrong: Omit<UnhealthyObject, 'subject'> | undefined;
}

function reading(planned: KubeObject, live: KubeObject | undefined, interpreter: Interpreter | undefined): Reading {
  return { subject: objectSubject(planned), live, wrong: live && unhealthyReading(live, interpreter) };
}

function withHealth(f: Followed): ClusterChangeSet {
  const unhealthy: UnhealthyObject[] = [];
  if (f.wrong.size > 0) for (const { subject, wrong } of f.readings.values()) if (wrong) unhealthy.push({ subject, ...wrong });
  return { ...f.result, unhealthy };
}
