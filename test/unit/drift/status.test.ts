import { describe, expect, it } from 'vitest';
import type { ChangeAction, ClusterChangeSet } from '../../../src/model/change-set.js';
import { composeStatuses, pendingStatuses, statusReport, truncate } from '../../../src/drift/status.js';
import type { CommitStatus, ObjectDrift } from '../../../src/model/drift.js';
import type { ReconcileResult } from '../../../src/model/reconcile-result.js';
import { GitfedError } from '../../../src/model/errors.js';

type ChangeSet = ClusterChangeSet;

function changeSet(cluster: string, actions: Partial<Record<ChangeAction, number>> = {}, over: Partial<ChangeSet> = {}): ChangeSet {
  const entries = Object.entries(actions).flatMap(([action, n]) => Array.from({ length: n }, (_, i) => ({
    key: `v1/ConfigMap/default/${action}-${i}`, subject: `ConfigMap/default/${action}-${i}`, action: action as ChangeAction,
  })));
  return { cluster, revision: 'abc', dryRun: false, entries, ...over };
}

const applied = (...clusters: ChangeSet[]): ReconcileResult => ({ revision: 'abc', outcome: 'applied', diagnostics: [], clusters });

const replicas: ObjectDrift = {
  key: 'apps/v1/Deployment/default/nginx', subject: 'Deployment/default/nginx', type: 'modified', mode: 'correct',
  fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }],
};
const image: ObjectDrift = {
  key: 'apps/v1/Deployment/shop/web', subject: 'Deployment/shop/web', type: 'modified', mode: 'report',
  fields: [{ path: 'spec.template.spec.containers[name="web"].image', desired: 'web:1', live: 'web:2', manager: 'kubectl-set' }],
};
const drifted = (cluster: string, ...objects: ObjectDrift[]): Partial<ChangeSet> => ({ drift: { cluster, objects } });
const unreachable = (message: string) => new GitfedError('ClusterUnreachable', '', message);
const byContext = (statuses: CommitStatus[]) => Object.fromEntries(statuses.map((s) => [s.context, s]));

