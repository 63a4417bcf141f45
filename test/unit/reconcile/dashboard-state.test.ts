import { describe, expect, it } from 'vitest';
import type { ClusterChangeSet } from '../../../src/model/change-set.js';
import { GitfedError } from '../../../src/model/errors.js';
import type { FieldDrift } from '../../../src/model/drift.js';
import type { KubeObject } from '../../../src/model/kube.js';
import type { Plan } from '../../../src/model/plan.js';
import { createDashboardState } from '../../../src/reconcile/dashboard-state.js';
import type { DashboardEvent, DashboardQuery } from '../../../src/reconcile/dashboard-types.js';
import { makeCluster } from '../../helpers/builders.js';

const WEB = 'apps/v1/Deployment/shop/web';
const SECRET = 'v1/Secret/shop/db';
const ALL: DashboardQuery = { rowOffset: 0, rowLimit: 50, clusterOffset: 0, clusterLimit: 50 };
const T0 = Date.parse('2026-12-04T10:00:00Z');

const plan: Plan = {
  revision: 'c1',
  clusters: {},
  diagnostics: [],
  bindings: [
    { resource: WEB, policy: 'PropagationPolicy/shop/web', clusters: [{ name: 'm1', replicas: 2 }, { name: 'm2', replicas: 1 }] },
    { resource: SECRET, policy: 'PropagationPolicy/shop/web', clusters: [{ name: 'm1' }] },
  ],
};

function pass(cluster: string, over: Partial<ClusterChangeSet> = {}): ClusterChangeSet {
  const keys = cluster === 'm1' ? [WEB, SECRET] : [WEB];
  return { cluster, revision: 'c1', dryRun: false, entries: keys.map((key) => ({ key, subject: key, action: 'unchanged' })), ...over };
}

const drifted = (key: string, mode: 'correct' | 'report', fields: FieldDrift[] = [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }]) =>
  ({ cluster: 'm1', objects: [{ key, subject: key, type: 'modified' as const, fields, mode }] });

function started(live: Record<string, KubeObject> = {}) {
  const state = createDashboardState({ now: () => T0, peek: (cluster, key) => live[`${cluster}|${key}`] });
  const events: DashboardEvent[] = [];
  state.subscribe((e) => events.push(e));
  state.hooks.onPlanned?.({ revision: 'c1', plan, clusters: [makeCluster('m1'), makeCluster('m2', { taints: [{ key: 'gpu', effect: 'NoSchedule' }] })] });
  return { state, events };
}

const cell = (state: ReturnType<typeof started>['state'], key: string, cluster: string) => state.page(ALL).rows.items.find((r) => r.key === key)?.cells[cluster];

