import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/render/load/index.js';
import { CRD_SCHEMAS } from '../../../../src/render/load/schema-check.js';
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
  };

  it.each(Object.keys(CRD_SCHEMAS))('every property the %s CRD has is accepted', (schemaKind) => {
    const spec = everything((CRD_SCHEMAS[schemaKind] as { properties: { spec: Schema } }).properties.spec);
    const [apiVersion, kind] = typeOf[schemaKind] ?? ['policy.karmada.io/v1alpha1', schemaKind];
    const doc = { apiVersion, kind, metadata: { name: 'p', namespace: 'shop' }, spec };
    expect(unknownFields({ 'p.yaml': stringify(doc) })).toEqual([]);
  });

  it('the schema check runs for every kind it has a schema for: a stray field is refused in each', () => {
    for (const schemaKind of Object.keys(CRD_SCHEMAS)) {
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
