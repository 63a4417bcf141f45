/**
 * Application failover (karmada-semantics §8a, `spec.failover.application`): a workload whose copy stays unhealthy
 * on a Ready cluster for its policy's tolerationSeconds is evicted from that cluster, for that template only. The
 * next render leaves the cluster out (the ClusterEviction filter) and divides its replicas over the others; graceful
 * moves then purge the old copy by the application's purge mode, so nothing serving is removed before its
 * replacement is available. Karmada keeps the eviction in the binding; gitfed keeps it until the template or its
 * policy changes in Git (a fix deserves another try) or gitfed restarts. It never evicts a template's last cluster:
 * with nowhere else to go, an unhealthy copy is still the best one there is.
 */
import type { AppEvictions, Catalog, Template } from '../model/catalog.js';
import type { Plan } from '../model/plan.js';
import type { MoveClock } from './move-tracker.js';

/** AppFailover is created once per running reconciler. */
export interface AppFailover {
  /** health: the template keys a Ready cluster's copies read as unhealthy now (a cluster not followed reports none) */
  health(cluster: string, unhealthy: ReadonlySet<string>): void;
  /** taken: a render's bindings say which templates fail over, how soon, and from which clusters */
  taken(plan: Plan, templates: readonly Template[]): void;
  /** the evictions the next render honours */
  evictions(): AppEvictions;
  stop(): void;
}

interface Rule {
  toleranceMs: number;
  clusters: ReadonlySet<string>;
  fingerprint: () => string;
}

type Since = ReadonlyMap<string, ReadonlyMap<string, number>>;
type Evicted = Map<string, { clusters: Set<string>; fingerprint: string }>;

/** dueNow lists the copies whose toleration ran out (cluster, key) and the next moment one will. */
function dueNow(since: Since, rules: ReadonlyMap<string, Rule>, evicted: Evicted, now: number): { due: [string, string][]; next?: number } {
  const due: [string, string][] = [];
  let next: number | undefined;
  for (const [cluster, keys] of since) {
    for (const [key, at] of keys) {
      const rule = rules.get(key);
      if (!rule || !rule.clusters.has(cluster) || evicted.get(key)?.clusters.has(cluster)) continue;
      const runsOut = at + rule.toleranceMs;
      if (runsOut <= now) due.push([cluster, key]);
      else next = next === undefined ? runsOut : Math.min(next, runsOut);
    }
  }
  return next === undefined ? { due } : { due, next };
}

/** evict records one eviction; the last cluster left is never evicted: it has nowhere better to go. */
function evict(evicted: Evicted, key: string, cluster: string, rule: Rule): boolean {
  const entry = evicted.get(key) ?? { clusters: new Set<string>(), fingerprint: rule.fingerprint() };
  if (![...rule.clusters].some((c) => c !== cluster && !entry.clusters.has(c))) return false;
  entry.clusters.add(cluster);
  evicted.set(key, entry);
  return true;
}

/** createAppFailover asks for a render (rerender) whenever an eviction is decided. */
export function createAppFailover(rerender: () => void, clock: MoveClock): AppFailover {
  const since = new Map<string, Map<string, number>>();
  let rules = new Map<string, Rule>();
  const evicted: Evicted = new Map();
  let cancel: (() => void) | undefined;

  const decide = (): void => {
    cancel?.();
    const now = clock.now();
    const { due, next } = dueNow(since, rules, evicted, now);
    cancel = next === undefined ? undefined : clock.timer(next - now, decide);
    let changed = false;
    for (const [cluster, key] of due) if (evict(evicted, key, cluster, rules.get(key) as Rule)) changed = true;
    if (changed) rerender();
  };

  return {
    health(cluster, unhealthy) {
      // only templates that fail over are timed: a fleet without the policy must not pay for every rollout
      const timed = [...unhealthy].filter((key) => rules.has(key));
      const before = since.get(cluster);
      if (timed.length === 0 && !before) return;
      const now = clock.now();
      if (timed.length === 0) since.delete(cluster);
      else since.set(cluster, new Map(timed.map((key) => [key, before?.get(key) ?? now])));
      decide();
    },
    taken(plan, templates) {
      let byKey: Map<string, Template> | undefined;
      const objectOf = (key: string) => (byKey ??= new Map(templates.map((t) => [t.key, t]))).get(key)?.object;
      rules = new Map();
      for (const b of plan.bindings) {
        const app = b.applicationFailover;
        if (!app) continue;
        const clusters = new Set(b.clusters.map((c) => c.name));
        rules.set(b.resource, { toleranceMs: app.tolerationSeconds * 1000, clusters, fingerprint: () => JSON.stringify([b.policy, objectOf(b.resource)]) });
      }
      // a template or policy that changed gets its clusters back: the render that just ran still left them out
      let dropped = false;
      for (const [key, entry] of evicted) {
        const rule = rules.get(key);
        if (rule && rule.fingerprint() === entry.fingerprint) continue;
        evicted.delete(key);
        // the new version's copies are judged afresh, with a whole toleration
        for (const keys of since.values()) keys.delete(key);
        dropped = true;
      }
      decide();
      if (dropped) rerender();
    },
    evictions: () => new Map([...evicted].map(([key, e]) => [key, e.clusters])),
    stop() {
      cancel?.();
      cancel = undefined;
    },
  };
}

/** withAppEvictions gives render the evictions (none: the catalog as it is). */
export function withAppEvictions(catalog: Catalog, evictions: AppEvictions): Catalog {
  return evictions.size > 0 ? { ...catalog, appEvictions: evictions } : catalog;
}
