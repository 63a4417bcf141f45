/**
 * The prober of the running reconciler: probes every member on an interval (Karmada's
 * --cluster-status-update-frequency, 10 s) and keeps each one's Ready condition with nextHealth. Each member
 * has its own loop, so a member that takes its whole timeout to fail delays nobody else.
 */
import { observedReady, type ClusterCondition, type ProbeResult, type ReadyStatus } from '../model/cluster-health.js';
import { DEFAULT_HEALTH_THRESHOLDS, INITIAL_HEALTH, nextHealth, type HealthState, type HealthThresholds } from './cluster-health.js';

/** ProbeFn probes one member once; it never rejects (a failure is a ProbeResult). */
export type ProbeFn = (signal: AbortSignal) => Promise<ProbeResult>;

/** ProbeTimer schedules a call after ms and returns its cancel; tests pass one they advance by hand. */
export type ProbeTimer = (ms: number, fn: () => void) => () => void;

/** HealthChange is one member's condition after a probe, with the one before it. */
export interface HealthChange {
  cluster: string;
  condition: ClusterCondition;
  /** undefined for the member's first probe */
  previous?: ClusterCondition;
  /** what this probe alone said, before the thresholds: a flap shorter than them shows only here */
  observed: ReadyStatus;
}

/** ProberOptions tune the loop; clock and timer are injected so that no test waits on the wall clock. */
export interface ProberOptions {
  /** between the end of one probe of a member and the start of its next (default 10 s) */
  intervalMs?: number;
  thresholds?: HealthThresholds;
  /** ms since the epoch (default Date.now) */
  now?: () => number;
  timer?: ProbeTimer;
  /** after every probe; `statusChanged` says whether Ready's status moved (the moment taints and placement change) */
  onProbe?: (change: HealthChange & { statusChanged: boolean }) => void;
}

/** ClusterProber holds the members' conditions and keeps them fresh until stopped. */
export interface ClusterProber {
  /** the member's condition, undefined until its first probe has answered */
  condition(cluster: string): ClusterCondition | undefined;
  /** every member's condition so far, by name */
  conditions(): ReadonlyMap<string, ClusterCondition>;
  /** setTargets starts probing new members and stops probing (and forgets) members no longer listed; a member kept keeps its probe */
  setTargets(targets: ReadonlyMap<string, ProbeFn>): void;
  stop(): void;
}

/** DEFAULT_PROBE_INTERVAL_MS is Karmada's cluster status update frequency. */
export const DEFAULT_PROBE_INTERVAL_MS = 10_000;

/** realTimer is the wall clock's timer, for everything but tests. */
export const realTimer: ProbeTimer = (ms, fn) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

interface Member {
  state: HealthState;
  cancel: () => void;
  abort: AbortController;
}

/** startProber probes each target at once and then every interval, until stop(). */
export function startProber(targets: ReadonlyMap<string, ProbeFn>, opts: ProberOptions = {}): ClusterProber {
  const members = new Map<string, Member>();
  const interval = opts.intervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
  const now = opts.now ?? Date.now;
  const timer = opts.timer ?? realTimer;
  const start = (cluster: string, probe: ProbeFn): void => {
    const member: Member = { state: INITIAL_HEALTH, cancel: () => undefined, abort: new AbortController() };
    members.set(cluster, member);
    const round = async (): Promise<void> => {
      const result = await probe(member.abort.signal).catch((err: unknown): ProbeResult => ({ kind: 'unreachable', cause: err instanceof Error ? err.message : String(err) }));
      if (members.get(cluster) !== member) return; // stopped or replaced while the probe ran
      const previous = member.state.condition;
      member.state = nextHealth(member.state, result, now(), opts.thresholds ?? DEFAULT_HEALTH_THRESHOLDS);
      const condition = member.state.condition as ClusterCondition;
      opts.onProbe?.({ cluster, condition, ...(previous ? { previous } : {}), observed: observedReady(result).status, statusChanged: previous?.status !== condition.status });
      member.cancel = timer(interval, () => void round());
    };
    void round();
  };
  const forget = (cluster: string): void => {
    const member = members.get(cluster);
    if (!member) return;
    members.delete(cluster);
    member.cancel();
    member.abort.abort();
  };
  const setTargets = (next: ReadonlyMap<string, ProbeFn>): void => {
    for (const cluster of [...members.keys()]) if (!next.has(cluster)) forget(cluster);
    for (const [cluster, probe] of next) if (!members.has(cluster)) start(cluster, probe);
  };
  setTargets(targets);
  return {
    condition: (cluster) => members.get(cluster)?.state.condition,
    conditions: () => new Map([...members].flatMap(([name, m]) => (m.state.condition ? [[name, m.state.condition] as const] : []))),
    setTargets,
    stop: () => {
      for (const cluster of [...members.keys()]) forget(cluster);
    },
  };
}
