import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import { freeCapacity } from '../../../../src/sim/controllers/capacity.js';
import { planNodes } from '../../../../src/sim/controllers/nodes.js';
import { amountsOf, toResourceList } from '../../../../src/sim/controllers/resources.js';
import { createScheduler, type PodShape } from '../../../../src/sim/controllers/scheduler.js';

const shape = (requests: Record<string, string>, nodeSelector: Record<string, string> = {}): PodShape => ({ requests: { ...amountsOf(requests), pods: 1 }, nodeSelector });
const twoNodes = (): KubeObject[] => planNodes({ name: 'c', zones: ['a', 'b'], capacity: { cpu: '32', memory: '64Gi', pods: '20' } });

describe('scheduler', () => {
  const cases: { name: string; requests: Record<string, string>; replicas: number; scheduled: number }[] = [
    { name: 'fits entirely', requests: { cpu: '1' }, replicas: 10, scheduled: 10 },
    { name: 'cpu runs out: 16 cores per node, 5 per pod', requests: { cpu: '5' }, replicas: 8, scheduled: 6 },
    { name: 'pod slots run out', requests: {}, replicas: 25, scheduled: 20 },
    { name: 'a pod bigger than any node never fits, though the cluster has room', requests: { cpu: '20' }, replicas: 1, scheduled: 0 },
    { name: 'an extended resource no node has', requests: { 'nvidia.com/gpu': '1' }, replicas: 1, scheduled: 0 },
  ];
  it.each(cases)('$name', ({ requests, replicas, scheduled }) => {
    const s = createScheduler(twoNodes());
    expect(s.place('w', shape(requests), replicas)).toBe(scheduled);
    expect(s.pendingPods()).toBe(replicas - scheduled);
    expect(s.pending()).toEqual(replicas > scheduled ? ['w'] : []);
  });

  it('keeps running pods in place: an earlier workload scaling up evicts nobody, and gets room when it frees', () => {
    const s = createScheduler(twoNodes());
    expect(s.place('first', shape({ cpu: '8' }), 2)).toBe(2);
    expect(s.place('second', shape({ cpu: '8' }), 3)).toBe(2);
    expect(s.place('first', shape({ cpu: '8' }), 4)).toBe(2);
    expect(s.pending().sort()).toEqual(['first', 'second']);
    s.release('second');
    expect(s.place('first', shape({ cpu: '8' }), 4)).toBe(4);
    expect(s.pending()).toEqual([]);
  });

  it('scaling down frees capacity; a new pod template replaces every pod', () => {
    const s = createScheduler(twoNodes());
    s.place('w', shape({ cpu: '4' }), 8);
    expect(s.place('w', shape({ cpu: '4' }), 2)).toBe(2);
    expect(toResourceList(freeCapacity(twoNodes(), s.demands()))).toMatchObject({ cpu: '24', pods: '18' });
    expect(s.place('w', shape({ cpu: '16' }), 2)).toBe(2);
    expect(toResourceList(freeCapacity(twoNodes(), s.demands()))).toMatchObject({ cpu: '0', pods: '18' });
  });

  it('spreads pods over the nodes', () => {
    const s = createScheduler(twoNodes());
    s.place('w', shape({ cpu: '1' }), 4);
    expect(s.demands()).toEqual([{ requests: { cpu: 1000, pods: 1 }, replicas: 4 }]);
    // both nodes can still take a 14-core pod only if each holds exactly two of the four
    expect(s.place('big', shape({ cpu: '14' }), 2)).toBe(2);
  });

  it('honours nodeSelector and skips cordoned nodes', () => {
    const nodes = twoNodes();
    expect(createScheduler(nodes).place('w', shape({ cpu: '8' }, { 'topology.kubernetes.io/zone': 'b' }), 4)).toBe(2);
    const cordoned = nodes.map((n, i) => (i === 0 ? { ...n, spec: { unschedulable: true } } : n));
    expect(createScheduler(cordoned).place('w', shape({ cpu: '8' }), 4)).toBe(2);
    expect(createScheduler(cordoned).matchingNodes(shape({}))).toBe(1);
  });

  it('places a daemon pod on every matching node that has room for it', () => {
    const s = createScheduler(twoNodes());
    s.place('hog', shape({ cpu: '16' }), 1);
    expect(s.place('ds', shape({ cpu: '1' }), 2, true)).toBe(1);
    s.release('hog');
    expect(s.place('ds', shape({ cpu: '1' }), 2, true)).toBe(2);
  });
});
