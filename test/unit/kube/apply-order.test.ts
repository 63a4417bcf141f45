import { describe, expect, it } from 'vitest';
import { byApplyOrder, groupByStage } from '../../../src/kube/apply-order.js';
import type { KubeObject } from '../../../src/model/kube.js';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string): KubeObject =>
  ({ apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });

const mixed = [
  obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'policy'),
  obj('v1', 'ConfigMap', 'b', 'shop'),
  obj('v1', 'Namespace', 'shop'),
  obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'inject'),
  obj('apps/v1', 'Deployment', 'web', 'shop'),
  obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'),
  obj('v1', 'ConfigMap', 'a', 'shop'),
];

describe('one apply order of kinds, shared by rendered manifests and the staged apply', () => {
  it('CRDs, then Namespaces, then everything else by key, then admission webhooks (so a webhook not yet served rejects nothing)', () => {
    expect([...mixed].sort(byApplyOrder).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'CustomResourceDefinition/widgets.example.com', 'Namespace/shop', 'Deployment/web', 'ConfigMap/a', 'ConfigMap/b',
      'MutatingWebhookConfiguration/inject', 'ValidatingWebhookConfiguration/policy',
    ]);
  });

  it('the stages the apply walks list objects in the order the render sorted them', () => {
    const sorted = [...mixed].sort(byApplyOrder);
    expect(groupByStage(sorted).flat()).toEqual(sorted);
  });
});
