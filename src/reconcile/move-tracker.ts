/**
 * The running reconciler's side of graceful moves: remembers from one render to the next what each cluster was
 * given and since when a move waits, asks for a render again when an awaited copy changes or a grace period
 * runs out, and hands each cluster's work item its deferrals.
 */
import type { ClusterChangeSet } from '../model/change-set.js';
import type { KubeObject } from '../model/kube.js';
import type { Plan } from '../model/plan.js';
import { compareStrings } from '../kube/compare-strings.js';
import { objectKey, parseKey, refSubject } from '../kube/object-ref.js';
import { decideMoves, deferObjects, sharesOf, type Deferral, type Shares } from './graceful-moves.js';

/** MoveClock is the wall clock and timer of grace periods (the health options' own, so tests drive both). */
export interface MoveClock {
  now: () => number;
  timer: (ms: number, fn: () => void) => () => void;
}

/** MoveWorld is what a decision reads of the fleet at render time. */
export interface MoveWorld {
  held: (cluster: string) => boolean;
  evicted: ReadonlySet<string>;
  live: (cluster: string, key: string) => KubeObject | undefined;
}

/** MoveTracker is created once per running reconciler. */
export interface MoveTracker {
  /** decide takes a render's plan and returns each cluster's deferrals */
  decide(plan: Plan, world: MoveWorld): Map<string, Deferral[]>;
  /** awaits: is a move waiting for this object on this cluster (a change of it asks for a render) */
  awaits(cluster: string, key: string): boolean;
  /** awaitsOn: is a move waiting for a copy on this cluster (its caches turning fresh again ask for a render) */
  awaitsOn(cluster: string): boolean;
  stop(): void;
}

/** createMoveTracker starts with nothing remembered: the first render moves nothing. */
export function createMoveTracker(rerender: () => void, clock: MoveClock, isAvailable: (live: KubeObject | undefined, replicas: number) => boolean): MoveTracker {
  let shown: Shares = new Map();
  let since = new Map<string, number>();
  let leftForPerson = new Set<string>();
  let awaited = new Set<string>();
  let cancel: (() => void) | undefined;
  return {
    decide(plan, world) {
      const { shares, purges } = sharesOf(plan);
      const held = new Set(Object.keys(plan.clusters).filter(world.held));
      for (const s of shown.values()) for (const c of s.keys()) if (world.held(c)) held.add(c);
      const d = decideMoves({
        previous: shown, next: shares, purges, held, evicted: world.evicted, since, leftForPerson, now: clock.now(),
        available: (c, key, n) => isAvailable(world.live(c, key), n),
      });
      shown = d.shown;
      since = d.since;
      leftForPerson = d.leftForPerson;
      awaited = new Set([...d.awaited].flatMap(([key, clusters]) => clusters.map((c) => `${key}@${c}`)));
      cancel?.();
      cancel = d.deadline === undefined ? undefined : clock.timer(Math.max(0, d.deadline - clock.now()), rerender);
      const out = new Map<string, Deferral[]>();
      for (const x of d.deferrals) out.set(x.cluster, [...(out.get(x.cluster) ?? []), x]);
      return out;
    },
    awaits: (cluster, key) => awaited.has(`${key}@${cluster}`),
    awaitsOn: (cluster) => [...awaited].some((id) => id.endsWith(`@${cluster}`)),
    stop: () => cancel?.(),
  };
}

/** deferredItem applies deferrals to a cluster's objects and keep list. */
export function deferredItem(objects: readonly KubeObject[], keep: readonly string[], deferrals: readonly Deferral[] | undefined): { objects: readonly KubeObject[]; keep: readonly string[] } {
  return deferrals && deferrals.length > 0 ? deferObjects(objects, keep, deferrals, (o) => objectKey(o)) : { objects, keep };
}

/** withDeferrals says in a pass's result why a copy kept its replicas or was not pruned. */
export function withDeferrals(result: ClusterChangeSet, deferrals: readonly Deferral[] | undefined): ClusterChangeSet {
  if (!deferrals || deferrals.length === 0 || result.error) return result;
  const entries = [...result.entries];
  for (const d of deferrals) {
    const i = entries.findIndex((e) => e.key === d.key);
    const existing = i >= 0 ? entries[i] : undefined;
    if (existing && existing.action !== 'failed') entries[i] = { ...existing, reason: d.reason };
    else if (!existing) entries.push({ key: d.key, subject: refSubject(parseKey(d.key)), action: 'held', reason: d.reason });
  }
  entries.sort((a, b) => compareStrings(a.key, b.key));
  return { ...result, entries };
}
