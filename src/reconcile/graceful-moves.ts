/**
 * Graceful moves: when a render lowers a template's replicas on some clusters and raises them on others
 * (failover, a return after the hold-down, any re-division), the raises go out first and the lowerings wait until
 * the raised copies are available, or the grace period passes (purgeMode Gracefully, Karmada's default).
 * Directly lowers at once; Never leaves the copy on an evicted cluster for a person (karmada-semantics §8a).
 * Pure decisions over replica shares; the reconciler supplies what its caches see.
 */
import type { KubeObject } from '../model/kube.js';
import type { Plan } from '../model/plan.js';
import type { ClusterFailover } from '../model/policy.js';

/** MoveMode is a purge mode with the deprecated spellings folded. */
export type MoveMode = 'Directly' | 'Gracefully' | 'Never';

/** DEFAULT_GRACE_MS is Karmada's --graceful-eviction-timeout: 10 min. */
export const DEFAULT_GRACE_MS = 600_000;

/** Shares are replicas per template key, per cluster (a cluster without replicas is absent). */
export type Shares = Map<string, Map<string, number>>;

/** Purge is how one template's replicas move. */
export interface Purge {
  mode: MoveMode;
  graceMs: number;
  /** clusters application failover evicted this template from: purged by the application's mode, like an evicted cluster */
  evictedFrom?: ReadonlySet<string>;
}

/** purgeOf reads a binding's `failover`: Gracefully with 10 min unless the policy says otherwise. */
export function purgeOf(failover: ClusterFailover | undefined): Purge {
  const m = failover?.purgeMode ?? 'Gracefully';
  const mode: MoveMode = m === 'Immediately' || m === 'Directly' ? 'Directly' : m === 'Never' ? 'Never' : 'Gracefully';
  return { mode, graceMs: (failover?.gracePeriodSeconds ?? DEFAULT_GRACE_MS / 1000) * 1000 };
}

/** sharesOf reads a plan's replica shares from its bindings (templates without replicas are left out). */
export function sharesOf(plan: Plan): { shares: Shares; purges: Map<string, Purge> } {
  const shares: Shares = new Map();
  const purges = new Map<string, Purge>();
  for (const b of plan.bindings) {
    const on = b.clusters.filter((c) => c.replicas !== undefined && !(b.suspended?.includes(c.name) ?? false));
    if (on.length === 0) continue;
    shares.set(b.resource, new Map(on.map((c) => [c.name, c.replicas as number])));
    // a template application failover moves goes by `failover.application`'s purge mode
    purges.set(b.resource, b.evicted && b.applicationFailover ? { ...purgeOf(b.applicationFailover), evictedFrom: new Set(b.evicted) } : purgeOf(b.failover));
  }
  return { shares, purges };
}

/** MoveInput is one render's question. */
export interface MoveInput {
  /** what gitfed last put on each cluster (undefined for a template it never placed) */
  previous: Shares;
  /** what the render asks for */
  next: Shares;
  purges: ReadonlyMap<string, Purge>;
  /** clusters gitfed leaves untouched (unreachable, evicted, held down): nothing is applied there */
  held: ReadonlySet<string>;
  /** clusters failover evicted (a NoExecute taint no longer tolerated) */
  evicted: ReadonlySet<string>;
  /** whether the template's copy on the cluster is available at `replicas`, as the caches see it */
  available(cluster: string, key: string, replicas: number): boolean;
  /** since when each template's move has been waiting (ms) */
  since: ReadonlyMap<string, number>;
  /** `key@cluster` of copies purgeMode Never left for a person */
  leftForPerson: ReadonlySet<string>;
  now: number;
}

/** Deferral keeps a copy at its previous replicas for now; `removed`: the render no longer places it there at all. */
export interface Deferral {
  key: string;
  cluster: string;
  replicas: number;
  removed: boolean;
  reason: string;
}

/** MoveDecision is the answer, and what to remember for the next render. */
export interface MoveDecision {
  deferrals: Deferral[];
  /** templates still waiting, with since when */
  since: Map<string, number>;
  /** clusters whose copies are awaited, per waiting template: a change there asks for a decision again */
  awaited: Map<string, string[]>;
  /** the earliest grace deadline of a waiting template (ms) */
  deadline?: number;
  leftForPerson: Set<string>;
  /** the shares gitfed has put once the deferrals are applied: the next render's `previous` */
  shown: Shares;
}

/**
 * decideMoves decides every template. Rules, each a row of the unit tests:
 * - a template never placed before, or with no lowered cluster, waits for nothing; nor does a scale-down that lowers
 *   every cluster (nothing is awaited);
 * - Directly lowers at once;
 * - Gracefully (and Never, outside eviction) lowers once every placed cluster not lowered and not held has its
 *   copy available at the new replicas (raised ones, and a cluster back from its hold-down whose old copy is
 *   there again), or the grace period since the move began has passed;
 * - Never keeps the copy on an evicted cluster the template leaves, until the template is placed there again;
 * - a held cluster is never counted as lowered or awaited (nothing is applied there) and keeps its previous share.
 */
