import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/model/plan.js';
import { keepKeys } from '../../../src/reconcile/keep.js';

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' } });

describe('keepKeys: what a cluster keeps although its plan lacks it', () => {
  const plan: Plan = {
    revision: null,
    clusters: { c1: [cm('placed'), cm('voided')], c2: [] },
    bindings: [
      { resource: 'v1/ConfigMap/shop/placed', policy: 'FederatedConfigMap/shop/placed', clusters: [{ name: 'c1' }], notReady: ['c2'] },
      { resource: 'v1/ConfigMap/shop/nowhere', policy: 'FederatedConfigMap/shop/nowhere', clusters: [] },
      { resource: 'v1/ConfigMap/shop/failed', policy: 'FederatedConfigMap/shop/failed', clusters: [{ name: 'c1' }] },
      { resource: 'v1/ConfigMap/shop/voided', policy: 'FederatedConfigMap/shop/voided', clusters: [{ name: 'c1' }], overrideFailed: ['c2'] },
    ],
    diagnostics: [],
  };

  it('a cluster KubeFed skips as not ready, or where an override failed, keeps the resources selected there', () => {
    expect(keepKeys(plan, 'c2')).toEqual(['v1/ConfigMap/shop/placed', 'v1/ConfigMap/shop/voided']);
  });

  it('a cluster listed in a binding without its object keeps it (an override failed); an empty placement keeps nothing', () => {
    expect(keepKeys(plan, 'c1')).toEqual(['v1/ConfigMap/shop/failed']);
  });
});
