import { describe, expect, it } from 'vitest';
import { age, formatClusters } from '../../../src/cli/commands/clusters.js';
import type { ClusterClient } from '../../../src/kube/cluster-client.js';
import type { MemberProbe } from '../../../src/kube/health-probe.js';
import type { ProbeResult } from '../../../src/model/cluster-health.js';
import type { KubeObject } from '../../../src/model/kube.js';
import { capacityOf, formatAmount, reportClusters } from '../../../src/reconcile/cluster-report.js';
import { makeCluster } from '../../helpers/builders.js';

const NOW = Date.parse('2026-12-04T10:00:00Z');

const node = (cpu: string, memory: string): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: `n-${cpu}` }, status: { allocatable: { cpu, memory, pods: '110' } } });
const pod = (cpu: string, phase = 'Running'): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${cpu}-${phase}`, namespace: 'a' },
  spec: { containers: [{ name: 'c', resources: { requests: { cpu, memory: '1Gi' } } }] }, status: { phase },
});

function fakeClient(objects: Record<string, KubeObject[]>, calls: string[]): ClusterClient {
  const fail = async (): Promise<never> => { throw new Error('not used'); };
  return {
    cluster: 'x',
    list: async (_v, kind) => { calls.push(kind); return objects[kind] ?? []; },
    get: fail, apply: fail, delete: fail,
  } as ClusterClient;
}

const probeOf = (result: ProbeResult): MemberProbe => ({ health: async () => result, version: async () => 'v1.33.1' });

describe('one probe round reads what each member can tell', () => {
  it('a member that answers: version, nodes and free capacity (finished pods hold nothing)', async () => {
    const calls: string[] = [];
    const client = fakeClient({ Node: [node('4', '8Gi'), node('2', '8Gi')], Pod: [pod('500m'), pod('1', 'Succeeded')] }, calls);
    const [row] = await reportClusters([makeCluster('m1')], {
      probe: () => probeOf({ kind: 'healthy', path: '/readyz' }), connect: () => client, now: () => NOW, budget: () => new AbortController().signal, concurrency: 4,
    });
    expect(row).toMatchObject({
      name: 'm1', version: 'v1.33.1', nodes: 2, taints: [],
      capacity: { cpu: { allocatable: '6', allocated: '500m', available: '5500m' }, memory: { allocatable: '16Gi', allocated: '1Gi', available: '15Gi' }, pods: { allocatable: '220', allocated: '1', available: '219' } },
    });
  });

  it('a member that does not answer is asked nothing more', async () => {
    const calls: string[] = [];
    let connected = false;
    const [row] = await reportClusters([makeCluster('m1', { taints: [{ key: 'k', effect: 'NoExecute' }] })], {
      probe: () => probeOf({ kind: 'unreachable', cause: 'connect ECONNREFUSED' }),
      connect: () => { connected = true; return fakeClient({}, calls); },
      now: () => NOW, budget: () => new AbortController().signal, concurrency: 4,
    });
    expect(connected).toBe(false);
    expect(row).toMatchObject({ version: null, nodes: null, capacity: null });
    expect(row?.taints).toEqual([
      { key: 'k', effect: 'NoExecute', source: 'repository' },
      { key: 'cluster.karmada.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-12-04T10:00:00Z', source: 'health' },
    ]);
  });

  it('lists that fail leave nodes and capacity unknown, the row still made', async () => {
    const failing = { ...fakeClient({}, []), list: async () => { throw new Error('503'); } } as ClusterClient;
    const [row] = await reportClusters([makeCluster('m1')], {
      probe: () => probeOf({ kind: 'unhealthy', path: '/readyz', code: 500, body: '' }), connect: () => failing, now: () => NOW, budget: () => new AbortController().signal, concurrency: 1,
    });
    expect(row).toMatchObject({ condition: { status: 'False' }, nodes: null, capacity: null, version: 'v1.33.1' });
  });
});

describe('amounts and ages print as kubectl prints them', () => {
  it.each<[string, string, number, string]>([
    ['whole cores', 'cpu', 20_000, '20'],
    ['millicores', 'cpu', 19_500, '19500m'],
    ['overcommitted cpu is negative', 'cpu', -500, '-500m'],
    ['memory in Gi', 'memory', 88 * 2 ** 30, '88Gi'],
    ['memory in Mi when not whole Gi', 'memory', 1536 * 2 ** 20, '1536Mi'],
    ['memory in bytes when no suffix divides', 'memory', 1000, '1000'],
    ['zero memory', 'memory', 0, '0'],
    ['pods as a count', 'pods', 80, '80'],
  ])('%s', (_rule, name, amount, text) => {
    expect(formatAmount(name, amount)).toBe(text);
  });

  it.each<[number, string]>([[0, '0s'], [-5_000, '0s'], [119_000, '119s'], [190_000, '3m10s'], [300_000, '5m'], [3_600_000, '60m'], [5 * 3_600_000, '5h'], [3 * 86_400_000, '3d']])('age %d ms is %s', (ms, text) => {
    expect(age(ms)).toBe(text);
  });

  it('a repository quantity in decimal units is shown as written when exact', () => {
    expect(capacityOf({ allocatable: { cpu: '32', memory: '128Gi', pods: '110' }, allocated: { cpu: '12', memory: '40Gi', pods: '30' } }).memory).toEqual({ allocatable: '128Gi', allocated: '40Gi', available: '88Gi' });
  });

  it('the text table ends with why each member that is not Ready is not', () => {
    const condition = { type: 'Ready' as const, status: 'Unknown' as const, reason: 'ClusterNotReachable' as const, message: 'cluster is not reachable: x', lastProbeTime: '2026-12-04T09:59:00Z', lastTransitionTime: '2026-12-04T09:55:00Z' };
    const text = formatClusters([{ name: 'm1', context: 'm1', condition, version: null, nodes: null, capacity: null, taints: [] }], NOW);
    expect(text.split('\n')).toEqual([
      'NAME   READY     AGE   VERSION     NODES       CPU         MEMORY      PODS        TAINTS',
      'm1     Unknown   5m    <unknown>   <unknown>   <unknown>   <unknown>   <unknown>   <none>',
      '',
      'm1: ClusterNotReachable: cluster is not reachable: x',
      '',
    ]);
  });
});
