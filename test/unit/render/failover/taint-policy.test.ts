import { describe, expect, it } from 'vitest';
import type { ClusterCondition, ReadyStatus } from '../../../../src/model/cluster-health.js';
import type { DerivedTaint } from '../../../../src/model/cluster-taints.js';
import type { ClusterTaintPolicy } from '../../../../src/model/cluster-taint-policy.js';
import { DEFAULT_REPO_CONFIG } from '../../../../src/model/repo-config.js';
import { applyPolicies, deriveClusterTaints } from '../../../../src/render/failover/derive-taints.js';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { makeCluster, snapshotOf } from '../../../helpers/builders.js';

// ClusterTaintPolicy evaluation, karmada-semantics §8a: add on addOnConditions, then remove on removeOnConditions.

const NOW = Date.parse('2026-12-04T10:05:00Z');
const EARLIER = '2026-12-04T09:00:00Z';
const ready = (status: ReadyStatus): ClusterCondition => ({ type: 'Ready', status, reason: 'ClusterReady', message: '', lastProbeTime: '2026-12-04T10:05:00Z', lastTransitionTime: '2026-12-04T10:00:00Z' });
const TAINT = { key: 'example.com/down', effect: 'NoExecute' as const };
const ctp = (over: Partial<ClusterTaintPolicy> = {}): ClusterTaintPolicy => ({
  name: 'down', addOnConditions: [{ conditionType: 'Ready', operator: 'NotIn', statusValues: ['True'] }],
  removeOnConditions: [{ conditionType: 'Ready', operator: 'In', statusValues: ['True'] }], taints: [TAINT], source: { file: 'ctp.yaml', line: 1 }, ...over,
});
const added = (timeAdded = '2026-12-04T10:05:00Z'): DerivedTaint => ({ ...TAINT, timeAdded });

describe('ClusterTaintPolicy rules', () => {
  it.each<[string, ClusterTaintPolicy[], ClusterCondition | undefined, DerivedTaint[], DerivedTaint[]]>([
    ['every addOnCondition holds: its taints are added, timeAdded now', [ctp()], ready('Unknown'), [], [added()]],
    ['an addOnCondition fails: nothing is added', [ctp({ addOnConditions: [{ conditionType: 'Ready', operator: 'In', statusValues: ['False'] }] })], ready('Unknown'), [], []],
    ['conditions are ANDed', [ctp({ addOnConditions: [{ conditionType: 'Ready', operator: 'NotIn', statusValues: ['True'] }, { conditionType: 'Ready', operator: 'In', statusValues: ['False'] }] })], ready('Unknown'), [], []],
    ['empty addOnConditions never adds', [ctp({ addOnConditions: [] })], ready('Unknown'), [], []],
    ['every removeOnCondition holds: its taints are removed', [ctp()], ready('True'), [added(EARLIER)], []],
    ['empty removeOnConditions never removes', [ctp({ removeOnConditions: [] })], ready('True'), [added(EARLIER)], [added(EARLIER)]],
    ['add is evaluated before remove: both holding leaves the taint removed', [ctp({ removeOnConditions: [{ conditionType: 'Ready', operator: 'In', statusValues: ['Unknown'] }] })], ready('Unknown'), [], []],
    ['a taint already there keeps its timeAdded', [ctp()], ready('Unknown'), [added(EARLIER)], [added(EARLIER)]],
    ['a cluster that stops matching targetClusters keeps its taints', [ctp({ targetClusters: { clusterNames: ['other'] } })], ready('True'), [added(EARLIER)], [added(EARLIER)]],
    ['a deleted policy\'s taints stay', [], ready('True'), [added(EARLIER)], [added(EARLIER)]],
    ['a condition type gitfed does not observe matches neither In nor NotIn', [ctp({ addOnConditions: [{ conditionType: 'NetworkAvailable', operator: 'NotIn', statusValues: ['True'] }] })], ready('Unknown'), [], []],
    ['not probed yet: nothing is evaluated, earlier taints stay', [ctp()], undefined, [added(EARLIER)], [added(EARLIER)]],
  ])('%s', (_rule, policies, condition, previous, expected) => {
    expect(applyPolicies(makeCluster('m1'), condition, policies, previous, NOW)).toEqual(expected);
  });
});