describe('composeStatuses: one cluster', () => {
  it.each<[string, ChangeSet, CommitStatus['state'], string]>([
    ['applied without drift', changeSet('m1', { created: 3, configured: 1, unchanged: 12 }), 'success', 'applied: 3 created, 1 configured, 12 unchanged'],
    ['pruned objects are counted', changeSet('m1', { unchanged: 2, pruned: 1 }), 'success', 'applied: 0 created, 0 configured, 2 unchanged, 1 pruned'],
    ['a dry run says so', changeSet('m1', { created: 1 }, { dryRun: true }), 'success', 'dry run: 1 created, 0 configured, 0 unchanged'],
    ['unreachable', changeSet('m1', {}, { error: unreachable('connect ECONNREFUSED 127.0.0.1:6443') }), 'error', 'error: connect ECONNREFUSED 127.0.0.1:6443'],
    ['drift could not be checked', changeSet('m1', { unchanged: 1 }, { drift: { cluster: 'm1', objects: [], error: unreachable('list timed out') } }), 'error', 'error: drift check failed: list timed out'],
    ['answered but refused (the inventory is forbidden)', changeSet('m1', {}, { error: new GitfedError('ClusterApiError', '', 'get failed (403 Forbidden)') }), 'failure', 'failed: get failed (403 Forbidden)'],
    ['drift check refused by the cluster', changeSet('m1', { unchanged: 1 }, { drift: { cluster: 'm1', objects: [], error: new GitfedError('ClusterApiError', '', 'list failed (500)') } }), 'failure', 'failed: drift check failed: list failed (500)'],
    ['a failed object', changeSet('m1', { unchanged: 1 }, { entries: [{ key: 'apps/v1/Deployment/shop/web', subject: 'Deployment/shop/web', action: 'failed', reason: 'field is immutable' }] }),
      'failure', '1 failed: Deployment/shop/web: field is immutable'],
    ['drift in correct mode', changeSet('m1', { unchanged: 1 }, drifted('m1', replicas)), 'failure', '1 drifted: Deployment/default/nginx spec.replicas 2->5 (kubectl-edit)'],
    ['drift in report mode', changeSet('m1', { unchanged: 1 }, drifted('m1', { ...replicas, mode: 'report' })), 'failure', '1 drifted: Deployment/default/nginx spec.replicas 2->5 (kubectl-edit)'],
    ['a missing object', changeSet('m1', {}, drifted('m1', { ...replicas, type: 'missing', fields: [] })), 'failure', '1 drifted: Deployment/default/nginx missing'],
    ['ignored drift is not drift', changeSet('m1', { unchanged: 1 }, drifted('m1', { ...replicas, mode: 'ignore' })), 'success', 'applied: 0 created, 0 configured, 1 unchanged'],
    ['an apply still pending (a drift check after a failed create) is neither drift nor in sync',
      changeSet('m1', {}, { drift: { cluster: 'm1', objects: [], pending: ['Secret/shop/api-key'] } }), 'pending', '1 not yet applied: Secret/shop/api-key'],
    ['drift wins over a pending apply', changeSet('m1', {}, { drift: { cluster: 'm1', objects: [replicas], pending: ['Secret/shop/api-key'] } }),
      'failure', '1 drifted: Deployment/default/nginx spec.replicas 2->5 (kubectl-edit)'],
    ['a held mass prune', changeSet('m1', { unchanged: 1, held: 7 }, { heldBack: { reason: 'mass-deletion guard', keys: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } }),
      'failure', '7 held back from pruning: mass-deletion guard'],
    ['healthy (every applied object Current) is success', changeSet('m1', { unchanged: 2 }, { unhealthy: [] }), 'success', 'applied: 0 created, 0 configured, 2 unchanged'],
    ['a rollout in progress is pending, never success', changeSet('m1', { configured: 1 }, { unhealthy: [{ subject: 'Deployment/default/nginx', status: 'InProgress', message: '2/3 ready' }] }),
      'pending', '1 rolling out: Deployment/default/nginx 2/3 ready'],
    ['a failed rollout is failure', changeSet('m1', { configured: 1 }, { unhealthy: [{ subject: 'Deployment/default/nginx', status: 'Failed', message: 'progress deadline exceeded' }] }),
      'failure', '1 unhealthy: Deployment/default/nginx progress deadline exceeded'],
    ['drift wins over a rollout in progress', changeSet('m1', {}, { ...drifted('m1', replicas), unhealthy: [{ subject: 'Deployment/default/nginx', status: 'InProgress', message: '2/3 ready' }] }),
      'failure', '1 drifted: Deployment/default/nginx spec.replicas 2->5 (kubectl-edit)'],
  ])('%s', (_what, cs, state, description) => {
    const status = byContext(composeStatuses(applied(cs)))['gitfed/m1'];
    expect(status?.state).toBe(state);
    expect(status?.description).toEqual(description);
  });

  it('names every drifted object, its fields, desired->live and the manager', () => {
    const [, cluster] = composeStatuses(applied(changeSet('m1', {}, drifted('m1', replicas, image))));
    expect(cluster?.description).toMatch(/^2 drifted: Deployment\/default\/nginx spec\.replicas 2->5 \(kubectl-edit\), Deployment\/shop\/web spec\.template/);
    expect(cluster?.description.length).toBeLessThanOrEqual(140);
  });

  it('an error wins over failed objects and drift; failed objects come before drift', () => {
    const failed = [{ key: 'k', subject: 'Deployment/shop/web', action: 'failed' as const, reason: 'boom' }];
    const error = composeStatuses(applied(changeSet('m1', {}, { error: unreachable('unreachable'), entries: failed, ...drifted('m1', replicas) })));
    expect(byContext(error)['gitfed/m1']?.state).toBe('error');
    const both = byContext(composeStatuses(applied(changeSet('m1', {}, { entries: failed, ...drifted('m1', replicas) }))))['gitfed/m1'];
    expect(both?.description).toBe('1 failed: Deployment/shop/web: boom; 1 drifted: Deployment/default/nginx spec.replicas 2->5 (kubectl-edit)');
  });

  it('never shows a Secret value, even one the detector forgot to mask', () => {
    const secret: ObjectDrift = {
      key: 'v1/Secret/default/db', subject: 'Secret/default/db', type: 'modified', mode: 'correct',
      fields: [{ path: 'data.password', desired: 'aHVudGVyMg==', live: 'c3dvcmRmaXNo', manager: 'kubectl-edit' }],
    };
    const status = byContext(composeStatuses(applied(changeSet('m1', {}, drifted('m1', secret)))))['gitfed/m1'];
    expect(status?.description).toBe('1 drifted: Secret/default/db data.password ***->*** (kubectl-edit)');
  });
});

