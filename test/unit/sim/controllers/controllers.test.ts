import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JsonObject, KubeObject } from '../../../../src/model/kube.js';
import { clusterCapacity, startControllers, type ControllerSpec } from '../../../../src/sim/controllers/index.js';
import { createClusterState } from '../../../../src/sim/state/store.js';
import type { ClusterApi, ResourceType } from '../../../../src/sim/types.js';

const WRITE = { manager: 'test', dryRun: false } as const;
const stops: (() => void)[] = [];

// the controllers' delays (setTimeout, setImmediate) and status timestamps (Date) run on vitest's fake clock
beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.useRealTimers();
});

function start(spec: Partial<ControllerSpec> = {}): ClusterApi {
  const api = createClusterState({ name: 'c1' });
  stops.push(startControllers(api, { name: 'c1', statusDelayMs: 0, ...spec }), () => api.close?.());
  return api;
}

function rt(api: ClusterApi, group: string, plural: string): ResourceType {
  const found = api.resources().find((r) => r.group === group && r.plural === plural);
  if (!found) throw new Error(`${group}/${plural} is not served`);
  return found;
}

/** until steps the fake clock until `ok` holds or `ms` of fake time passed, and returns the last value read. */
async function until<T>(read: () => T, ok: (v: T) => boolean, ms = 2000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (ok(v) || Date.now() >= end) return v;
    await vi.advanceTimersByTimeAsync(5);
  }
}

function workload(kind: string, name: string, replicas: number, cpu = '1'): KubeObject {
  const labels = { app: name };
  const template = { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu, memory: '1Gi' } } }] } };
  const spec: JsonObject = { selector: { matchLabels: labels }, template };
  if (kind !== 'DaemonSet') spec.replicas = replicas;
  if (kind === 'StatefulSet') spec.serviceName = name;
  return { apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'default' }, spec };
}

type Status = Record<string, unknown> & { conditions?: { type: string; status: string }[] };
const statusOf = (api: ClusterApi, r: ResourceType, name: string): Status => (api.get(r, 'default', name).status ?? {}) as Status;

