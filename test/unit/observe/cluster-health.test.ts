import { describe, expect, it } from 'vitest';
import type { ProbeResult, ReadyStatus } from '../../../src/model/cluster-health.js';
import { conditionOfProbe, INITIAL_HEALTH, nextHealth, type HealthState, type HealthThresholds } from '../../../src/observe/cluster-health.js';

const OK: ProbeResult = { kind: 'healthy', path: '/readyz' };
const SICK: ProbeResult = { kind: 'unhealthy', path: '/readyz', code: 500, body: '[-]etcd failed: reason withheld\nreadyz check failed' };
const GONE: ProbeResult = { kind: 'unreachable', cause: 'connect ECONNREFUSED 127.0.0.1:6443' };
const T0 = Date.parse('2026-12-04T10:00:00Z');
const s = (seconds: number): number => T0 + seconds * 1000;
const iso = (seconds: number): string => new Date(s(seconds)).toISOString().replace('.000Z', 'Z');

/** run feeds probes [seconds after T0, result] to the machine from a fresh member. */
function run(probes: [number, ProbeResult][], thresholds?: HealthThresholds): HealthState {
  return probes.reduce((state, [at, probe]) => nextHealth(state, probe, s(at), thresholds), INITIAL_HEALTH);
}

const every10s = (from: number, to: number, probe: ProbeResult): [number, ProbeResult][] =>
  Array.from({ length: (to - from) / 10 + 1 }, (_, i) => [from + i * 10, probe]);

interface Row {
  probes: [number, ProbeResult][];
  thresholds?: HealthThresholds;
  status: ReadyStatus;
  /** seconds after T0 */
  transition: number;
  probe: number;
}

describe('the Ready condition follows the probes with thresholds (Karmada thresholdAdjustedReadyCondition)', () => {
  it.each<[string, Row]>([
    ['the first probe sets the condition as it is: healthy', { probes: [[0, OK]], status: 'True', transition: 0, probe: 0 }],
    ['the first probe sets the condition as it is: no answer', { probes: [[0, GONE]], status: 'Unknown', transition: 0, probe: 0 }],
    ['the first probe sets the condition as it is: answered unhealthy', { probes: [[0, SICK]], status: 'False', transition: 0, probe: 0 }],
    ['one lost probe changes nothing', { probes: [[0, OK], [10, GONE], [20, OK]], status: 'True', transition: 0, probe: 20 }],
    ['failures shorter than the failure threshold leave Ready=True', { probes: [[0, OK], ...every10s(10, 30, GONE)], status: 'True', transition: 0, probe: 30 }],
    ['failures lasting the failure threshold make it Unknown', { probes: [[0, OK], ...every10s(10, 40, GONE)], status: 'Unknown', transition: 40, probe: 40 }],
    ['answered-unhealthy failures lasting the threshold make it False', { probes: [[0, OK], ...every10s(10, 40, SICK)], status: 'False', transition: 40, probe: 40 }],
    ['a success in between starts the failure count again', { probes: [[0, OK], [10, GONE], [20, GONE], [30, OK], [40, GONE], [50, GONE], [60, GONE]], status: 'True', transition: 0, probe: 60 }],
    ['failures of both kinds count together; the last one says which', { probes: [[0, OK], [10, SICK], [20, GONE], [30, SICK], [40, GONE]], status: 'Unknown', transition: 40, probe: 40 }],
    ['between False and Unknown the condition follows at once', { probes: [[0, SICK], [10, GONE]], status: 'Unknown', transition: 10, probe: 10 }],
    ['successes shorter than the success threshold leave it not ready', { probes: [[0, GONE], ...every10s(10, 30, OK)], status: 'Unknown', transition: 0, probe: 30 }],
    ['successes lasting the success threshold make it True again', { probes: [[0, GONE], ...every10s(10, 40, OK)], status: 'True', transition: 40, probe: 40 }],
    ['lastTransitionTime stays while the status stays', { probes: every10s(0, 120, OK), status: 'True', transition: 0, probe: 120 }],
    ['a zero threshold follows every probe', { probes: [[0, OK], [10, GONE], [20, OK]], thresholds: { failureMs: 0, successMs: 0 }, status: 'True', transition: 20, probe: 20 }],
    ['the threshold counts time, not probes: two probes 30 s apart', { probes: [[0, OK], [5, GONE], [35, GONE]], status: 'Unknown', transition: 35, probe: 35 }],
  ])('%s', (_rule, row) => {
    const condition = run(row.probes, row.thresholds).condition;
    expect(condition).toMatchObject({ type: 'Ready', status: row.status, lastTransitionTime: iso(row.transition), lastProbeTime: iso(row.probe) });
  });

  it('a probe that agrees with the status takes over its reason and message, keeping lastTransitionTime', () => {
    const fallback: ProbeResult = { kind: 'healthy', path: '/healthz' };
    const condition = run([[0, OK], [10, fallback]]).condition;
    expect(condition).toEqual({
      type: 'Ready', status: 'True', reason: 'ClusterReady', message: '/healthz responded with ok', lastProbeTime: iso(10), lastTransitionTime: iso(0),
    });
  });

  it('while a change is pending the condition keeps its own reason and message', () => {
    const condition = run([[0, OK], [10, GONE]]).condition;
    expect(condition).toMatchObject({ status: 'True', reason: 'ClusterReady', message: '/readyz responded with ok' });
  });

  it('a one-shot reading is the probe as it is, both times at the probe', () => {
    expect(conditionOfProbe(GONE, s(7))).toEqual({
      type: 'Ready', status: 'Unknown', reason: 'ClusterNotReachable', message: 'cluster is not reachable: connect ECONNREFUSED 127.0.0.1:6443',
      lastProbeTime: iso(7), lastTransitionTime: iso(7),
    });
  });
});
