import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import { loadCatalog } from '../../../src/render/load/index.js';
import { aggregatedStatusOf } from '../../../src/reconcile/aggregated-status.js';
import type { MemberRead } from '../../../src/reconcile/applied-health.js';
import { snapshotOf } from '../../helpers/builders.js';

// statusReflection and statusAggregation: `gitfed status` sums a custom kind's status over its members the way its
// customization says (Karmada writes the same back to the resource template).

const CLONESET = 'apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata: {name: web, namespace: app, generation: 3}\nspec: {replicas: 4}\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: app}\nspec: {replicas: 2}\n';
const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: app}\nspec: {size: 6}\n';
const ric = (aggregate: string) => `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata: {name: widget}
spec:
  target: {apiVersion: example.com/v1, kind: Widget}
  customizations:
    statusReflection:
      luaScript: |
        function ReflectStatus(observed)
          return {ready = observed.status.ready}
        end
    statusAggregation:
      luaScript: |
        function AggregateStatus(desired, items)
${aggregate}
        end
`;
const SUM = '          local total = 0\n          for i = 1, #items do total = total + items[i].status.ready end\n          desired.status = {ready = total, clusters = #items}\n          return desired';

const KEYS = { clone: 'apps.kruise.io/v1alpha1/CloneSet/app/web', deploy: 'apps/v1/Deployment/app/api', widget: 'example.com/v1/Widget/app/w' };
const live = (key: string, status: Record<string, unknown>): KubeObject => {
  const [group, version, kind, ns, name] = key.split('/');
  return { apiVersion: `${group}/${version}`, kind: kind as string, metadata: { namespace: ns, name: name as string, generation: 3 }, status } as KubeObject;
};
const reads = (key: string, a: Record<string, unknown>, b: Record<string, unknown>) => new Map<string, MemberRead>([
  ['m1', { live: new Map([[key, live(key, a)]]) }], ['m2', { live: new Map([[key, live(key, b)]]) }],
]);
const members = [{ cluster: 'm1', health: 'Healthy' as const }, { cluster: 'm2', health: 'Unhealthy' as const }];
const catalogOf = (files: Record<string, string>) => loadCatalog(snapshotOf(files));

describe('a custom kind\'s status is aggregated by its customization', () => {
  it('the built-in CloneSet customization sums its members\' replicas', () => {
    const out = aggregatedStatusOf(catalogOf({ 'c.yaml': CLONESET }), KEYS.clone, members, reads(KEYS.clone,
      { replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 3 },
      { replicas: 2, readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1, observedGeneration: 3 }));
    expect(out?.aggregatedStatus).toMatchObject({ replicas: 4, readyReplicas: 3, updatedReplicas: 4, availableReplicas: 3 });
  });

  it('a repository customization reflects each member and aggregates them', () => {
    const out = aggregatedStatusOf(catalogOf({ 'w.yaml': WIDGET, 'ric.yaml': ric(SUM) }), KEYS.widget, members, reads(KEYS.widget, { ready: 2, noise: 'x' }, { ready: 3 }));
    expect(out).toEqual({ aggregatedStatus: { ready: 5, clusters: 2 } });
  });

  it('a script that fails is reported with its file and line, not thrown', () => {
    const out = aggregatedStatusOf(catalogOf({ 'w.yaml': WIDGET, 'ric.yaml': ric('          error("no sum")') }), KEYS.widget, members, reads(KEYS.widget, { ready: 2 }, { ready: 3 }));
    expect(out?.aggregatedStatusError).toMatch(/^Widget\/app\/w: statusAggregation of ResourceInterpreterCustomization widget: ric\.yaml:\d+: no sum$/);
  });

  it('a kind without a statusAggregation customization gets none', () => {
    expect(aggregatedStatusOf(catalogOf({ 'd.yaml': DEPLOY }), KEYS.deploy, members, reads(KEYS.deploy, {}, {}))).toBeUndefined();
  });
});