describe('workload status', () => {
  const cases = [
    { kind: 'Deployment', plural: 'deployments', want: { replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, observedGeneration: 1 } },
    { kind: 'StatefulSet', plural: 'statefulsets', want: { replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3, observedGeneration: 1 } },
    { kind: 'ReplicaSet', plural: 'replicasets', want: { replicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 } },
  ];
  it.each(cases)('$kind gets its status after the delay', async ({ kind, plural, want }) => {
    const api = start({ statusDelayMs: 40 });
    const r = rt(api, 'apps', plural);
    const t0 = Date.now();
    api.create(r, 'default', workload(kind, 'web', 3), WRITE);
    expect(statusOf(api, r, 'web').readyReplicas).toBeUndefined();
    await vi.advanceTimersByTimeAsync(39);
    expect(statusOf(api, r, 'web').readyReplicas).toBeUndefined();
    const s = await until(() => statusOf(api, r, 'web'), (x) => x.readyReplicas === 3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    expect(s).toMatchObject(want);
  });

  it('a Deployment is Available and Progressing, and its status is written by kube-controller-manager', async () => {
    const api = start();
    const r = rt(api, 'apps', 'deployments');
    api.create(r, 'default', workload('Deployment', 'web', 2), WRITE);
    const s = await until(() => statusOf(api, r, 'web'), (x) => x.availableReplicas === 2);
    expect(s.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['Available=True', 'Progressing=True']);
    const managers = (api.get(r, 'default', 'web').metadata.managedFields as { manager: string; subresource?: string }[] | undefined) ?? [];
    expect(managers).toContainEqual(expect.objectContaining({ manager: 'kube-controller-manager', subresource: 'status' }));
  });

  it('observedGeneration follows generation after a spec change', async () => {
    const api = start();
    const r = rt(api, 'apps', 'deployments');
    api.create(r, 'default', workload('Deployment', 'web', 2), WRITE);
    await until(() => statusOf(api, r, 'web'), (x) => x.observedGeneration === 1 && x.readyReplicas === 2);
    api.replace(r, 'default', 'web', { ...api.get(r, 'default', 'web'), spec: workload('Deployment', 'web', 5).spec }, WRITE);
    const obj = api.get(r, 'default', 'web');
    expect(obj.metadata.generation).toBe(2);
    const s = await until(() => statusOf(api, r, 'web'), (x) => x.observedGeneration === 2);
    expect(s).toMatchObject({ observedGeneration: 2, replicas: 5, readyReplicas: 5 });
  });

  it('settles: no status write when nothing changed', async () => {
    const api = start();
    const r = rt(api, 'apps', 'deployments');
    api.create(r, 'default', workload('Deployment', 'web', 1), WRITE);
    await until(() => statusOf(api, r, 'web'), (x) => x.readyReplicas === 1);
    await vi.advanceTimersByTimeAsync(30);
    const rv = api.get(r, 'default', 'web').metadata.resourceVersion;
    await vi.advanceTimersByTimeAsync(30);
    expect(api.get(r, 'default', 'web').metadata.resourceVersion).toBe(rv);
  });

  it('a DaemonSet wants one pod per node', async () => {
    const api = start({ capacity: { cpu: '48', memory: '96Gi', pods: '30' } });
    const r = rt(api, 'apps', 'daemonsets');
    api.create(r, 'default', workload('DaemonSet', 'agent', 0, '100m'), WRITE);
    const s = await until(() => statusOf(api, r, 'agent'), (x) => x.numberReady === 3);
    expect(s).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
  });

  it('a Job succeeds after the delay', async () => {
    const api = start();
    const r = rt(api, 'batch', 'jobs');
    const job = { ...workload('Job', 'once', 1), apiVersion: 'batch/v1', spec: { completions: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } };
    api.create(r, 'default', job, WRITE);
    const s = await until(() => statusOf(api, r, 'once'), (x) => x.succeeded === 2);
    expect(s.conditions?.map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
  });
});

describe('capacity', () => {
  it('creates Nodes that match the declared capacity', () => {
    const api = start({ capacity: { cpu: '32', memory: '128Gi', pods: '110' }, region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] });
    const nodes = api.list(rt(api, '', 'nodes'), undefined, {}).items;
    expect(nodes.map((n) => n.metadata.name)).toEqual(['c1-node-1', 'c1-node-2']);
    expect(nodes.map((n) => (n.status as { allocatable: unknown }).allocatable)).toEqual([
      { cpu: '16', memory: '64Gi', pods: '55' }, { cpu: '16', memory: '64Gi', pods: '55' },
    ]);
    expect(nodes[1]?.metadata.labels?.['topology.kubernetes.io/zone']).toBe('us-east-1b');
    expect(clusterCapacity(api)).toEqual({ allocatable: { cpu: '32', memory: '128Gi', pods: '110' }, requested: {}, free: { cpu: '32', memory: '128Gi', pods: '110' }, pendingPods: 0 });
  });

  it('replicas beyond the free capacity stay unready until capacity frees up', async () => {
    const api = start({ capacity: { cpu: '8', memory: '32Gi', pods: '110' } });
    const r = rt(api, 'apps', 'deployments');
    api.create(r, 'default', workload('Deployment', 'big', 3, '2'), WRITE);
    await until(() => statusOf(api, r, 'big'), (x) => x.readyReplicas === 3);
    api.create(r, 'default', workload('Deployment', 'late', 4, '1'), WRITE);
    const late = await until(() => statusOf(api, r, 'late'), (x) => x.replicas === 4);
    expect(late).toMatchObject({ replicas: 4, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 });
    expect(late.conditions?.find((c) => c.type === 'Available')?.status).toBe('False');
    expect(clusterCapacity(api)).toMatchObject({ free: { cpu: '0', memory: '27Gi', pods: '105' }, pendingPods: 2 });
    api.delete(r, 'default', 'big', { dryRun: false });
    const after = await until(() => statusOf(api, r, 'late'), (x) => x.readyReplicas === 4);
    expect(after).toMatchObject({ readyReplicas: 4, availableReplicas: 4 });
    expect(clusterCapacity(api)).toMatchObject({ free: { cpu: '4', memory: '28Gi', pods: '106' }, pendingPods: 0 });
  });

  it('deleting a namespace frees the capacity of its workloads', async () => {
    const api = start({ capacity: { cpu: '4', memory: '8Gi', pods: '10' } });
    api.create(rt(api, '', 'namespaces'), undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, WRITE);
    api.create(rt(api, 'apps', 'deployments'), 'shop', { ...workload('Deployment', 'web', 2), metadata: { name: 'web', namespace: 'shop' } }, WRITE);
    await until(() => clusterCapacity(api)?.free.cpu, (cpu) => cpu === '2');
    api.delete(rt(api, '', 'namespaces'), undefined, 'shop', { dryRun: false });
    let idle = false;
    void api.idle?.().then(() => (idle = true));
    expect(await until(() => idle, (x) => x)).toBe(true);
    expect(await until(() => clusterCapacity(api)?.free, (f) => f?.cpu === '4')).toEqual({ cpu: '4', memory: '8Gi', pods: '10' });
  });

  it('stop clears every timer: a workload created after stop gets no status', async () => {
    const api = createClusterState({ name: 'c2' });
    const stop = startControllers(api, { name: 'c2', statusDelayMs: 20 });
    const r = rt(api, 'apps', 'deployments');
    api.create(r, 'default', workload('Deployment', 'web', 1), WRITE);
    stop();
    api.create(r, 'default', workload('Deployment', 'web2', 1), WRITE);
    await vi.advanceTimersByTimeAsync(60);
    expect(statusOf(api, r, 'web').readyReplicas).toBeUndefined();
    expect(statusOf(api, r, 'web2').readyReplicas).toBeUndefined();
    expect(clusterCapacity(api)).toBeUndefined();
    api.close?.();
  });
});

describe('the declared allocation is held by running system pods', () => {
  it('splits allocated cpu, memory and pods exactly over pods spread round-robin on the nodes', async () => {
    const { planSystemPods } = await import('../../../../src/sim/controllers/system-pods.js');
    const { planNodes } = await import('../../../../src/sim/controllers/nodes.js');
    const spec = { name: 'c', capacity: { cpu: '32', memory: '128Gi', pods: '110' }, allocated: { cpu: '12', memory: '40Gi', pods: '30' } };
    const pods = planSystemPods(spec, planNodes(spec));
    expect(pods).toHaveLength(30);
    expect(new Set(pods.map((p) => (p.spec as { nodeName: string }).nodeName))).toEqual(new Set(['c-node-1', 'c-node-2']));
    const requests = pods.map((p) => (p.spec as { containers: { resources: { requests: Record<string, string> } }[] }).containers[0]!.resources.requests);
    expect(requests[0]).toEqual({ cpu: '400m', memory: expect.any(String) });
  });

  it('a cluster that declares no allocation gets no system pods', async () => {
    const { planSystemPods } = await import('../../../../src/sim/controllers/system-pods.js');
    expect(planSystemPods({ name: 'c' }, [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }])).toEqual([]);
  });
});

