import { describe, expect, it } from 'vitest';
import { GitfedError } from '../../../src/model/errors.js';
import type { JsonObject, KubeObject } from '../../../src/model/kube.js';
import type { Plan } from '../../../src/model/plan.js';
import { AGENT_REPORT_SCHEMA, type AgentReport } from '../../../src/model/agent-report.js';
import { pullReadings, reportedOnly, workloadStatuses, type MemberRead } from '../../../src/reconcile/workload-report.js';
import { statusExitCode } from '../../../src/cli/commands/status.js';

// The summing rules of `gitfed status`, on a plan and what each member held, without a cluster.

const KEY = 'apps/v1/Deployment/default/web';
const deploy = (replicas: number, status: JsonObject = {}): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', generation: 1 }, spec: { replicas },
  status: {
    observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas,
    conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }], ...status,
  },
});
const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' } };
const plan: Plan = {
  revision: null, diagnostics: [],
  clusters: { a: [deploy(4), cm], b: [deploy(2), cm] },
  bindings: [
    { resource: KEY, policy: 'PropagationPolicy/default/web', clusters: [{ name: 'a', replicas: 4 }, { name: 'b', replicas: 2 }] },
    { resource: 'v1/ConfigMap/default/cfg', policy: 'PropagationPolicy/default/web', clusters: [{ name: 'a' }, { name: 'b' }] },
    { resource: 'v1/ConfigMap/default/nowhere', policy: 'PropagationPolicy/default/x', clusters: [], reason: 'no cluster matched' },
  ],
};
const held = (...objects: KubeObject[]): MemberRead => ({ live: new Map(objects.map((o) => [`${o.apiVersion}/${o.kind}/default/${o.metadata.name}`, o])) });
const down: MemberRead = { live: new Map(), error: new GitfedError('ClusterUnreachable', 'b', 'connect ECONNREFUSED') };

const brief = (reads: Record<string, MemberRead>) => workloadStatuses(plan, new Map(Object.entries(reads)))
  .map((r) => [r.subject, r.ready === undefined ? '-' : `${r.ready}/${r.desired}`, r.status, r.health]);

