import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/model/catalog.js';
import type { ClusterCondition } from '../../../src/model/cluster-health.js';
import type { Plan } from '../../../src/model/plan.js';
import { createRenderCache, renderSnapshot, withPrevious, type HealthInput } from '../../../src/render/index.js';
import { clusterDocs, snapshotOf } from '../../helpers/builders.js';

// The rule: a template placed again from the last render's placement (RenderCache.placements) is placed as a fresh
// render places it, also where propagateDeps sends it further in one revision and not in the other.

const policy = (name: string, kind: string, cluster: string, deps: boolean) => `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: ${kind === 'ConfigMap' ? 'v1' : 'apps/v1'}, kind: ${kind}}]
  propagateDeps: ${deps}
  placement: {clusterAffinity: {clusterNames: [${cluster}]}}
`;

const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\ndata: {a: "1"}\n';
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, envFrom: [{configMapRef: {name: cfg}}]}]}
`;

const base = snapshotOf({
  'clusters.yaml': clusterDocs(['m1', 'm2']),
  'policies.yaml': [policy('configs', 'ConfigMap', 'm1', false), policy('web', 'Deployment', 'm2', true)].join('---\n'),
  'config.yaml': CONFIG,
}, 'base');
// the head adds a workload that needs the ConfigMap on m2: its own binding (m1) is the same in both revisions
const head = snapshotOf({ ...Object.fromEntries(base.files), 'web.yaml': WEB }, 'head');

describe('the placement memo', () => {
  it('a base placed after a head that sent a template further by propagateDeps gets its own placement', () => {
    const cache = createRenderCache();
    const h = renderSnapshot(head, undefined, cache, undefined, { trace: 'placement' });
    const cfg = (plan: typeof h.plan) => plan.bindings.find((b) => b.resource === 'v1/ConfigMap/shop/cfg');
    expect(cfg(h.plan)?.clusters.map((c) => c.name)).toEqual(['m1', 'm2']);
    const b = renderSnapshot(base, undefined, cache, undefined, { trace: 'placement' });
    expect(cfg(b.plan)?.clusters.map((c) => c.name)).toEqual(['m1']);
    expect(b.plan).toStrictEqual(renderSnapshot(base, undefined, undefined, undefined, { trace: 'placement' }).plan);
    // and back: the head again from the base's placements
    expect(renderSnapshot(head, undefined, cache).plan).toStrictEqual(renderSnapshot(head).plan);
  });
});

// With health and history (the running reconciler): the moment, the previous placement and application failover's
// evictions are inputs of placement; a template placed again from the memo is placed as a fresh render places it.
describe('the placement memo with health and history', () => {
  const T0 = Date.parse('2026-12-04T10:00:00Z');
  const cluster = (name: string, pods: number) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\nstatus:\n  resourceSummary:\n    allocatable: {pods: ${pods}, cpu: "100"}\n`;
  const snap = (division: string) => snapshotOf({
    'clusters.yaml': [cluster('m1', 10), cluster('m2', 20), cluster('m3', 30)].join('---\n'),
    'web.yaml': WEB.replace('replicas: 2', 'replicas: 6'),
    'policy.yaml': `apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  placement: {replicaScheduling: ${division}}\n`,
  }, 'r1');
  const STATIC = '{replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}';
  const DYNAMIC = '{replicaSchedulingType: Divided, replicaDivisionPreference: Weighted, weightPreference: {dynamicWeight: AvailableReplicas}}';
  const health = (seconds: number): HealthInput => ({
    conditions: new Map(['m1', 'm2', 'm3'].map((n) => [n, {
      type: 'Ready', status: n === 'm3' ? 'Unknown' : 'True', reason: n === 'm3' ? 'ClusterNotReachable' : 'ClusterReady', message: '',
      lastProbeTime: new Date(T0).toISOString(), lastTransitionTime: new Date(T0).toISOString().replace('.000Z', 'Z'),
    } as ClusterCondition])),
    now: T0 + seconds * 1000,
  });
  const held = (plan: Plan) => plan.bindings.map((b) => b.clusters.map((c) => `${c.name}=${c.replicas ?? ''}`).join(' '));

  it('the moment: the same cache before and after the default toleration (300 s) of an unreachable member ran out', () => {
    const cache = createRenderCache();
    const plans = [100, 299, 300, 301].map((s) => {
      const cached = renderSnapshot(snap(STATIC), undefined, cache, health(s)).plan;
      expect(cached).toStrictEqual(renderSnapshot(snap(STATIC), undefined, undefined, health(s)).plan);
      return held(cached);
    });
    expect(plans).toEqual([['m1=2 m2=2 m3=2'], ['m1=2 m2=2 m3=2'], ['m1=3 m2=3'], ['m1=3 m2=3']]);
  });

  it('the previous placement: a template held elsewhere before is placed as a fresh render places it', () => {
    const cache = createRenderCache();
    const before = [new Map([['m1', 6]]), new Map([['m3', 6]]), new Map([['m3', 6]])].map((m) => new Map([['apps/v1/Deployment/shop/web', m]]));
    const plans = before.map((previous) => {
      const cached = renderSnapshot(snap(DYNAMIC), (c) => withPrevious(c, previous), cache).plan;
      expect(cached).toStrictEqual(renderSnapshot(snap(DYNAMIC), (c) => withPrevious(c, previous)).plan);
      return held(cached);
    });
    expect(plans[0]).not.toEqual(plans[1]);
  });

  it('application failover: a template evicted from a member is placed without it, and back', () => {
    const cache = createRenderCache();
    const evictions = [undefined, new Set(['m2']), undefined];
    const plans = evictions.map((evicted) => {
      const adjust = (c: Catalog): Catalog => (evicted ? { ...c, appEvictions: new Map([['apps/v1/Deployment/shop/web', evicted]]) } : c);
      const cached = renderSnapshot(snap(STATIC), adjust, cache).plan;
      expect(cached).toStrictEqual(renderSnapshot(snap(STATIC), adjust).plan);
      return held(cached);
    });
    expect(plans[0]).not.toEqual(plans[1]);
    expect(plans[2]).toEqual(plans[0]);
  });
});