export function decideMoves(input: MoveInput): MoveDecision {
  const out: MoveDecision = { deferrals: [], since: new Map(), awaited: new Map(), leftForPerson: new Set(), shown: new Map() };
  for (const [key, next] of input.next) {
    const prev = input.previous.get(key);
    const purge = input.purges.get(key) ?? purgeOf(undefined);
    const deferred = prev ? decideOne(key, prev, next, purge, input, out) : [];
    out.deferrals.push(...deferred);
    out.shown.set(key, shownOf(prev, next, deferred, input.held));
  }
  // a template no longer rendered anywhere: its copies on held clusters are still there
  for (const [key, prev] of input.previous) {
    if (input.next.has(key)) continue;
    const kept = new Map([...prev].filter(([c]) => input.held.has(c)));
    if (kept.size > 0) out.shown.set(key, kept);
  }
  return out;
}

function decideOne(key: string, prev: ReadonlyMap<string, number>, next: ReadonlyMap<string, number>, purge: Purge, input: MoveInput, out: MoveDecision): Deferral[] {
  const deferrals: Deferral[] = [];
  const rest: string[] = [];
  for (const [c, n] of prev) {
    const id = `${key}@${c}`;
    if (purge.mode === 'Never' && !next.has(c) && (input.evicted.has(c) || purge.evictedFrom?.has(c) || input.leftForPerson.has(id))) {
      out.leftForPerson.add(id);
      if (!input.held.has(c)) deferrals.push({ key, cluster: c, replicas: n, removed: true, reason: 'purgeMode Never: failover evicted this cluster; the copy is left for a person to remove' });
      continue;
    }
    if (!input.held.has(c) && (next.get(c) ?? 0) < n) rest.push(c);
  }
  if (rest.length === 0 || purge.mode === 'Directly') return deferrals;
  const awaited = [...next].filter(([c, n]) => n > 0 && !rest.includes(c) && !input.held.has(c));
  const since = input.since.get(key) ?? input.now;
  const ready = awaited.every(([c, n]) => input.available(c, key, n));
  if (ready || input.now - since >= purge.graceMs) return deferrals;
  out.since.set(key, since);
  out.awaited.set(key, awaited.map(([c]) => c));
  const deadline = since + purge.graceMs;
  out.deadline = out.deadline === undefined ? deadline : Math.min(out.deadline, deadline);
  const waiting = `waits until ${awaited.map(([c, n]) => `${c} has ${n} available`).join(', ')} (grace period until ${new Date(deadline).toISOString()})`;
  for (const c of rest) deferrals.push({ key, cluster: c, replicas: prev.get(c) as number, removed: !next.has(c), reason: `purgeMode ${purge.mode}: lowering ${prev.get(c)} -> ${next.get(c) ?? 0} ${waiting}` });
  return deferrals;
}

/** shownOf is what a cluster holds after this render's passes: held clusters keep theirs, deferred ones their previous share. */
function shownOf(prev: ReadonlyMap<string, number> | undefined, next: ReadonlyMap<string, number>, deferred: readonly Deferral[], held: ReadonlySet<string>): Map<string, number> {
  const shown = new Map<string, number>();
  for (const c of new Set([...(prev?.keys() ?? []), ...next.keys()])) {
    const d = deferred.find((x) => x.cluster === c);
    const n = held.has(c) ? prev?.get(c) : d ? d.replicas : next.get(c);
    if (n !== undefined && n > 0) shown.set(c, n);
  }
  return shown;
}

/** isAvailable reads a live workload: its controller saw the spec (observedGeneration) and `replicas` copies are available. */
export function isAvailable(live: KubeObject | undefined, replicas: number): boolean {
  if (!live) return false;
  const spec = live.spec as { replicas?: number } | undefined;
  const status = live.status as { observedGeneration?: number; availableReplicas?: number } | undefined;
  const generation = typeof live.metadata.generation === 'number' ? live.metadata.generation : 0;
  return (spec?.replicas ?? 1) === replicas && (status?.observedGeneration ?? 0) >= generation && (status?.availableReplicas ?? 0) >= replicas;
}

/**
 * deferObjects applies one cluster's deferrals to its share of the plan: a lowered copy keeps its previous
 * replicas (the rest of the new spec goes out), a removed one is kept from pruning. Plan objects are shared
 * between clusters, so a changed one is a copy.
 */
export function deferObjects(objects: readonly KubeObject[], keep: readonly string[], deferrals: readonly Deferral[], keyOf: (o: KubeObject) => string): { objects: KubeObject[]; keep: string[] } {
  const byKey = new Map(deferrals.map((d) => [d.key, d]));
  const out = objects.map((o) => {
    const d = byKey.get(keyOf(o));
    if (!d || d.removed || typeof (o.spec as { replicas?: unknown } | undefined)?.replicas !== 'number') return o;
    return { ...o, spec: { ...(o.spec as object), replicas: d.replicas } } as KubeObject;
  });
  const kept = deferrals.filter((d) => d.removed).map((d) => d.key);
  return { objects: out, keep: [...new Set([...keep, ...kept])].sort() };
}