describe('dashboard read model', () => {
  it('the matrix has a cell exactly where the plan places a template', () => {
    const { state } = started();
    const page = state.page(ALL);
    expect(page.rows.items.map((r) => [r.key, Object.keys(r.cells)])).toEqual([[WEB, ['m1', 'm2']], [SECRET, ['m1']]]);
    expect(page.rows.items[0]?.cells.m1).toMatchObject({ sync: 'pending', revision: null, replicas: 2, health: 'Unknown', drift: false });
    expect(page.clusters.items.map((c) => [c.name, c.state, c.taints.map((t) => t.key)])).toEqual([['m1', 'pending', []], ['m2', 'pending', ['gpu']]]);
  });

  it.each([
    ['applied at the current commit: synced', pass('m1'), 'synced', false],
    ['drift corrected: synced, and the cell shows the drift', pass('m1', { drift: drifted(WEB, 'correct') }), 'synced', true],
    ['drift left in report mode: drifted', pass('m1', { drift: drifted(WEB, 'report') }), 'drifted', true],
    ['the apply failed: failed', pass('m1', { entries: [{ key: WEB, subject: WEB, action: 'failed', reason: 'x' }] }), 'failed', false],
    ['held back: held', pass('m1', { entries: [{ key: WEB, subject: WEB, action: 'held' }] }), 'held', false],
    ['the member was unreachable: unreachable', pass('m1', { entries: [], error: new GitfedError('ClusterUnreachable', 'm1', 'refused') }), 'unreachable', false],
    ['the member is tainted NoExecute: held', pass('m1', { entries: [], error: new GitfedError('ClusterEvicted', 'm1', 'tainted') }), 'held', false],
  ])('%s', (_rule, result, sync, drift) => {
    const { state } = started();
    state.hooks.onClusterDone?.({ cluster: 'm1', revision: 'c1', trigger: 'start', seconds: 0, result });
    expect(cell(state, WEB, 'm1')).toMatchObject({ sync, drift });
  });

  it('with several replicas each member names the replica that owns it; a single process names none', () => {
    const owners: Record<string, string> = { m1: 'gitfed-a-1' };
    const state = createDashboardState({ ownerOf: (c) => owners[c] });
    state.hooks.onPlanned?.({ revision: 'c1', plan, clusters: [makeCluster('m1'), makeCluster('m2')] });
    expect(state.page(ALL).clusters.items.map((c) => [c.name, c.owner])).toEqual([['m1', 'gitfed-a-1'], ['m2', undefined]]);
    expect(started().state.page(ALL).clusters.items.every((c) => !('owner' in c))).toBe(true);
  });

  it('drift stays until a later pass handles the object again without finding any', () => {
    const { state, events } = started();
    const done = (result: ClusterChangeSet) => state.hooks.onClusterDone?.({ cluster: 'm1', revision: 'c1', trigger: 'drift', seconds: 0, result });
    done(pass('m1', { drift: drifted(WEB, 'correct') }));
    expect(events.at(-1)).toMatchObject({ type: 'drift', cluster: 'm1' });
    done(pass('m1', { entries: [{ key: SECRET, subject: SECRET, action: 'unchanged' }] }));
    expect(cell(state, WEB, 'm1')?.drift).toBe(true);
    done(pass('m1'));
    expect(cell(state, WEB, 'm1')?.drift).toBe(false);
    expect(state.page(ALL).totals.driftedObjects).toBe(0);
  });

  it('no Secret value reaches the drill-down', () => {
    const { state } = started();
    const fields = [{ path: 'data', desired: { password: 'aHVudGVyMg==' }, live: { password: 'c2VjcmV0' }, manager: 'kubectl-edit' }, { path: 'stringData.token', live: 'plain' }];
    state.hooks.onClusterDone?.({ cluster: 'm1', revision: 'c1', trigger: 'drift', seconds: 0, result: pass('m1', { drift: drifted(SECRET, 'correct', fields) }) });
    const detail = JSON.stringify(state.object(SECRET));
    expect(detail).not.toMatch(/aHVudGVyMg|c2VjcmV0|plain/);
    expect(state.object(SECRET)?.cells[0]?.fields).toEqual([{ path: 'data', desired: { password: '***' }, live: { password: '***' }, manager: 'kubectl-edit' }, { path: 'stringData.token', live: '***' }]);
  });

  it('the drill-down carries the placement trace when one is recorded, null otherwise', () => {
    expect(started().state.object(WEB)?.trace).toBeNull();
    const state = createDashboardState({ trace: (key) => (key === WEB ? { member: 'm3', rejectedBy: 'taint' } : undefined) });
    state.hooks.onPlanned?.({ revision: 'c1', plan, clusters: [makeCluster('m1'), makeCluster('m2')] });
    expect(state.object(WEB)?.trace).toEqual({ member: 'm3', rejectedBy: 'taint' });
    expect(state.object('v1/ConfigMap/shop/none')).toBeUndefined();
  });

  it('a probe changing Ready is one health event; probes saying the same are none', () => {
    const { state, events } = started();
    const condition = (status: 'True' | 'Unknown') => ({ type: 'Ready' as const, status, reason: status === 'True' ? 'ClusterReady' as const : 'ClusterNotReachable' as const, message: '', lastProbeTime: 't', lastTransitionTime: 't' });
    state.hooks.onHealth?.('m2', condition('True'));
    state.hooks.onHealth?.('m2', condition('True'));
    state.hooks.onHealth?.('m2', condition('Unknown'));
    expect(events.filter((e) => e.type === 'health')).toHaveLength(2);
    expect(state.page({ ...ALL, only: 'not-ready' }).clusters.items.map((c) => [c.name, c.ready])).toEqual([['m1', 'Unknown'], ['m2', 'Unknown']]);
    expect(state.page(ALL).totals.notReady).toBe(2);
  });

  it('the live copy gives the cell its health and ready replicas', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', generation: 1 }, spec: { replicas: 2 }, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Available', status: 'True' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] } };
    const { state } = started({ [`m1|${WEB}`]: deployment as KubeObject });
    expect(cell(state, WEB, 'm1')).toMatchObject({ health: 'Current', ready: 2, replicas: 2 });
  });

  it.each([
    ['a commit that does not render says so with its diagnostics', 'render-failed'],
    ['a repository that cannot be read says so with the error', 'read-failed'],
  ])('%s', (_rule, outcome) => {
    const { state, events } = started();
    if (outcome === 'render-failed') state.hooks.onCycleFinished?.({ revision: 'c1', outcome: 'render-failed', diagnostics: [{ severity: 'error', message: 'bad policy', file: 'p.yaml', line: 3 }], clusters: [] }, 0);
    else state.hooks.onCycleFailed?.(new GitfedError('RepoUnreachable', 'repo', 'connection refused'), 0);
    const page = state.page(ALL);
    expect(page.outcome).toBe(outcome);
    expect(page.diagnostics.join()).toMatch(outcome === 'render-failed' ? /bad policy/ : /connection refused/);
    expect(events.at(-1)?.type).toBe('commit');
    // what was applied before stays on the page
    expect(page.rows.items).toHaveLength(2);
  });

  it('pages are windows of the members and the resources, with totals over the fleet', () => {
    const { state } = started();
    const page = state.page({ rowOffset: 1, rowLimit: 1, clusterOffset: 1, clusterLimit: 1 });
    expect(page.rows).toMatchObject({ offset: 1, total: 2, items: [{ key: SECRET, cells: {} }] });
    expect(page.clusters.items.map((c) => c.name)).toEqual(['m2']);
    expect(page.commits[0]?.clusters).toEqual({ m2: 'pending' });
    expect(page.commits[0]?.counts).toEqual({ pending: 2 });
  });
});
