import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { Ajv } from 'ajv';
import { closed, KIND_SCHEMAS } from '../../../../src/render/load/kind-schemas.js';
import { snapshotOf } from '../../../helpers/builders.js';

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; additionalProperties?: Schema | boolean; enum?: unknown[]; 'x-kubernetes-int-or-string'?: boolean };

/** everything builds a value that sets every property the schema declares, recursively. */
function everything(s: Schema): unknown {
  if (s['x-kubernetes-int-or-string']) return 1;
  if (s.enum?.length) return s.enum[0];
  if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, everything(v)]));
  switch (s.type) {
    case 'array': return s.items ? [everything(s.items)] : [];
    case 'object': return typeof s.additionalProperties === 'object' ? { k: everything(s.additionalProperties) } : {};
    case 'integer': case 'number': return 1;
    case 'boolean': return false;
    default: return 'x';
  }
}

const unknownFields = (files: Record<string, string>) =>
  loadCatalog(snapshotOf(files)).diagnostics.filter((d) => d.message.startsWith('unknown field'));

describe('values outside a CRD enum are errors, also where no reader looks', () => {
  it('failover.application.purgeMode: Gracefuly is an error with file, line and field', () => {
    const text = 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  failover:\n    application:\n      decisionConditions: {tolerationSeconds: 10}\n      purgeMode: Gracefuly\n';
    const errors = loadCatalog(snapshotOf({ 'p.yaml': text })).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ file: 'p.yaml', line: 9, field: 'spec.failover.application.purgeMode', message: expect.stringContaining('unsupported value "Gracefuly"') })]);
  });
});

describe('unknown fields are errors, as with kubectl apply strict validation', () => {
  // where each schema's documents live; `Federated` stands for every Federated<Kind>
  const typeOf: Record<string, [string, string]> = {
    FederatedTypeConfig: ['core.kubefed.io/v1beta1', 'FederatedTypeConfig'],
    KubeFedCluster: ['core.kubefed.io/v1beta1', 'KubeFedCluster'],
    ReplicaSchedulingPreference: ['scheduling.kubefed.io/v1alpha1', 'ReplicaSchedulingPreference'],
    Federated: ['types.kubefed.io/v1beta1', 'FederatedConfigMap'],
    Cluster: ['cluster.karmada.io/v1alpha1', 'Cluster'],
  };

  it.each(Object.keys(KIND_SCHEMAS))('every property the %s CRD has is accepted', (schemaKind) => {
    const spec = everything((KIND_SCHEMAS[schemaKind] as { properties: { spec: Schema } }).properties.spec);
    const [apiVersion, kind] = typeOf[schemaKind] ?? ['policy.karmada.io/v1alpha1', schemaKind];
    const doc = { apiVersion, kind, metadata: { name: 'p', namespace: 'shop' }, spec };
    expect(unknownFields({ 'p.yaml': stringify(doc) })).toEqual([]);
  });

  it('the schema check runs for every kind it has a schema for: a stray field is refused in each', () => {
    for (const schemaKind of Object.keys(KIND_SCHEMAS)) {
      const [apiVersion, kind] = typeOf[schemaKind] ?? ['policy.karmada.io/v1alpha1', schemaKind];
      const doc = { apiVersion, kind, metadata: { name: 'p', namespace: 'shop' }, spec: { strayField: 1 } };
      expect(unknownFields({ 'p.yaml': stringify(doc) }), schemaKind).toEqual([expect.objectContaining({ field: 'spec.strayField' })]);
    }
  });

  it.each([
    ['labelSelector.matchLabel (a typo that used to match every cluster)', 'PropagationPolicy', '  placement:\n    clusterAffinity:\n      labelSelector:\n        matchLabel: {env: prod}\n', 'spec.placement.clusterAffinity.labelSelector.matchLabel'],
    ['spec.suspension.dispatchng', 'PropagationPolicy', '  suspension:\n    dispatchng: true\n', 'spec.suspension.dispatchng'],
    ['failover.application.decisionCondition', 'PropagationPolicy', '  failover:\n    application:\n      decisionCondition: {tolerationSeconds: 10}\n', 'spec.failover.application.decisionCondition'],
    ['an overrider typo', 'OverridePolicy', '  overrideRules:\n    - overriders:\n        imageOverider: []\n', 'spec.overrideRules[0].overriders.imageOverider'],
  ])('%s is an error with file, line and field', (_name, kind, spec, field) => {
    const text = `apiVersion: policy.karmada.io/v1alpha1\nkind: ${kind}\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n${spec}`;
    expect(unknownFields({ 'p.yaml': text })).toEqual([expect.objectContaining({ severity: 'error', file: 'p.yaml', field })]);
    expect(loadCatalog(snapshotOf({ 'p.yaml': text })).propagationPolicies).toEqual([]);
  });
});

const errorsOf = (files: Record<string, string>) => loadCatalog(snapshotOf(files)).diagnostics.filter((d) => d.severity === 'error');
const policy = (spec: string) => `apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n${spec}`;