describe('gitfed status sums READY over the members and takes the worst member\'s status', () => {
  it.each([
    ['every member current: READY summed, Current', { a: held(deploy(4), cm), b: held(deploy(2), cm) }, ['6/6', 'Current', 'Healthy'], ['-', 'Current', 'Healthy']],
    ['a member rolling out: its ready counted, InProgress', { a: held(deploy(4, { readyReplicas: 1 }), cm), b: held(deploy(2), cm) }, ['3/6', 'InProgress', 'Unhealthy'], ['-', 'Current', 'Healthy']],
    ['a member failed wins over one rolling out', { a: held(deploy(4, { readyReplicas: 1 }), cm), b: held(deploy(2, { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), cm) }, ['3/6', 'Failed', 'Unhealthy'], ['-', 'Current', 'Healthy']],
    ['a copy not there yet counts its planned replicas, none ready, Unknown', { a: held(deploy(4), cm), b: held(cm) }, ['4/6', 'Unknown', 'Unknown'], ['-', 'Current', 'Healthy']],
    ['an unreachable member counts its planned replicas, none ready, Unknown', { a: held(deploy(4), cm), b: down }, ['4/6', 'Unknown', 'Unknown'], ['-', 'Unknown', 'Unknown']],
  ])('%s', (_rule, reads, web, cfg) => {
    expect(brief(reads)).toEqual([['Deployment/default/web', ...web], ['ConfigMap/default/cfg', ...cfg], ['ConfigMap/default/nowhere', '-', 'Unknown', 'Unknown']]);
  });

  it('an unreachable member says so in its row', () => {
    const web = workloadStatuses(plan, new Map([['a', held(deploy(4), cm)], ['b', down]]))[0];
    expect(web?.members[1]).toEqual({ cluster: 'b', reachable: false, status: 'Unknown', health: 'Unknown', ready: 0, desired: 2, message: 'unreachable: b: connect ECONNREFUSED' });
  });

  it.each([
    ['all Current exits 0', ['Current', 'Current'], [false, false], 0],
    ['one not Current exits 1', ['Current', 'InProgress'], [false, false], 1],
    ['one member unreachable exits 1', ['Current', 'Unknown'], [false, true], 1],
    ['every member unreachable exits 3', ['Unknown', 'Unknown'], [true, true], 3],
  ] as const)('%s', (_rule, statuses, unreachable, code) => {
    const err = new GitfedError('ClusterUnreachable', 'x', 'down');
    expect(statusExitCode({
      revision: null, outcome: 'read', diagnostics: [],
      resources: statuses.map((status) => ({ resource: KEY, subject: 'x', status, health: 'Unknown', members: [] })),
      clusters: unreachable.map((u, i) => (u ? { cluster: `m${i}`, error: err } : { cluster: `m${i}` })),
    })).toBe(code);
  });
});

describe('gitfed status reads a pull member from its agent\'s report, never from the member', () => {
  const NOW = Date.parse('2026-12-04T12:00:00Z');
  const report = (ageSeconds: number, workloads?: AgentReport['workloads'], revision: string | null = null): AgentReport => ({
    schema: AGENT_REPORT_SCHEMA, cluster: 'b', observedAt: new Date(NOW - ageSeconds * 1000).toISOString(), revision, attempted: revision,
    state: 'success', description: 'applied', resourceSummary: null, capacity: null, nodes: 1,
    condition: { type: 'Ready', status: 'True', reason: 'ClusterReady', message: 'ok', lastProbeTime: '', lastTransitionTime: '' },
    ...(workloads ? { workloads } : {}),
  });
  const readings = (r: AgentReport | undefined) => pullReadings([{ name: 'b' }], new Map(r ? [['b', r]] : []), { clusterTimeoutMs: 1, concurrency: 1, reportMaxAgeMs: 60_000, now: () => NOW });
  const statusOf = (r: AgentReport | undefined) => {
    const pulled = readings(r);
    const reads = new Map<string, MemberRead>([['a', held(deploy(4), cm)]]);
    for (const [name, p] of pulled) if ('error' in p) reads.set(name, { live: new Map(), error: p.error });
    return workloadStatuses(plan, reads, reportedOnly(pulled))[0];
  };

  it.each([
    ['a fresh report: its copies count, READY summed', report(5, { [KEY]: { status: 'Current', ready: 2, desired: 2, message: '2/2 ready' } }), '6/6', 'Current', /^2\/2 ready, reported 5 s ago$/],
    ['a report of another commit says which one its agent holds', report(5, { [KEY]: { status: 'Current', ready: 2, desired: 2, message: '2/2 ready' } }, 'f00dfeedf00d'), '6/6', 'Current', /^2\/2 ready, reported 5 s ago \(its agent holds f00dfee\)$/],
    ['a fresh report without the object: Unknown, its planned replicas missing', report(5, {}), '4/6', 'Unknown', /^not in its agent's report, reported 5 s ago/],
    ['a stale report: unreachable, the report\'s age says why', report(95, { [KEY]: { status: 'Current', ready: 2, desired: 2, message: '2/2 ready' } }), '4/6', 'Unknown', /^unreachable: b: pull mode, reported by its agent: too old to stand for it \(agent report is 95 s old\)$/],
    ['no report yet: unreachable', undefined, '4/6', 'Unknown', /^unreachable: b: pull mode, reported by its agent: no report yet$/],
  ])('%s', (_rule, r, ready, status, message) => {
    const web = statusOf(r);
    expect(`${web?.ready}/${web?.desired}`).toBe(ready);
    expect(web?.status).toBe(status);
    expect(web?.members[1]?.message).toMatch(message);
  });
});
