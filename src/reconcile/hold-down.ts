/**
 * The hold-down of a member failover evicted: Ready again, it keeps counting as tainted (its NoExecute taints
 * stay an input of render) until it has stayed Ready for the hold-down time, so a flapping cluster does not make
 * the fleet's replicas flap with it. Pure: the tracker in fleet-health feeds it conditions and the clock.
 */
import type { ClusterCondition } from '../model/cluster-health.js';
import type { DerivedTaint } from '../model/cluster-taints.js';

/** DEFAULT_HOLD_DOWN_MS is the default: 2 min. */
export const DEFAULT_HOLD_DOWN_MS = 120_000;

/** Evicted is what is remembered of a member failover evicted, until it is given back its replicas. */
export interface Evicted {
  /** its NoExecute taints at the last render that evicted it (timeAdded kept): what it carries while held down */
  taints: readonly DerivedTaint[];
  /** the last probe that did not answer ok (ms): a flap shorter than the failure threshold restarts the hold-down too */
  lastFailure?: number;
}

/** HoldDown is the verdict at one moment. */
export interface HoldDown {
  /** every evicted member not returned keeps its NoExecute taints, with their first timeAdded */
  heldDown: Map<string, readonly DerivedTaint[]>;
  /** when each member Ready again gets its replicas back (ms) */
  until: Map<string, number>;
  /** members whose hold-down is over: forget them, render places them again */
  returned: string[];
}

/**
 * holdDownAt decides, per evicted member. Rules, each a row of the unit tests:
 * - not Ready (or not probed): keeps its taints as they were first added (a flap must not start its tolerations
 *   again, which would put replicas back on a cluster that is down), no return time;
 * - Ready since less than the hold-down: held down until Ready-since plus the hold-down;
 * - Ready-since is the later of the condition's lastTransitionTime and the last failed probe (a flap restarts it);
 * - Ready for the hold-down or longer: returned.
 */
export function holdDownAt(evicted: ReadonlyMap<string, Evicted>, conditions: ReadonlyMap<string, ClusterCondition>, now: number, holdDownMs: number): HoldDown {
  const out: HoldDown = { heldDown: new Map(), until: new Map(), returned: [] };
  for (const [name, e] of evicted) {
    const condition = conditions.get(name);
    if (condition?.status !== 'True') {
      out.heldDown.set(name, e.taints);
      continue;
    }
    const since = Math.max(Date.parse(condition.lastTransitionTime), e.lastFailure ?? -Infinity);
    const until = since + holdDownMs;
    if (now >= until) {
      out.returned.push(name);
      continue;
    }
    out.heldDown.set(name, e.taints);
    out.until.set(name, until);
  }
  return out;
}

/** holdDownText is a held-down member's status: why it is not touched, and until when. */
export function holdDownText(until: number, holdDownMs: number): string {
  return `not touched while held down: Ready again, its replicas come back once it has stayed Ready for ${holdDownMs / 1000} s (at ${new Date(until).toISOString()}); its objects and inventory stay as they are`;
}

/** HoldDownTracker remembers the evicted members of the running reconciler between renders. */
export interface HoldDownTracker {
  /** probed records a probe of a member; one that did not answer ok restarts its hold-down */
  probed(cluster: string, observed: ClusterCondition['status'], at: number): void;
  /** decide is the verdict for the next render; members whose hold-down is over are forgotten */
  decide(conditions: ReadonlyMap<string, ClusterCondition>, at: number): HoldDown;
  /** evicted records the members a render evicted, with their NoExecute taints, and the hold-down of that render */
  evicted(members: ReadonlyMap<string, readonly DerivedTaint[]>, holdDownMs?: number): void;
  /** the last verdict's return time of a member Ready again (ms), else undefined */
  until(cluster: string): number | undefined;
  /** the earliest return time of the last verdict (ms), else undefined */
  nextReturn(): number | undefined;
  readonly holdDownMs: number;
}

/** createHoldDownTracker starts with no member evicted. */
export function createHoldDownTracker(): HoldDownTracker {
  const evicted = new Map<string, Evicted>();
  let holdDownMs = DEFAULT_HOLD_DOWN_MS;
  let verdict: HoldDown = { heldDown: new Map(), until: new Map(), returned: [] };
  return {
    probed(cluster, observed, at) {
      const e = evicted.get(cluster);
      if (e && observed !== 'True') e.lastFailure = at;
    },
    decide(conditions, at) {
      verdict = holdDownAt(evicted, conditions, at, holdDownMs);
      for (const name of verdict.returned) evicted.delete(name);
      return verdict;
    },
    evicted(members, ms) {
      if (ms !== undefined) holdDownMs = ms;
      for (const [name, taints] of members) {
        const last = evicted.get(name)?.lastFailure;
        evicted.set(name, { taints, ...(last !== undefined ? { lastFailure: last } : {}) });
      }
    },
    until: (cluster) => verdict.until.get(cluster),
    nextReturn() {
      const first = Math.min(...verdict.until.values());
      return Number.isFinite(first) ? first : undefined;
    },
    get holdDownMs() {
      return holdDownMs;
    },
  };
}