describe('workloads run Pods, as the kubelet reports them', () => {
  const pods = (api: ClusterApi) => api.list(rt(api, '', 'pods'), 'default', {}).items
    .filter((p) => p.metadata.labels?.app === 'web')
    .map((p) => ({ node: (p.spec as { nodeName?: string }).nodeName, phase: (p.status as { phase?: string }).phase, owner: (p.metadata.ownerReferences as { name: string }[] | undefined)?.[0]?.name }));
  const summary = async (api: ClusterApi) => {
    const { summarize } = await import('../../../../src/apply/capacity.js');
    return summarize(api.list(rt(api, '', 'nodes'), undefined, {}).items, api.list(rt(api, '', 'pods'), undefined, {}).items);
  };

  it('one Running pod per scheduled replica, bound to a node, owned by its workload; a scale-down and a delete take them away', async () => {
    const api = start({ capacity: { cpu: '8', memory: '32Gi', pods: '110' } });
    const r = rt(api, 'apps', 'deployments');
    api.create(r, 'default', workload('Deployment', 'web', 3, '2'), WRITE);
    const three = await until(() => pods(api), (p) => p.length === 3);
    expect(three.every((p) => p.phase === 'Running' && p.owner === 'web' && typeof p.node === 'string')).toBe(true);
    // the live capacity a member reports shrinks by the pods' requests
    expect((await summary(api)).allocated).toMatchObject({ cpu: '6', memory: String(3 * 2 ** 30), pods: '3' });
    api.patch(r, 'default', 'web', 'application/merge-patch+json', JSON.stringify({ spec: { replicas: 1 } }), WRITE);
    expect(await until(() => pods(api).length, (n) => n === 1)).toBe(1);
    api.delete(r, 'default', 'web', { dryRun: false });
    expect(await until(() => pods(api).length, (n) => n === 0)).toBe(0);
  });

  it('pods that do not fit are not run, and the capacity they would hold stays free', async () => {
    const api = start({ capacity: { cpu: '4', memory: '32Gi', pods: '110' } });
    api.create(rt(api, 'apps', 'deployments'), 'default', workload('Deployment', 'web', 3, '2'), WRITE);
    expect((await until(() => pods(api), (p) => p.length === 2)).length).toBe(2);
    expect(clusterCapacity(api)).toMatchObject({ free: { cpu: '0' }, pendingPods: 1 });
  });

  it('a new pod template replaces the pods, as a rollout does', async () => {
    const api = start();
    const r = rt(api, 'apps', 'deployments');
    api.create(r, 'default', workload('Deployment', 'web', 2, '1'), WRITE);
    await until(() => pods(api).length, (n) => n === 2);
    const names = () => api.list(rt(api, '', 'pods'), 'default', {}).items.map((p) => p.metadata.name).sort();
    const before = names();
    api.patch(r, 'default', 'web', 'application/merge-patch+json', JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:2', resources: { requests: { cpu: '1' } } }] } } } }), WRITE);
    const after = await until(names, (n) => n.length === 2 && n.every((x) => !before.includes(x)));
    expect(after.every((x) => !before.includes(x))).toBe(true);
  });
});