describe('composeStatuses: the fleet', () => {
  it('sorts by context with the aggregate first and counts clusters in sync', () => {
    const statuses = composeStatuses(applied(
      changeSet('member3', { unchanged: 1 }, drifted('member3', replicas)),
      changeSet('member1', { unchanged: 1 }),
      changeSet('member2', { created: 1 }),
    ));
    expect(statuses.map((s) => s.context)).toEqual(['gitfed', 'gitfed/member1', 'gitfed/member2', 'gitfed/member3']);
    expect(statuses[0]).toEqual({ context: 'gitfed', state: 'failure', description: '2/3 clusters in sync; member3 drifted' });
  });

  it.each<[string, ChangeSet[], CommitStatus['state'], string]>([
    ['all in sync', [changeSet('a'), changeSet('b')], 'success', '2/2 clusters in sync'],
    ['an error wins over a failure', [changeSet('a', {}, drifted('a', replicas)), changeSet('b', {}, { error: unreachable('down') })], 'error', '0/2 clusters in sync; a drifted, b error'],
    ['a failed apply', [changeSet('a', { failed: 1 }), changeSet('b')], 'failure', '1/2 clusters in sync; a failed'],
    ['a held prune', [changeSet('a', {}, { heldBack: { reason: 'guard', keys: ['x'] } })], 'failure', '0/1 clusters in sync; a prune held'],
    ['a pending apply', [changeSet('a', {}, { drift: { cluster: 'a', objects: [], pending: ['Secret/shop/k'] } }), changeSet('b')], 'pending', '1/2 clusters in sync; a pending'],
    ['a failure wins over a pending apply', [changeSet('a', {}, { drift: { cluster: 'a', objects: [], pending: ['Secret/shop/k'] } }), changeSet('b', { failed: 1 })],
      'failure', '0/2 clusters in sync; a pending, b failed'],
    ['no clusters', [], 'success', 'no clusters'],
  ])('aggregate: %s', (_what, clusters, state, description) => {
    expect(byContext(composeStatuses(applied(...clusters))).gitfed).toEqual({ context: 'gitfed', state, description });
  });

  it('an overcommit warning of the render leaves the state as it is and names the clusters in the aggregate', () => {
    const warn = (cluster: string) => ({ severity: 'warning' as const, file: 'apps/web.yaml', line: 1, code: 'Overcommitted' as const, cluster, message: `8 replicas placed on ${cluster}` });
    const result: ReconcileResult = { ...applied(changeSet('a'), changeSet('b')), diagnostics: [warn('b'), warn('a'), warn('b'), { severity: 'warning', file: 'x.yaml', line: 1, message: 'other' }] };
    expect(byContext(composeStatuses(result)).gitfed).toEqual({ context: 'gitfed', state: 'success', description: '2/2 clusters in sync; overcommitted: a, b' });
  });

  it('a failed render fails every context with the first error as file:line: message', () => {
    const result: ReconcileResult = {
      revision: 'abc', outcome: 'render-failed', clusters: [],
      diagnostics: [
        { severity: 'warning', file: 'a.yaml', line: 1, message: 'deprecated' },
        { severity: 'error', file: 'apps/web.yaml', line: 7, message: 'unknown kind Deploymnet' },
        { severity: 'error', file: 'apps/db.yaml', line: 2, message: 'second' },
      ],
    };
    const statuses = composeStatuses(result, { clusters: ['m2', 'm1'] });
    expect(statuses.map((s) => s.context)).toEqual(['gitfed', 'gitfed/m1', 'gitfed/m2']);
    for (const s of statuses) expect(s).toEqual({ context: s.context, state: 'failure', description: 'render failed: apps/web.yaml:7: unknown kind Deploymnet' });
    expect(composeStatuses(result).map((s) => s.context)).toEqual(['gitfed']);
  });

  it('puts the target URL on every status', () => {
    const statuses = composeStatuses(applied(changeSet('a')), { targetUrl: 'https://gitfed.example/runs/1' });
    expect(statuses.every((s) => s.targetUrl === 'https://gitfed.example/runs/1')).toBe(true);
    expect(composeStatuses(applied(changeSet('a'))).some((s) => 'targetUrl' in s)).toBe(false);
  });
});

