/**
 * Health in the running reconciler: the prober's Ready conditions become the health input of every render; a
 * change of status, or a toleration running out, asks for a render again. What the repository's
 * ClusterTaintPolicy objects added is remembered from one render to the next (Karmada never removes those
 * taints because a policy went away); a restart forgets it, and the policies add the taints again while their
 * conditions hold.
 */
import type { Catalog } from '../model/catalog.js';
import type { Cluster } from '../model/cluster.js';
import type { ClusterCondition } from '../model/cluster-health.js';
import type { DerivedTaint } from '../model/cluster-taints.js';
import { realTimer, startProber, type ClusterProber, type ProbeFn, type ProbeTimer } from '../observe/cluster-prober.js';
import type { HealthThresholds } from '../observe/cluster-health.js';
import { evictedClusters, nextEvictionAt, noExecuteTaints, type ClusterTaints, type HealthInput } from '../render/index.js';
import { createHoldDownTracker, holdDownText, type HoldDownTracker } from './hold-down.js';

/** HealthOptions tune the prober; clock and timer are injected so that tests never wait on the wall clock. */
export interface HealthOptions {
  /** `--probe-interval` (default 10 s) */
  intervalMs?: number;
  /** `--failure-threshold` (default 30 s either way) */
  thresholds?: HealthThresholds;
  /** wall-clock ms (default Date.now): condition times and tolerationSeconds */
  now?: () => number;
  timer?: ProbeTimer;
}

/** HealthEvents go to the metrics and the render loop. */
export interface HealthEvents {
  /** a render should run: a status moved, or a toleration ran out */
  rerender(): void;
  onCondition?(cluster: string, condition: ClusterCondition, transition: boolean): void;
  onTaints?(cluster: string, taints: readonly DerivedTaint[]): void;
}

/** FleetHealth is what the fleet reconciler asks of health. */
export interface FleetHealth {
  /** input is the health part of the next render; reported are conditions from elsewhere (pull members' reports) */
  input(reported?: ReadonlyMap<string, ClusterCondition>): HealthInput;
  /**
   * taken records a render's derived taints (the memory of policy taints) and the members it evicted (for their
   * hold-down, `failover.holdDownSeconds` of that render's gitfed.yaml), and arms the next deadline
   */
  taken(catalog: Catalog, taints: ReadonlyMap<string, ClusterTaints> | undefined, holdDownMs?: number): void;
  /** holdReason says why a member is left untouched (it carries a NoExecute health taint), or undefined */
  holdReason(cluster: string): string | undefined;
  /** ready: the member's condition says Ready, or it has not been probed yet (it answered its pass) */
  ready(cluster: string): boolean;
  /** track probes exactly the repository's members */
  track(clusters: readonly Cluster[], probeOf: (cluster: Cluster) => ProbeFn): void;
  stop(): void;
}

/** createFleetHealth starts probing on the first track(). */
export function createFleetHealth(events: HealthEvents, opts: HealthOptions = {}): FleetHealth {
  const now = opts.now ?? Date.now;
  const timer = opts.timer ?? realTimer;
  let prober: ClusterProber | undefined;
  let remembered = new Map<string, readonly DerivedTaint[]>();
  let probes = new Map<string, ProbeFn>();
  let held = new Map<string, string>();
  let cancelDeadline: (() => void) | undefined;
  let cancelReturn: (() => void) | undefined;
  const holdDown = createHoldDownTracker();
  const start = (targets: Map<string, ProbeFn>): ClusterProber => startProber(targets, {
    ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
    ...(opts.thresholds ? { thresholds: opts.thresholds } : {}),
    now, timer,
    onProbe: ({ cluster, condition, previous, observed, statusChanged }) => {
      events.onCondition?.(cluster, condition, statusChanged && previous !== undefined);
      holdDown.probed(cluster, observed, now());
      // a first reading of True changes no taint: the render without health already placed the member
      if (statusChanged && !(previous === undefined && condition.status === 'True')) events.rerender();
    },
  });
  return {
    input: (reported) => {
      const at = now();
      // a pull member is never probed: its report's condition decides its hold-down as a probe's would
      const conditions = new Map([...(reported ?? []), ...(prober?.conditions() ?? [])]);
      const { heldDown } = holdDown.decide(conditions, at);
      return { conditions, previous: remembered, heldDown, now: at };
    },
    taken(catalog, taints, ms) {
      if (!taints) return;
      remembered = new Map([...taints].map(([name, t]) => [name, t.fromPolicies]));
      holdDown.evicted(new Map([...evictedClusters(catalog)].map((name) => [name, noExecuteTaints(taints.get(name))])), ms);
      for (const [name, t] of taints) events.onTaints?.(name, t.all);
      held = holdsOf(taints, holdDown, (name) => prober?.condition(name));
      const at = (ms: number | undefined): (() => void) | undefined => (ms === undefined ? undefined : timer(Math.max(0, ms - now()), () => events.rerender()));
      cancelDeadline?.();
      cancelDeadline = at(nextEvictionAt(catalog));
      cancelReturn?.();
      cancelReturn = at(holdDown.nextReturn());
    },
    holdReason: (cluster) => held.get(cluster),
    ready: (cluster) => (prober?.condition(cluster)?.status ?? 'True') === 'True',
    track(clusters, probeOf) {
      // every render tracks every member: a probe is made only for a member not probed yet
      const targets = new Map(clusters.map((c) => [c.name, probes.get(c.name) ?? probeOf(c)]));
      probes = targets;
      if (prober) prober.setTargets(targets);
      else prober = start(targets);
    },
    stop() {
      cancelDeadline?.();
      cancelReturn?.();
      prober?.stop();
    },
  };
}

/** holdsOf says why each member is left untouched: held down after an eviction, or carrying a NoExecute taint. */
function holdsOf(taints: ReadonlyMap<string, ClusterTaints>, holdDown: HoldDownTracker, condition: (name: string) => ClusterCondition | undefined): Map<string, string> {
  const held = new Map<string, string>();
  for (const [name, t] of taints) {
    const evicting = noExecuteTaints(t);
    const until = holdDown.until(name);
    if (until !== undefined) held.set(name, holdDownText(until, holdDown.holdDownMs));
    else if (evicting.length > 0) held.set(name, holdText(evicting, condition(name)));
  }
  return held;
}

function holdText(taints: readonly DerivedTaint[], condition: ClusterCondition | undefined): string {
  const shown = taints.map((t) => `${t.key}:${t.effect} since ${t.timeAdded}`).join(', ');
  const why = condition ? ` (Ready ${condition.status}: ${condition.message})` : '';
  return `not touched while tainted ${shown}${why}: failover moves its replicas, its objects and inventory stay as they are`;
}
