import { describe, expect, it } from 'vitest';
import { createRenderCache, renderSnapshot } from '../../../src/render/index.js';
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
