import { describe, expect, it } from 'vitest';
import { byApplyOrder, groupByStage, sortByApplyOrder } from '../../../src/kube/apply-order.js';
import { intBelow, mulberry32 } from '../../helpers/seeded-random.js';
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

  it('sorting a list with each key made once gives the order list.sort(byApplyOrder) gives, ties included', () => {
    for (const seed of [1, 2, 3, 4]) {
      const rand = mulberry32(seed);
      // distinct objects with equal keys (a duplicated template) tie: the stable sort keeps their list order
      const pool = [...mixed, ...mixed.map((o) => ({ ...o })), obj('v1', 'ConfigMap', 'a', 'shop')];
      const lists = Array.from({ length: 12 }, () => Array.from({ length: intBelow(rand, 20) }, () => pool[intBelow(rand, pool.length)] as KubeObject));
      const expected = lists.map((l) => [...l].sort(byApplyOrder));
      for (const l of lists) sortByApplyOrder(l);
      // the same objects (identity) in the same places
      lists.forEach((l, i) => expect(l.map((o) => pool.indexOf(o))).toEqual(expected[i]?.map((o) => pool.indexOf(o))));
    }
  });
});
