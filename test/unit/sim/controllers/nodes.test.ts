import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import { allocatableOf } from '../../../../src/sim/controllers/capacity.js';
import { planNodes, splitAmounts } from '../../../../src/sim/controllers/nodes.js';
import { addAmounts, amountsOf, toResourceList, type ResourceAmounts } from '../../../../src/sim/controllers/resources.js';
import type { ControllerSpec } from '../../../../src/sim/controllers/spec.js';

const total = (nodes: KubeObject[]): ResourceAmounts => nodes.reduce<ResourceAmounts>((s, n) => addAmounts(s, allocatableOf(n)), {});

describe('planNodes', () => {
  const cases: { name: string; spec: ControllerSpec; count: number; sum: Record<string, string> }[] = [
    { name: 'no declared capacity: one default node', spec: { name: 'member1' }, count: 1, sum: { cpu: '16', memory: '64Gi', pods: '110' } },
    { name: '32 cpu: two nodes of 16', spec: { name: 'aws', capacity: { cpu: '32', memory: '128Gi', pods: '110' } }, count: 2, sum: { cpu: '32', memory: '128Gi', pods: '110' } },
    { name: '8 cpu: one node', spec: { name: 'azure', capacity: { cpu: '8', memory: '32Gi', pods: '110' } }, count: 1, sum: { cpu: '8', memory: '32Gi', pods: '110' } },
    { name: '64 cpu with gpus: four nodes', spec: { name: 'edge', capacity: { cpu: '64', memory: '256Gi', pods: '110', 'nvidia.com/gpu': '8' } }, count: 4, sum: { cpu: '64', memory: '256Gi', 'nvidia.com/gpu': '8', pods: '110' } },
    { name: 'fractional cpu splits in millicores', spec: { name: 'odd', capacity: { cpu: '16500m', memory: '1Gi', pods: 7 } }, count: 2, sum: { cpu: '16500m', memory: '1Gi', pods: '7' } },
    { name: 'missing memory and pods get the per-node defaults', spec: { name: 'x', capacity: { cpu: '20' } }, count: 2, sum: { cpu: '20', memory: '128Gi', pods: '220' } },
  ];
  it.each(cases)('$name', ({ spec, count, sum }) => {
    const nodes = planNodes(spec);
    expect(nodes).toHaveLength(count);
    expect(toResourceList(total(nodes))).toEqual(sum);
    for (const n of nodes) expect((n.status as { capacity: unknown }).capacity).toEqual((n.status as { allocatable: unknown }).allocatable);
  });

  it('names nodes after the cluster and labels them with hostname, region and round-robin zones', () => {
    const nodes = planNodes({ name: 'edge', region: 'eu', zones: ['a', 'b'], capacity: { cpu: '48' } });
    expect(nodes.map((n) => n.metadata.name)).toEqual(['edge-node-1', 'edge-node-2', 'edge-node-3']);
    expect(nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone'])).toEqual(['a', 'b', 'a']);
    expect(nodes[0]?.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'edge-node-1', 'topology.kubernetes.io/region': 'eu', 'kubernetes.io/os': 'linux' });
  });

  it('leaves out topology labels the cluster does not declare, and nodes are Ready', () => {
    const [node] = planNodes({ name: 'm' });
    expect(Object.keys(node?.metadata.labels ?? {}).filter((k) => k.startsWith('topology'))).toEqual([]);
    const conditions = (node?.status as { conditions: { type: string; status: string }[] }).conditions;
    expect(conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});

describe('splitAmounts', () => {
  it.each([
    [{ pods: 110 }, 4, [28, 28, 27, 27]],
    [{ pods: 3 }, 3, [1, 1, 1]],
    [{ pods: 1 }, 2, [1, 0]],
  ])('%j into %d', (amounts, count, want) => {
    const parts = splitAmounts(amounts, count);
    expect(parts.map((p) => p.pods)).toEqual(want);
  });

  it('keeps an exact sum for byte sizes', () => {
    const amounts = amountsOf({ memory: '100Gi' });
    expect(splitAmounts(amounts, 3).reduce((s, p) => s + (p.memory ?? 0), 0)).toBe(amounts.memory);
  });
});
