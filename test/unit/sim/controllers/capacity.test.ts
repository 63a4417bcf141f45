import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import { demandOf, freeCapacity } from '../../../../src/sim/controllers/capacity.js';
import { planNodes } from '../../../../src/sim/controllers/nodes.js';
import { podRequests, quantityOf, toResourceList } from '../../../../src/sim/controllers/resources.js';

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

function deployment(replicas: number, ...containers: Resources[]): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, template: { spec: { containers: containers.map((resources, i) => ({ name: `c${i}`, image: 'nginx', resources })) } } },
  };
}

describe('podRequests', () => {
  const cases: { name: string; podSpec: unknown; want: Record<string, number> }[] = [
    { name: 'no resources: one pod slot only', podSpec: { containers: [{ name: 'a' }] }, want: { pods: 1 } },
    { name: 'requests of containers add up', podSpec: { containers: [{ resources: { requests: { cpu: '250m', memory: '64Mi' } } }, { resources: { requests: { cpu: '0.5' } } }] }, want: { cpu: 750, memory: 64 * 2 ** 20, pods: 1 } },
    { name: 'limits fill a missing request', podSpec: { containers: [{ resources: { requests: { cpu: '100m' }, limits: { cpu: '1', memory: '1Gi' } } }] }, want: { cpu: 100, memory: 2 ** 30, pods: 1 } },
    { name: 'the largest init container counts when bigger', podSpec: { initContainers: [{ resources: { requests: { cpu: '2' } } }], containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' } } }] }, want: { cpu: 2000, memory: 2 ** 30, pods: 1 } },
    { name: 'pod overhead is added', podSpec: { overhead: { cpu: '10m' }, containers: [{ resources: { requests: { cpu: '90m' } } }] }, want: { cpu: 100, pods: 1 } },
    { name: 'extended resources count in units', podSpec: { containers: [{ resources: { limits: { 'nvidia.com/gpu': '2' } } }] }, want: { 'nvidia.com/gpu': 2, pods: 1 } },
    { name: 'a malformed quantity counts as nothing', podSpec: { containers: [{ resources: { requests: { cpu: 'lots' } } }] }, want: { pods: 1 } },
    { name: 'no pod spec at all', podSpec: undefined, want: { pods: 1 } },
  ];
  it.each(cases)('$name', ({ podSpec, want }) => {
    expect(podRequests(podSpec as never)).toEqual(want);
  });
});

describe('freeCapacity', () => {
  const nodes = planNodes({ name: 'c', capacity: { cpu: '32', memory: '128Gi', pods: '110' } });
  const cases: { name: string; workloads: KubeObject[]; want: Record<string, string> }[] = [
    { name: 'no workloads: the whole allocatable', workloads: [], want: { cpu: '32', memory: '128Gi', pods: '110' } },
    { name: 'replicas × requests', workloads: [deployment(3, { requests: { cpu: '500m', memory: '1Gi' } })], want: { cpu: '30500m', memory: '125Gi', pods: '107' } },
    { name: 'limits fill missing requests', workloads: [deployment(2, { limits: { cpu: '2', memory: '4Gi' } })], want: { cpu: '28', memory: '120Gi', pods: '108' } },
    { name: 'several workloads and containers', workloads: [deployment(1, { requests: { cpu: '1' } }, { requests: { cpu: '1' } }), deployment(4, { requests: { memory: '8Gi' } })], want: { cpu: '30', memory: '96Gi', pods: '105' } },
    { name: 'zero replicas request nothing', workloads: [deployment(0, { requests: { cpu: '8' } })], want: { cpu: '32', memory: '128Gi', pods: '110' } },
    { name: 'demand beyond the nodes goes negative (pass scheduled replicas only)', workloads: [deployment(5, { requests: { cpu: '8' } })], want: { cpu: '-8', memory: '128Gi', pods: '105' } },
  ];
  it.each(cases)('$name', ({ workloads, want }) => {
    expect(toResourceList(freeCapacity(nodes, workloads.map((w) => demandOf(w))))).toEqual(want);
  });

  it('counts only the scheduled replicas it is given', () => {
    const free = freeCapacity(nodes, [demandOf(deployment(10, { requests: { cpu: '4' } }), 8)]);
    expect(free.cpu).toBe(0);
    expect(free.pods).toBe(102);
  });
});

describe('quantityOf', () => {
  it.each([
    ['cpu', 1500, '1500m'], ['cpu', 2000, '2'], ['memory', 2 ** 30 * 3, '3Gi'], ['memory', 1536 * 2 ** 20, '1536Mi'],
    ['memory', 1000, '1000'], ['pods', 2048, '2048'], ['ephemeral-storage', 2 ** 10, '1Ki'], ['cpu', 0, '0'],
  ] as const)('%s %d is %s', (name, v, want) => {
    expect(quantityOf(name, v)).toBe(want);
  });
});