describe('descriptions stay within 140 characters', () => {
  const many = Array.from({ length: 12 }, (_, i): ObjectDrift => ({ ...replicas, key: `k${i}`, subject: `Deployment/default/nginx-${i}` }));

  it('cuts a long drift list at an object boundary and ends with …', () => {
    const status = byContext(composeStatuses(applied(changeSet('m1', {}, drifted('m1', ...many)))))['gitfed/m1'];
    const text = status?.description ?? '';
    expect(text.length).toBeLessThanOrEqual(140);
    expect(text).toMatch(/^12 drifted: Deployment\/default\/nginx-0 spec\.replicas 2->5 \(kubectl-edit\), .*\)…$/);
  });

  it('cuts long error messages, aggregate lists and values', () => {
    const names = Array.from({ length: 30 }, (_, i) => changeSet(`member-with-a-long-name-${i}`, {}, { error: unreachable('x') }));
    for (const s of composeStatuses(applied(...names, changeSet('m', {}, { error: unreachable('e'.repeat(500)) })))) {
      expect(s.description.length).toBeLessThanOrEqual(140);
    }
    const long: ObjectDrift = { ...replicas, fields: [{ path: 'data.script', desired: 'a'.repeat(100), live: 'b'.repeat(100) }] };
    const text = byContext(composeStatuses(applied(changeSet('m1', {}, drifted('m1', long)))))['gitfed/m1']?.description ?? '';
    expect(text).toBe(`1 drifted: Deployment/default/nginx data.script ${'a'.repeat(39)}…->${'b'.repeat(39)}…`);
  });

  it.each([
    ['short text is kept', 'fine', 'fine'],
    ['newlines become spaces', 'line one\n  line two', 'line one line two'],
    ['exactly the limit is kept', 'x'.repeat(140), 'x'.repeat(140)],
    ['one word too long is cut mid-word', 'y'.repeat(200), `${'y'.repeat(139)}…`],
  ])('truncate: %s', (_what, input, expected) => {
    expect(truncate(input)).toBe(expected);
  });

  it('never splits a surrogate pair', () => {
    const text = truncate(`${'a'.repeat(138)}😀😀`);
    expect(text).toBe(`${'a'.repeat(138)}…`);
  });
});

describe('pendingStatuses and statusReport', () => {
  it('says pending for every cluster and the aggregate', () => {
    expect(pendingStatuses(['b', 'a'])).toEqual([
      { context: 'gitfed', state: 'pending', description: 'applying to 2 clusters' },
      { context: 'gitfed/a', state: 'pending', description: 'applying' },
      { context: 'gitfed/b', state: 'pending', description: 'applying' },
    ]);
    expect(pendingStatuses(['a'], { targetUrl: 'https://x' })[0]).toEqual({ context: 'gitfed', state: 'pending', description: 'applying to 1 cluster', targetUrl: 'https://x' });
  });

  it('bundles statuses, drift and change counts for the reporters', () => {
    const report = statusReport('f'.repeat(40), applied(changeSet('a', { created: 1, unchanged: 2 }, drifted('a', replicas)), changeSet('b')));
    expect(report.sha).toBe('f'.repeat(40));
    expect(report.statuses).toHaveLength(3);
    expect(report.drift).toEqual([{ cluster: 'a', objects: [replicas] }]);
    expect(report.changes).toEqual({ a: { created: 1, unchanged: 2 }, b: {} });
  });
});
