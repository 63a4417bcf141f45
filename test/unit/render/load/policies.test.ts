import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { snapshotOf } from '../../../helpers/builders.js';

const HEAD = (kind: string, ns = true) => `apiVersion: policy.karmada.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: p\n${ns ? '  namespace: team\n' : ''}`;
// PP: spec starts at line 6, resourceSelectors[0] at line 8
const pp = (rest: string, selector = '      kind: Deployment\n') =>
  `${HEAD('PropagationPolicy')}spec:\n  resourceSelectors:\n    - apiVersion: apps/v1\n${selector}${rest}`;
const load = (text: string) => loadCatalog(snapshotOf({ 'policies/p.yaml': text }));

describe('propagation policy defaults', () => {
  it('a minimal PP gets Karmada defaults and its selector namespace', () => {
    const [policy] = load(pp('')).propagationPolicies;
    expect(policy).toEqual({
      kind: 'PropagationPolicy', name: 'p', namespace: 'team', priority: 0,
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team' }],
      placement: {}, propagateDeps: false, schedulerName: 'default-scheduler', conflictResolution: 'Abort',
      source: { file: 'policies/p.yaml', line: 1 },
    });
    expect(policy?.placement.replicaScheduling).toBeUndefined(); // absent ⇒ Duplicated
  });

  it('a PP without metadata.namespace lives in default', () => {
    const text = pp('').replace('  namespace: team\n', '');
    expect(load(text).propagationPolicies[0]).toMatchObject({ namespace: 'default', resourceSelectors: [{ namespace: 'default' }] });
  });

  it('a CPP has no namespace and keeps an empty selector namespace empty', () => {
    const text = `${HEAD('ClusterPropagationPolicy', false)}spec:\n  resourceSelectors:\n    - {apiVersion: v1, kind: ConfigMap}\n    - {apiVersion: v1, kind: Secret, namespace: a}\n`;
    const [policy] = load(text).propagationPolicies;
    expect(policy?.namespace).toBeUndefined();
    expect(policy?.resourceSelectors).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap' }, { apiVersion: 'v1', kind: 'Secret', namespace: 'a' }]);
  });

  it.each<[string, string, unknown]>([
    ['replicaScheduling {} defaults to Divided + Weighted', '  placement:\n    replicaScheduling: {}\n',
      { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' } }],
    ['Divided without a preference becomes Weighted', '  placement:\n    replicaScheduling: {replicaSchedulingType: Divided}\n',
      { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted' } }],
    ['Divided + Aggregated is kept', '  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}\n',
      { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' } }],
    ['Duplicated gets no division preference', '  placement:\n    replicaScheduling: {replicaSchedulingType: Duplicated}\n',
      { replicaScheduling: { replicaSchedulingType: 'Duplicated' } }],
    ['a spread constraint with no field gets spreadByField cluster and minGroups 1, maxGroups stays 0',
      '  placement:\n    spreadConstraints: [{}]\n', { spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: 0 }] }],
    ['minGroups 0 becomes 1', '  placement:\n    spreadConstraints: [{spreadByField: cluster, minGroups: 0, maxGroups: 3}]\n',
      { spreadConstraints: [{ spreadByField: 'cluster', minGroups: 1, maxGroups: 3 }] }],
    ['spreadByLabel is kept without a default field', '  placement:\n    spreadConstraints: [{spreadByLabel: team, maxGroups: 2}]\n',
      { spreadConstraints: [{ spreadByLabel: 'team', minGroups: 1, maxGroups: 2 }] }],
    ['no tolerations are added by default', '  placement:\n    clusterAffinity: {clusterNames: [a]}\n', { clusterAffinity: { clusterNames: ['a'] } }],
    ['an empty toleration operator is accepted (Equal)', '  placement:\n    clusterTolerations: [{key: k, operator: "", value: v}]\n',
      { clusterTolerations: [{ key: 'k', value: 'v' }] }],
    ['static weights and dynamic weight are read', '  placement:\n    replicaScheduling:\n      weightPreference:\n        staticWeightList: [{targetCluster: {clusterNames: [a]}, weight: 2}]\n',
      { replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted', weightPreference: { staticWeightList: [{ targetCluster: { clusterNames: ['a'] }, weight: 2 }] } } }],
  ])('placement: %s', (_name, rest, placement) => {
    const c = load(pp(rest));
    expect(c.diagnostics).toEqual([]);
    expect(c.propagationPolicies[0]?.placement).toEqual(placement);
  });

  it.each<[string, string, Partial<Record<string, unknown>>]>([
    ['priority is read', '  priority: 7\n', { priority: 7 }],
    ['propagateDeps is read', '  propagateDeps: true\n', { propagateDeps: true }],
    ['conflictResolution Overwrite is read', '  conflictResolution: Overwrite\n', { conflictResolution: 'Overwrite' }],
    ['suspension.dispatching suspends all clusters', '  suspension: {dispatching: true}\n', { suspendDispatching: 'all' }],
    ['dispatchingOnClusters lists clusters', '  suspension: {dispatchingOnClusters: {clusterNames: [a]}}\n', { suspendDispatching: ['a'] }],
    ['failover.cluster.purgeMode defaults to Gracefully', '  failover: {cluster: {}}\n', { clusterFailover: { purgeMode: 'Gracefully' } }],
    ['failover.cluster.purgeMode Directly', '  failover: {cluster: {purgeMode: Directly}}\n', { clusterFailover: { purgeMode: 'Directly' } }],
    ['the grace period is failover.application.gracePeriodSeconds', '  failover: {cluster: {purgeMode: Gracefully}, application: {decisionConditions: {tolerationSeconds: 60}, gracePeriodSeconds: 30}}\n', { clusterFailover: { purgeMode: 'Gracefully', gracePeriodSeconds: 30 } }],
    ['purgeMode Never comes from failover.application', '  failover: {application: {decisionConditions: {tolerationSeconds: 60}, purgeMode: Never}}\n', { clusterFailover: { purgeMode: 'Never' } }],
    ['application failover: decisionConditions.tolerationSeconds defaults to 300, purgeMode to Gracefully', '  failover: {application: {decisionConditions: {}}}\n', { applicationFailover: { tolerationSeconds: 300, purgeMode: 'Gracefully' } }],
    ['application failover keeps its own purge mode beside the cluster\'s', '  failover: {cluster: {purgeMode: Directly}, application: {decisionConditions: {tolerationSeconds: 0}, purgeMode: Never}}\n', { clusterFailover: { purgeMode: 'Directly' }, applicationFailover: { tolerationSeconds: 0, purgeMode: 'Never' } }],
    ['application failover takes its grace period', '  failover: {application: {decisionConditions: {tolerationSeconds: 60}, purgeMode: Gracefully, gracePeriodSeconds: 30}}\n', { applicationFailover: { tolerationSeconds: 60, purgeMode: 'Gracefully', gracePeriodSeconds: 30 } }],
  ])('spec: %s', (_name, rest, expected) => {
    const c = load(pp(rest));
    expect(c.diagnostics).toEqual([]);
    expect(c.propagationPolicies[0]).toMatchObject(expected);
  });

  it.each([
    ['gracePeriodSeconds only with Gracefully', '  failover: {application: {decisionConditions: {}, purgeMode: Never, gracePeriodSeconds: 30}}\n', 'only valid with purgeMode Gracefully'],
    ['gracePeriodSeconds must be more than 0', '  failover: {application: {decisionConditions: {}, gracePeriodSeconds: 0}}\n', 'must be more than 0'],
    ['a purgeMode the CRD does not list for clusters', '  failover: {cluster: {purgeMode: Never}}\n', 'Never'],
    ['a negative tolerationSeconds', '  failover: {application: {decisionConditions: {tolerationSeconds: -1}}}\n', 'must not be negative'],
  ])('spec.failover: %s is an error', (_name, rest, message) => {
    const c = load(pp(rest));
    expect(c.diagnostics.map((d) => d.message).join('\n')).toContain(message);
    expect(c.propagationPolicies).toEqual([]);
  });

  it('selecting a ServiceImport forces propagateDeps', () => {
    const c = load(pp('', '      kind: ServiceImport\n').replace('apiVersion: apps/v1', 'apiVersion: multicluster.x-k8s.io/v1alpha1'));
    expect(c.propagationPolicies[0]?.propagateDeps).toBe(true);
  });

  it('a present but empty labelSelector is kept (it ranks as a label-selector match)', () => {
    const c = load(pp('', '      kind: Deployment\n      labelSelector: {}\n'));
    expect(c.propagationPolicies[0]?.resourceSelectors[0]).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team', labelSelector: {} });
  });
});

describe('propagation policy validation: file, line and field', () => {
  it.each<[string, string, number, string, RegExp]>([
    ['unknown spec field', pp('  placment: {}\n'), 10, 'spec.placment', /unknown field "placment"/],
    ['unknown placement field', pp('  placement:\n    clusterAfinity: {}\n'), 11, 'spec.placement.clusterAfinity', /unknown field/],
    ['unknown selector field', pp('', '      kind: Deployment\n      names: [a]\n'), 10, 'spec.resourceSelectors[0].names', /unknown field/],
    ['unknown spread constraint field', pp('  placement:\n    spreadConstraints:\n      - spreadByField: cluster\n        minGroup: 2\n'), 13, 'spec.placement.spreadConstraints[0].minGroup', /unknown field/],
    ['unknown toleration field', pp('  placement:\n    clusterTolerations:\n      - key: a\n        efect: NoSchedule\n'), 13, 'spec.placement.clusterTolerations[0].efect', /unknown field/],
    ['missing resourceSelectors', `${HEAD('PropagationPolicy')}spec:\n  placement: {}\n`, 6, 'spec.resourceSelectors', /is required/],
    ['empty resourceSelectors', `${HEAD('PropagationPolicy')}spec:\n  resourceSelectors: []\n`, 7, 'spec.resourceSelectors', /at least one/],
    ['selector without kind', pp('', ''), 8, 'spec.resourceSelectors[0].kind', /is required/],
    ['PP selector namespace differs from the policy namespace', pp('', '      kind: Deployment\n      namespace: other\n'), 10, 'spec.resourceSelectors[0].namespace', /policy's own namespace "team"/],
    ['bad replicaSchedulingType enum', pp('  placement:\n    replicaScheduling:\n      replicaSchedulingType: Split\n'), 12, 'spec.placement.replicaScheduling.replicaSchedulingType', /unsupported value "Split"/],
    ['bad conflictResolution enum', pp('  conflictResolution: Replace\n'), 10, 'spec.conflictResolution', /unsupported value "Replace"/],
    ['bad preemption enum', pp('  preemption: Sometimes\n'), 10, 'spec.preemption', /unsupported value/],
    ['preemption Always needs named selectors', pp('  preemption: Always\n'), 7, 'spec.resourceSelectors', /needs a name/],
    ['clusterAffinity together with clusterAffinities', pp('  placement:\n    clusterAffinity: {clusterNames: [a]}\n    clusterAffinities:\n      - affinityName: x\n'), 12, 'spec.placement.clusterAffinities', /cannot co-exist/],
    ['duplicate affinityName', pp('  placement:\n    clusterAffinities:\n      - affinityName: x\n      - affinityName: x\n'), 13, 'spec.placement.clusterAffinities[1].affinityName', /duplicate affinityName/],
    ['spreadByField without a cluster constraint', pp('  placement:\n    spreadConstraints:\n      - spreadByField: region\n        maxGroups: 2\n'), 11, 'spec.placement.spreadConstraints', /cluster spread constraint must be enabled/],
    ['spreadByField and spreadByLabel together', pp('  placement:\n    spreadConstraints:\n      - spreadByField: cluster\n        spreadByLabel: x\n'), 12, 'spec.placement.spreadConstraints[0]', /should not co-exist/],
    ['maxGroups lower than minGroups', pp('  placement:\n    spreadConstraints:\n      - spreadByField: cluster\n        minGroups: 3\n        maxGroups: 2\n'), 14, 'spec.placement.spreadConstraints[0].maxGroups', /maxGroups lower than minGroups/],
    ['bad spreadByField enum', pp('  placement:\n    spreadConstraints:\n      - spreadByField: rack\n'), 12, 'spec.placement.spreadConstraints[0].spreadByField', /unsupported value "rack"/],
    ['static weight 0', pp('  placement:\n    replicaScheduling:\n      weightPreference:\n        staticWeightList:\n          - targetCluster: {clusterNames: [a]}\n            weight: 0\n'), 15, 'spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight', /at least 1, got 0/],
    ['fieldSelector with an unknown key', pp('  placement:\n    clusterAffinity:\n      fieldSelector:\n        matchExpressions:\n          - key: country\n            operator: In\n            values: [x]\n'), 14, 'spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].key', /unsupported value "country"/],
    ['fieldSelector with Exists', pp('  placement:\n    clusterAffinity:\n      fieldSelector:\n        matchExpressions:\n          - key: region\n            operator: Exists\n'), 15, 'spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].operator', /unsupported value "Exists"/],
    ['toleration operator Lt is rejected', pp('  placement:\n    clusterTolerations:\n      - key: k\n        operator: Lt\n'), 13, 'spec.placement.clusterTolerations[0].operator', /unsupported value "Lt"/],
    ['overflowAffinities with static weights', pp('  placement:\n    clusterAffinities:\n      - affinityName: x\n        overflowAffinities: [{affinityName: y, clusterNames: [b]}]\n    replicaScheduling: {}\n'), 11, 'spec.placement.clusterAffinities', /only valid with Divided/],
    ['an overflow tier without its required affinityName', pp('  placement:\n    clusterAffinities:\n      - affinityName: x\n        overflowAffinities: [{clusterNames: [b]}]\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}\n'), 13, 'spec.placement.clusterAffinities[0].overflowAffinities[0].affinityName', /required/],
    ['priority not an integer', pp('  priority: high\n'), 10, 'spec.priority', /must be an integer/],
    ['label selector with a bad operator', pp('', '      kind: Deployment\n      labelSelector:\n        matchExpressions:\n          - {key: a, operator: Has}\n'), 12, 'spec.resourceSelectors[0].labelSelector.matchExpressions[0].operator', /unsupported value "Has"/],
  ])('%s', (_name, text, line, field, message) => {
    const c = load(text);
    const errs = c.diagnostics.filter((d) => d.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ severity: 'error', file: 'policies/p.yaml', line, field });
    expect(errs[0]?.message).toMatch(message);
    expect(c.propagationPolicies).toEqual([]);
  });

  it.each([
    ["Karmada's own example {effect: NoSchedule} (no key, no operator)", '      - effect: NoSchedule\n'],
    ['operator Exists with a value', '      - key: k\n        operator: Exists\n        value: v\n'],
    ['an empty key with operator Equal', '      - operator: Equal\n        value: v\n'],
  ])('clusterTolerations are validated as Karmada does, only Lt/Gt refused: %s is accepted', (_name, toleration) => {
    const c = load(pp(`  placement:\n    clusterTolerations:\n${toleration}`));
    expect(c.diagnostics).toEqual([]);
    expect(c.propagationPolicies).toHaveLength(1);
  });

  it('overflowAffinities[].affinityName is accepted, as in the scheduling guide', () => {
    const guide = pp([
      '  placement:',
      '    clusterAffinities:',
      '      - affinityName: primary',
      '        clusterNames: [member1]',
      '        overflowAffinities:',
      '          - affinityName: overflow-1',
      '            clusterNames: [member2]',
      '    replicaScheduling:',
      '      replicaSchedulingType: Divided',
      '      replicaDivisionPreference: Aggregated',
      '',
    ].join('\n'));
    const c = load(guide);
    expect(c.diagnostics).toEqual([]);
    expect(c.propagationPolicies[0]?.placement.clusterAffinities?.[0]?.overflowAffinities).toEqual([{ clusterNames: ['member2'] }]);
  });

  it('dynamicWeight with a static list is only a warning', () => {
    const c = load(pp('  placement:\n    replicaScheduling:\n      weightPreference:\n        dynamicWeight: AvailableReplicas\n        staticWeightList: [{targetCluster: {}, weight: 1}]\n'));
    expect(c.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line: 14, field: 'spec.placement.replicaScheduling.weightPreference.staticWeightList' })]);
    expect(c.propagationPolicies).toHaveLength(1);
  });
});

// OP: spec at line 6
const op = (spec: string, kind = 'OverridePolicy') => `${HEAD(kind, kind === 'OverridePolicy')}spec:\n${spec}`;

describe('override policy loading', () => {
  it('no resourceSelectors means every resource; the OP namespace is put on given selectors', () => {
    const c = load(op('  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n  overrideRules:\n    - overriders:\n        labelsOverrider: [{operator: add, value: {a: b}}]\n'));
    expect(c.diagnostics).toEqual([]);
    expect(c.overridePolicies[0]).toEqual({
      kind: 'OverridePolicy', name: 'p', namespace: 'team',
      resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'team' }],
      overrideRules: [{ overriders: { labelsOverrider: [{ operator: 'add', value: { a: 'b' } }] }, source: { file: 'policies/p.yaml', line: 9 } }],
      source: { file: 'policies/p.yaml', line: 1 },
    });
    expect(load(op('  overrideRules: []\n')).overridePolicies[0]?.resourceSelectors).toEqual([]);
  });

  it('the deprecated targetCluster/overriders form becomes one rule', () => {
    const c = load(op('  targetCluster: {clusterNames: [a]}\n  overriders:\n    plaintext: [{path: /x, operator: remove}]\n', 'ClusterOverridePolicy'));
    expect(c.diagnostics).toEqual([]);
    expect(c.overridePolicies[0]?.overrideRules).toEqual([{ targetCluster: { clusterNames: ['a'] }, overriders: { plaintext: [{ path: '/x', operator: 'remove' }] }, source: { file: 'policies/p.yaml', line: 5 } }]);
  });

  it.each<[string, string, number, string, RegExp]>([
    ['overrideRules together with the deprecated form', op('  overriders: {}\n  overrideRules: []\n'), 8, 'spec.overrideRules', /cannot co-exist/],
    ['unknown spec field', op('  overrideRule: []\n'), 7, 'spec.overrideRule', /unknown field/],
    ['unknown rule field', op('  overrideRules:\n    - targetClusters: {}\n      overriders: {}\n'), 8, 'spec.overrideRules[0].targetClusters', /unknown field/],
    ['unknown overrider', op('  overrideRules:\n    - overriders:\n        imageOverride: []\n'), 9, 'spec.overrideRules[0].overriders.imageOverride', /unknown field/],
    ['unknown field in an overrider entry', op('  overrideRules:\n    - overriders:\n        imageOverrider:\n          - component: Tag\n            operator: add\n            valeu: x\n'), 12, 'spec.overrideRules[0].overriders.imageOverrider[0].valeu', /unknown field/],
    ['fieldOverrider with both yaml and json', op('  overrideRules:\n    - overriders:\n        fieldOverrider:\n          - fieldPath: /data/a\n            yaml: []\n            json: []\n'), 10, 'spec.overrideRules[0].overriders.fieldOverrider[0]', /exactly one of json or yaml/],
    ['fieldOverrider with neither yaml nor json', op('  overrideRules:\n    - overriders:\n        fieldOverrider:\n          - fieldPath: /data/a\n'), 10, 'spec.overrideRules[0].overriders.fieldOverrider[0]', /exactly one of json or yaml/],
    ['bad image component', op('  overrideRules:\n    - overriders:\n        imageOverrider:\n          - component: Digest\n            operator: add\n'), 10, 'spec.overrideRules[0].overriders.imageOverrider[0].component', /unsupported value "Digest"/],
    ['command operator replace is not allowed', op('  overrideRules:\n    - overriders:\n        commandOverrider:\n          - containerName: a\n            operator: replace\n'), 11, 'spec.overrideRules[0].overriders.commandOverrider[0].operator', /unsupported value "replace"/],
    ['OP selector namespace differs', op('  resourceSelectors:\n    - apiVersion: v1\n      kind: ConfigMap\n      namespace: x\n'), 10, 'spec.resourceSelectors[0].namespace', /policy's own namespace/],
    ['bad targetCluster fieldSelector operator', op('  overrideRules:\n    - targetCluster:\n        fieldSelector:\n          matchExpressions: [{key: zone, operator: Gt}]\n      overriders: {}\n'), 10, 'spec.overrideRules[0].targetCluster.fieldSelector.matchExpressions[0].operator', /unsupported value "Gt"/],
  ])('%s', (_name, text, line, field, message) => {
    const c = load(text);
    const errs = c.diagnostics.filter((d) => d.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ severity: 'error', file: 'policies/p.yaml', line, field });
    expect(errs[0]?.message).toMatch(message);
    expect(c.overridePolicies).toEqual([]);
  });
});