describe('which taint rules apply', () => {
  const derive = (policies: ClusterTaintPolicy[], status: ReadyStatus, config = DEFAULT_REPO_CONFIG) =>
    deriveClusterTaints([makeCluster('m1')], policies, config, { conditions: new Map([['m1', ready(status)]]), now: NOW }).get('m1')?.all.map((t) => `${t.key}:${t.effect}`);
  it.each<[string, ClusterTaintPolicy[], ReadyStatus, typeof DEFAULT_REPO_CONFIG, string[]]>([
    ['no ClusterTaintPolicy: the built-in policy adds NoExecute beside Karmada\'s NoSchedule', [], 'Unknown', DEFAULT_REPO_CONFIG,
      ['cluster.karmada.io/unreachable:NoSchedule', 'cluster.karmada.io/unreachable:NoExecute']],
    ['the built-in policy on Ready=False', [], 'False', DEFAULT_REPO_CONFIG, ['cluster.karmada.io/not-ready:NoSchedule', 'cluster.karmada.io/not-ready:NoExecute']],
    ['the built-in policy turned off: NoSchedule only', [], 'Unknown', { ...DEFAULT_REPO_CONFIG, failover: { ...DEFAULT_REPO_CONFIG.failover, defaultTaintPolicy: false } },
      ['cluster.karmada.io/unreachable:NoSchedule']],
    ['a repository ClusterTaintPolicy replaces the built-in one', [ctp()], 'Unknown', DEFAULT_REPO_CONFIG, ['cluster.karmada.io/unreachable:NoSchedule', 'example.com/down:NoExecute']],
    ['Ready=True: nothing', [], 'True', DEFAULT_REPO_CONFIG, []],
  ])('%s', (_rule, policies, status, config, expected) => {
    expect(derive(policies, status, config)).toEqual(expected);
  });
});

describe('reading ClusterTaintPolicy objects', () => {
  const HEAD = 'apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterTaintPolicy\nmetadata: {name: down}\nspec:\n';
  const load = (spec: string) => loadCatalog(snapshotOf({ 'ctp.yaml': HEAD + spec }));
  it('a valid policy is read with its target, conditions and taints', () => {
    const c = load('  targetClusters: {clusterNames: [m1]}\n  addOnConditions: [{conditionType: Ready, operator: NotIn, statusValues: ["True"]}]\n  taints: [{key: k, value: v, effect: NoExecute}]\n');
    expect(c.diagnostics).toEqual([]);
    expect(c.clusterTaintPolicies).toEqual([{
      name: 'down', targetClusters: { clusterNames: ['m1'] }, addOnConditions: [{ conditionType: 'Ready', operator: 'NotIn', statusValues: ['True'] }],
      removeOnConditions: [], taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }], source: { file: 'ctp.yaml', line: 1 },
    }]);
  });
  it.each<[string, string, number, string]>([
    ['taints are required (schema)', '  addOnConditions: []\n', 4, 'is required'],
    ['an unknown field is refused (schema)', '  taints: [{key: k, effect: NoExecute}]\n  tolerations: []\n', 6, 'tolerations'],
    ['PreferNoSchedule is not an effect a policy may add', '  taints: [{key: k, effect: PreferNoSchedule}]\n', 5, 'must be one of NoSchedule, NoExecute'],
    ['operators are In and NotIn', '  taints: [{key: k, effect: NoExecute}]\n  addOnConditions: [{conditionType: Ready, operator: Exists, statusValues: ["True"]}]\n', 6, 'must be one of In, NotIn'],
    ['a condition needs a status value', '  taints: [{key: k, effect: NoExecute}]\n  removeOnConditions: [{conditionType: Ready, operator: In, statusValues: []}]\n', 6, 'needs at least one status value'],
    ['a key and effect given twice', '  taints: [{key: k, effect: NoExecute}, {key: k, effect: NoExecute}]\n', 5, 'given twice'],
  ])('invalid: %s (reported with file and line)', (_rule, spec, line, words) => {
    const c = load(spec);
    expect(c.clusterTaintPolicies).toEqual([]);
    const errors = c.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ file: 'ctp.yaml', line });
    expect(errors.map((e) => e.message).join('\n')).toContain(words);
  });
});