describe('required fields and types are checked against the schema, also where no reader looks', () => {
  it.each([
    ['a statePreservation rule without jsonPath is missing a required field', policy('  failover:\n    application:\n      decisionConditions: {tolerationSeconds: 10}\n      statePreservation:\n        rules: [{aliasLabelName: app}]\n'),
      { line: 10, field: 'spec.failover.application.statePreservation.rules[0].jsonPath', message: 'is required' }],
    ['schedulePriority needs priorityClassSource', policy('  schedulePriority: {priorityClassName: high}\n'),
      { line: 6, field: 'spec.schedulePriority.priorityClassSource', message: 'is required' }],
    ['gracePeriodSeconds given as a string is the wrong type', policy('  failover:\n    application:\n      decisionConditions: {tolerationSeconds: 10}\n      gracePeriodSeconds: "60"\n'),
      { line: 9, field: 'spec.failover.application.gracePeriodSeconds', message: 'must be an integer, got string "60"' }],
    ['a boolean given as a string is the wrong type', policy('  suspension:\n    dispatching: "true"\n'),
      { line: 7, field: 'spec.suspension.dispatching', message: 'must be a boolean, got string "true"' }],
    ['an overflow tier name longer than 32 characters is refused', policy(`  placement:\n    clusterAffinities:\n      - affinityName: ${'a'.repeat(33)}\n`),
      { line: 8, field: 'spec.placement.clusterAffinities[0].affinityName', message: 'must be at most 32 characters' }],
  ])('%s', (_name, text, expected) => {
    expect(errorsOf({ 'p.yaml': text })).toEqual([expect.objectContaining({ file: 'p.yaml', ...expected })]);
  });

  it('a null field counts as absent, as the API server drops it', () => {
    expect(errorsOf({ 'p.yaml': policy('  placement:\n    clusterAffinity:\n      labelSelector:\n  propagateDeps: null\n') })).toEqual([]);
  });

  it('a field fails once with one message, even when it breaks two rules', () => {
    const text = policy('  placement:\n    replicaScheduling:\n      replicaSchedulingType: Divided\n      replicaDivisionPreference: Weighted\n      weightPreference:\n        staticWeightList: [{targetCluster: {clusterNames: [a]}, weight: -1.5}]\n');
    expect(errorsOf({ 'p.yaml': text })).toEqual([expect.objectContaining({ field: 'spec.placement.replicaScheduling.weightPreference.staticWeightList[0].weight', message: 'must be an integer, got number -1.5' })]);
  });
});

describe("Karmada's Cluster is checked as karmada-aggregated-apiserver checks it", () => {
  const cluster = (spec: string, status = '') => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\nspec:\n${spec}${status}`;

  it.each([
    ['a misspelt spec field is an unknown field', cluster('  regoin: eu\n'), { line: 5, field: 'spec.regoin', message: 'unknown field "regoin"' }],
    ['syncMode is Push or Pull', cluster('  syncMode: push\n'), { line: 5, field: 'spec.syncMode', message: 'unsupported value "push": must be one of Push, Pull' }],
    ['a taint needs a key', cluster('  taints: [{effect: NoSchedule}]\n'), { line: 5, field: 'spec.taints[0].key', message: 'is required' }],
    ['a Cluster taint is NoSchedule or NoExecute (PreferNoSchedule is refused)', cluster('  taints: [{key: k, effect: PreferNoSchedule}]\n'),
      { line: 5, field: 'spec.taints[0].effect', message: 'unsupported value "PreferNoSchedule": must be one of NoSchedule, NoExecute' }],
    ['taints are unique by key and effect', cluster('  taints: [{key: k, effect: NoSchedule}, {key: k, value: v, effect: NoSchedule}]\n'),
      { line: 5, field: 'spec.taints[1]', message: expect.stringContaining('unique by key and effect') }],
    ['a taint key is a qualified name', cluster('  taints: [{key: "a b", effect: NoSchedule}]\n'), { field: 'spec.taints[0].key', message: expect.stringContaining('invalid label key') }],
    ['zones are label values', cluster('  zones: [eu west]\n'), { field: 'spec.zones[0]', message: 'invalid label value "eu west"' }],
    ['zone and zones cannot co-exist', cluster('  zone: a\n  zones: [b]\n'), { line: 5, field: 'spec.zone', message: 'spec.zone and spec.zones cannot co-exist' }],
    ['an allocatable quantity is a number or a string', cluster('  provider: aws\n', 'status:\n  resourceSummary:\n    allocatable: {cpu: [4]}\n'),
      { line: 8, field: 'status.resourceSummary.allocatable.cpu', message: 'must be a number or a string, got a list' }],
  ])('%s', (_name, text, expected) => {
    const load = loadCatalog(snapshotOf({ 'c.yaml': text }));
    expect(load.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ file: 'c.yaml', ...expected })]);
    expect(load.clusters).toEqual([]);
  });

  it('a Cluster without syncMode is read as Push (a repository declares clusters; Karmada would default nothing)', () => {
    const load = loadCatalog(snapshotOf({ 'c.yaml': cluster('  provider: aws\n  zones: [eu-1]\n  taints: [{key: dedicated, value: gpu, effect: NoExecute}]\n') }));
    expect(load.diagnostics).toEqual([]);
    expect(load.clusters.map((c) => c.name)).toEqual(['m1']);
  });
});

describe('the vendored schemas', () => {
  // render compiles them without checking them against the meta-schema (validateSchema: false): this test does
  it.each(Object.keys(KIND_SCHEMAS))('the %s schema, closed, is a valid JSON Schema', (schemaKind) => {
    const ajv = new Ajv({ strict: false, validateFormats: false });
    expect(ajv.validateSchema(closed(KIND_SCHEMAS[schemaKind] as Record<string, unknown>))).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
  });
});
