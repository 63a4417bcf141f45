import { describe, expect, it } from 'vitest';
import { conditionTime, observedReady, type ClusterCondition, type ObservedReady, type ProbeResult } from '../../../src/model/cluster-health.js';
import { deriveTaints, readyNoSchedule, type DerivedTaint, type TaintRule } from '../../../src/model/cluster-taints.js';

const READYZ_FAILED = '[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n[+]informer-sync ok\nreadyz check failed\n';

describe('a probe result is worded as KubeFed words cluster health', () => {
  it.each<[string, ProbeResult, ObservedReady]>([
    ['/readyz 200: ClusterReady', { kind: 'healthy', path: '/readyz' }, { status: 'True', reason: 'ClusterReady', message: '/readyz responded with ok' }],
    ['/healthz 200 (no /readyz): the message names /healthz', { kind: 'healthy', path: '/healthz' }, { status: 'True', reason: 'ClusterReady', message: '/healthz responded with ok' }],
    ['an answer other than 200: ClusterNotReady with the failed checks', { kind: 'unhealthy', path: '/readyz', code: 500, body: READYZ_FAILED },
      { status: 'False', reason: 'ClusterNotReady', message: '/readyz responded without ok: HTTP 500: [-]etcd failed: reason withheld' }],
    ['a body without check lines: its first line', { kind: 'unhealthy', path: '/healthz', code: 401, body: 'Unauthorized\nmore' },
      { status: 'False', reason: 'ClusterNotReady', message: '/healthz responded without ok: HTTP 401: Unauthorized' }],
    ['an empty body: the code alone', { kind: 'unhealthy', path: '/readyz', code: 503, body: '' },
      { status: 'False', reason: 'ClusterNotReady', message: '/readyz responded without ok: HTTP 503' }],
    ['no answer: ClusterNotReachable with the cause', { kind: 'unreachable', cause: 'no answer within 10000 ms' },
      { status: 'Unknown', reason: 'ClusterNotReachable', message: 'cluster is not reachable: no answer within 10000 ms' }],
    ['no kubeconfig context: ClusterConfigMalformed', { kind: 'unconfigured', cause: 'kubeconfig has no context "edge"' },
      { status: 'Unknown', reason: 'ClusterConfigMalformed', message: 'cluster\'s configuration may be malformed: kubeconfig has no context "edge"' }],
  ])('%s', (_rule, probe, expected) => {
    expect(observedReady(probe)).toEqual(expected);
  });

  it('a long body is cut', () => {
    const message = observedReady({ kind: 'unhealthy', path: '/readyz', code: 500, body: 'x'.repeat(1000) }).message;
    expect(message).toBe(`/readyz responded without ok: HTTP 500: ${'x'.repeat(200)}…`);
  });

  it('condition times are RFC 3339 in whole seconds, as metav1.Time', () => {
    expect(conditionTime(Date.parse('2026-12-04T10:00:05.987Z'))).toBe('2026-12-04T10:00:05Z');
  });
});

const at = (status: ClusterCondition['status'], lastTransitionTime = '2026-12-04T10:00:00Z'): ClusterCondition => ({
  type: 'Ready', status, reason: 'ClusterReady', message: '', lastProbeTime: '2026-12-04T10:05:00Z', lastTransitionTime,
});

describe('taints derived from health are Karmada cluster controller\'s', () => {
  it.each<[string, ClusterCondition | undefined, DerivedTaint[]]>([
    ['Ready=True: no taint', at('True'), []],
    ['Ready=False: not-ready NoSchedule', at('False'), [{ key: 'cluster.karmada.io/not-ready', effect: 'NoSchedule', timeAdded: '2026-12-04T10:00:00Z' }]],
    ['Ready=Unknown: unreachable NoSchedule', at('Unknown'), [{ key: 'cluster.karmada.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-12-04T10:00:00Z' }]],
    ['timeAdded is when the condition took its status, not the last probe', at('Unknown', '2026-12-04T09:59:30Z'),
      [{ key: 'cluster.karmada.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-12-04T09:59:30Z' }]],
    ['not probed yet: no taint', undefined, []],
  ])('%s', (_rule, condition, expected) => {
    expect(deriveTaints(condition)).toEqual(expected);
  });

  it('further rules (the seam for ClusterTaintPolicy) add taints; a key and effect given twice is kept once', () => {
    const noExecute: TaintRule = (c) => (c.status === 'True' ? [] : [{ key: 'cluster.karmada.io/unreachable', effect: 'NoExecute', timeAdded: c.lastTransitionTime }]);
    const taints = deriveTaints(at('Unknown'), [readyNoSchedule, noExecute, readyNoSchedule]);
    expect(taints.map((t) => `${t.key}:${t.effect}`)).toEqual(['cluster.karmada.io/unreachable:NoSchedule', 'cluster.karmada.io/unreachable:NoExecute']);
  });
});
