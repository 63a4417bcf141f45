import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import {
  daemonSetStatus, deploymentStatus, jobStatus, maxUnavailable, replicaSetStatus, statefulSetStatus, templateHash,
} from '../../../../src/sim/controllers/workload-status.js';

const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-01T00:05:00Z';

function workload(kind: string, spec: Record<string, unknown> = {}, generation = 3): KubeObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'web', namespace: 'default', generation }, spec: { template: { spec: { containers: [] } }, ...spec } };
}

type Cond = { type: string; status: string; reason: string; lastTransitionTime: string; lastUpdateTime?: string };
const conditions = (s: unknown): Cond[] => (s as { conditions: Cond[] }).conditions;

describe('deploymentStatus', () => {
  const cases: { name: string; desired: number; ready: number; spec?: Record<string, unknown>; counters: Record<string, number>; available: string; progressing: string }[] = [
    { name: 'all ready', desired: 3, ready: 3, counters: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 }, available: 'True', progressing: 'NewReplicaSetAvailable' },
    { name: 'one of four pending: 25% may be unavailable', desired: 4, ready: 3, counters: { replicas: 4, updatedReplicas: 4, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 }, available: 'True', progressing: 'ReplicaSetUpdated' },
    { name: 'half pending', desired: 4, ready: 2, counters: { replicas: 4, updatedReplicas: 4, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 2 }, available: 'False', progressing: 'ReplicaSetUpdated' },
    { name: 'nothing fits (zero counters are omitted)', desired: 2, ready: 0, counters: { replicas: 2, updatedReplicas: 2, unavailableReplicas: 2 }, available: 'False', progressing: 'ReplicaSetUpdated' },
    { name: 'scaled to zero', desired: 0, ready: 0, counters: {}, available: 'True', progressing: 'NewReplicaSetAvailable' },
    { name: 'Recreate tolerates no unavailable pod', desired: 4, ready: 3, spec: { strategy: { type: 'Recreate' } }, counters: { replicas: 4, updatedReplicas: 4, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 }, available: 'False', progressing: 'ReplicaSetUpdated' },
  ];
  it.each(cases)('$name', ({ desired, ready, spec, counters, available, progressing }) => {
    const s = deploymentStatus(workload('Deployment', spec), { desired, ready }, undefined, NOW);
    const { conditions: conds, ...rest } = s;
    expect(rest).toEqual({ observedGeneration: 3, ...counters });
    expect(conditions({ conditions: conds }).map((c) => [c.type, c.status])).toEqual([['Available', available], ['Progressing', 'True']]);
    expect(conditions(s)[1]?.reason).toBe(progressing);
  });

  it('keeps the transition time while a condition holds, and moves it when it flips', () => {
    const d = workload('Deployment');
    const first = deploymentStatus(d, { desired: 2, ready: 2 }, undefined, NOW);
    const same = deploymentStatus(d, { desired: 2, ready: 2 }, first, LATER);
    expect(same).toEqual(first);
    const flipped = deploymentStatus(d, { desired: 2, ready: 0 }, first, LATER);
    expect(conditions(flipped)[0]).toMatchObject({ status: 'False', lastTransitionTime: LATER });
    // Progressing stays True: its transition time holds, its update time moves with the new reason
    expect(conditions(flipped)[1]).toMatchObject({ lastTransitionTime: NOW, lastUpdateTime: LATER, reason: 'ReplicaSetUpdated' });
  });

  it('names the ReplicaSet after the pod template hash', () => {
    const d = workload('Deployment');
    const hash = templateHash((d.spec as { template: never }).template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(JSON.stringify(deploymentStatus(d, { desired: 1, ready: 1 }, undefined, NOW))).toContain(`ReplicaSet \\"web-${hash}\\" has successfully progressed.`);
  });

  // pod names carry the hash, so it must not change between versions: one FNV-1a step per code point, with its first UTF-16 unit
  it.each([
    ['ascii', { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } }],
    ['accents and CJK', { metadata: { labels: { team: 'café-東京' } } }],
    ['astral code points', { metadata: { annotations: { note: 'ship it 🚀𝄞' } } }],
    ['a lone surrogate', { metadata: { annotations: { note: 'a\ud800b\udc00c' } } }],
    ['nothing', undefined],
  ])('hashes %s as it always did', (_, template) => {
    let h = 0x811c9dc5;
    for (const ch of JSON.stringify(template ?? {})) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    const want = [...String(h)].map((c) => 'bcdfghjklmnpqrstvwxz2456789'[c.charCodeAt(0) % 27]).join('');
    expect(templateHash(template as never)).toBe(want);
  });
});

describe('maxUnavailable', () => {
  it.each([
    [{}, 10, 2], [{}, 3, 0], [{ strategy: { rollingUpdate: { maxUnavailable: 1 } } }, 3, 1],
    [{ strategy: { rollingUpdate: { maxUnavailable: '50%' } } }, 5, 2], [{ strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }, 3, 1],
    [{ strategy: { type: 'Recreate' } }, 5, 0], [{}, 0, 0],
  ])('%j with %d replicas: %d', (spec, replicas, want) => {
    expect(maxUnavailable(workload('Deployment', spec), replicas)).toBe(want);
  });
});

describe('the other workload kinds', () => {
  it.each([
    { name: 'ReplicaSet', status: replicaSetStatus(workload('ReplicaSet'), { desired: 3, ready: 1 }), want: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 1, availableReplicas: 1, observedGeneration: 3 } },
    { name: 'ReplicaSet with nothing ready keeps replicas', status: replicaSetStatus(workload('ReplicaSet'), { desired: 2, ready: 0 }), want: { replicas: 2, fullyLabeledReplicas: 2, observedGeneration: 3 } },
    { name: 'DaemonSet', status: daemonSetStatus(workload('DaemonSet'), { desired: 4, ready: 3 }), want: { currentNumberScheduled: 4, numberMisscheduled: 0, desiredNumberScheduled: 4, numberReady: 3, observedGeneration: 3, updatedNumberScheduled: 4, numberAvailable: 3, numberUnavailable: 1 } },
  ])('$name', ({ status, want }) => {
    expect(status).toEqual(want);
  });

  it.each([
    { policy: undefined, desired: 3, ready: 1, replicas: 2 },
    { policy: 'Parallel', desired: 3, ready: 1, replicas: 3 },
    { policy: undefined, desired: 3, ready: 3, replicas: 3 },
  ])('StatefulSet $policy: $ready of $desired ready -> $replicas pods created', ({ policy, desired, ready, replicas }) => {
    const s = statefulSetStatus(workload('StatefulSet', policy ? { podManagementPolicy: policy } : {}), { desired, ready });
    expect(s).toMatchObject({ observedGeneration: 3, replicas, readyReplicas: ready, availableReplicas: ready, currentReplicas: replicas, updatedReplicas: replicas });
    expect(s.currentRevision).toBe(s.updateRevision);
  });

  it('a Job completes when its pods fit, and stays active when they do not', () => {
    const job = { ...workload('Job', { completions: 2, parallelism: 2 }), apiVersion: 'batch/v1' };
    expect(jobStatus(job, { desired: 2, ready: 1 }, undefined, NOW)).toEqual({ startTime: NOW, active: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    const done = jobStatus(job, { desired: 2, ready: 2 }, { startTime: NOW }, LATER);
    expect(done).toMatchObject({ startTime: NOW, completionTime: LATER, succeeded: 2 });
    expect(conditions(done).map((c) => `${c.type}=${c.status}`)).toEqual(['SuccessCriteriaMet=True', 'Complete=True']);
  });
});
