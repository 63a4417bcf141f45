import { describe, expect, it } from 'vitest';
import { AGENT_REPORT_SCHEMA, parseAgentReport, type AgentReport } from '../../../src/model/agent-report.js';
import { pullView, pushMembers, reportCondition } from '../../../src/reconcile/pull-clusters.js';
import { backoffMs, runAgentLoop } from '../../../src/reconcile/agent-loop.js';
import type { AgentPass } from '../../../src/reconcile/agent.js';
import { GitfedError } from '../../../src/model/errors.js';
import { makeCluster } from '../../helpers/builders.js';

const T0 = Date.parse('2026-12-04T12:00:00Z');
const ready = { type: 'Ready' as const, status: 'True' as const, reason: 'ClusterReady' as const, message: '/readyz responded with ok', lastProbeTime: '2026-12-04T12:00:00Z', lastTransitionTime: '2026-12-04T11:00:00Z' };
const report = (over: Partial<AgentReport> = {}): AgentReport => ({
  schema: AGENT_REPORT_SCHEMA, cluster: 'edge', observedAt: '2026-12-04T12:00:00Z', revision: 'abc1234def', attempted: 'abc1234def',
  state: 'success', description: 'applied', condition: ready, resourceSummary: { allocatable: { cpu: '4' }, allocated: { cpu: '1' } },
  capacity: null, nodes: 1, replicas: { 'apps/v1/Deployment/shop/api': 3 }, ...over,
});

describe('a pull member\'s Ready condition comes from its agent\'s report', () => {
  it.each([
    ['a fresh report gives its own condition', 30_000, { status: 'True', reason: 'ClusterReady' }],
    ['a report exactly at the threshold is still fresh', 60_000, { status: 'True', reason: 'ClusterReady' }],
    ['a report older than the threshold is Unknown, saying how old', 95_000, { status: 'Unknown', reason: 'ClusterStatusUnknown', message: 'agent report is 95 s old', lastTransitionTime: '2026-12-04T12:01:00Z' }],
  ])('%s', (_, age, expected) => {
    expect(reportCondition(report(), T0 + age, 60_000)).toMatchObject(expected);
  });

  it('no report at all is Unknown', () => {
    expect(reportCondition(undefined, T0, 60_000)).toMatchObject({ status: 'Unknown', reason: 'ClusterStatusUnknown', message: 'no report from its agent yet' });
  });
});

describe('pullView', () => {
  const clusters = [makeCluster('m1'), makeCluster('edge', { syncMode: 'Pull' }), makeCluster('far', { syncMode: 'Pull' })];

  it('lists only pull members, and push members are the rest', () => {
    expect(pushMembers(clusters).map((c) => c.name)).toEqual(['m1']);
    expect(pullView(clusters, new Map(), T0).pulled.map((p) => p.cluster)).toEqual(['edge', 'far']);
  });

  it('takes capacity and placement from fresh reports only', () => {
    const fresh = pullView(clusters, new Map([['edge', report()]]), T0 + 10_000);
    expect(fresh.capacities.get('edge')).toEqual({ allocatable: { cpu: '4' }, allocated: { cpu: '1' } });
    expect(fresh.placement.get('apps/v1/Deployment/shop/api')).toEqual(new Map([['edge', 3]]));
    expect(fresh.pulled[0]?.message).toBe('pull mode, reported by its agent 10 s ago: success, revision abc1234');
    const stale = pullView(clusters, new Map([['edge', report()]]), T0 + 120_000);
    expect(stale.capacities.size).toBe(0);
    expect(stale.placement.size).toBe(0);
    expect(stale.conditions.get('edge')?.status).toBe('Unknown');
  });

  it('leaves out the agent\'s own member', () => {
    expect(pullView(clusters, new Map(), T0, 60_000, 'edge').pulled.map((p) => p.cluster)).toEqual(['far']);
  });
});

describe('parseAgentReport', () => {
  it.each([
    ['not JSON', 'nope'],
    ['another schema', JSON.stringify({ ...report(), schema: 'x/v2' })],
    ['no time', JSON.stringify({ ...report(), observedAt: 'yesterday' })],
    ['no condition', JSON.stringify({ ...report(), condition: null })],
  ])('refuses %s', (_, text) => {
    expect(parseAgentReport(text)).toBeUndefined();
  });

  it('reads a report it wrote', () => {
    expect(parseAgentReport(JSON.stringify(report()))).toEqual(report());
  });
});

describe('the agent loop', () => {
  it('waits 1 s, 2 s, 4 s ... up to the interval while the repository is unreadable, and the interval once it reads again', async () => {
    const unreadable = { outcome: { unreadable: new GitfedError('RepoUnreachable', '', 'down') } } as unknown as AgentPass;
    const fine = { outcome: { result: {} } } as unknown as AgentPass;
    const script = [unreadable, unreadable, unreadable, unreadable, unreadable, fine, unreadable];
    const waits: number[] = [];
    const stop = new AbortController();
    const passes = await runAgentLoop(async () => script[waits.length] as AgentPass, {
      intervalMs: 10_000, signal: stop.signal,
      sleep: async (ms) => {
        waits.push(ms);
        if (waits.length === script.length) stop.abort();
      },
    });
    expect(passes).toBe(7);
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 1000]);
    expect(backoffMs(3, 500, 60_000)).toBe(2000);
  });
});
