import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import { loadCatalog } from '../../../src/render/load/index.js';
import { render } from '../../../src/render/render.js';
import { readWorkloadHealth } from '../../../src/kube/workload-health.js';
import { interpreterOf } from '../../../src/reconcile/interpreter-of.js';
import { createInterpreter } from '../../../src/kube/interpreter/interpreter.js';
import { snapshotOf } from '../../helpers/builders.js';

const clusterDoc = (name: string) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec: {}\n`;
const TWO = { 'clusters.yaml': [clusterDoc('a'), clusterDoc('b')].join('---\n') };
const policy = (apiVersion: string, kind: string) =>
  `apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: web, namespace: app}\nspec:\n  resourceSelectors: [{apiVersion: ${apiVersion}, kind: ${kind}}]\n  propagateDeps: true\n  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}\n`;
const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: app}\ndata: {a: b}\n';
const CLONESET = `apiVersion: apps.kruise.io/v1alpha1\nkind: CloneSet\nmetadata: {name: web, namespace: app}\nspec:\n  replicas: 4\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: app, image: nginx, envFrom: [{configMapRef: {name: cfg}}]}]\n`;

// an invented kind: its replicas live in spec.size, its dependency in spec.settings
const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: app}\nspec: {size: 6, settings: cfg}\n';
const WIDGET_RIC = `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata: {name: widget}
spec:
  target: {apiVersion: example.com/v1, kind: Widget}
  customizations:
    replicaResource:
      luaScript: |
        function GetReplicas(obj)
          return obj.spec.size, {resourceRequest = {cpu = "100m"}}
        end
    replicaRevision:
      luaScript: |
        function ReviseReplica(obj, desired)
          obj.spec.size = desired
          return obj
        end
    dependencyInterpretation:
      luaScript: |
        function GetDependencies(desired)
          return {{apiVersion = "v1", kind = "ConfigMap", namespace = desired.metadata.namespace, name = desired.spec.settings}}
        end
    healthInterpretation:
      luaScript: |
        function InterpretHealth(observed)
          return observed.status ~= nil and observed.status.ready == observed.spec.size
        end
`;

const byKind = (objs: KubeObject[] | undefined, kind: string) => (objs ?? []).find((o) => o.kind === kind);

describe('custom workloads through render', () => {
  it('the built-in CloneSet customization divides 4 replicas 2 and 2, ReviseReplica writes the share, and the ConfigMap reaches both clusters', () => {
    const catalog = loadCatalog(snapshotOf({ ...TWO, 'app.yaml': `${CLONESET}---\n${CONFIGMAP}`, 'p.yaml': policy('apps.kruise.io/v1alpha1', 'CloneSet') }));
    const plan = render(catalog, null);
    expect(plan.diagnostics).toEqual([]);
    for (const c of ['a', 'b']) {
      expect((byKind(plan.clusters[c], 'CloneSet')?.spec as { replicas: number }).replicas).toBe(2);
      expect(byKind(plan.clusters[c], 'ConfigMap')?.metadata.name).toBe('cfg');
    }
  });

  it('a repository customization for an invented kind divides it, propagates its dependency and reports its health', () => {
    const catalog = loadCatalog(snapshotOf({ ...TWO, 'app.yaml': `${WIDGET}---\n${CONFIGMAP}`, 'ric.yaml': WIDGET_RIC, 'p.yaml': policy('example.com/v1', 'Widget') }));
    expect(catalog.diagnostics).toEqual([]);
    expect(catalog.customizations?.map((c) => c.name)).toEqual(['widget']);
    const plan = render(catalog, null);
    expect(plan.diagnostics).toEqual([]);
    expect(['a', 'b'].map((c) => (byKind(plan.clusters[c], 'Widget')?.spec as { size: number }).size)).toEqual([3, 3]);
    expect(['a', 'b'].map((c) => byKind(plan.clusters[c], 'ConfigMap')?.metadata.name)).toEqual(['cfg', 'cfg']);
    const interpreter = createInterpreter(catalog.customizations);
    const live = (ready: number) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'app' }, spec: { size: 3 }, status: { ready } });
    expect(readWorkloadHealth(live(3), interpreter).health).toBe('Healthy');
    expect(readWorkloadHealth(live(1), interpreter).health).toBe('Unhealthy');
    // without the commit's interpreter only the built-in customizations read it; the reconciler hands every health
    // reading (status, commit statuses, failover) the commit's interpreter, the same one for the same customizations
    expect(readWorkloadHealth(live(1)).message).toBe('Resource is current');
    const again = loadCatalog(snapshotOf({ ...TWO, 'app.yaml': `${WIDGET}---\n${CONFIGMAP}`, 'ric.yaml': WIDGET_RIC, 'p.yaml': policy('example.com/v1', 'Widget') }));
    expect(interpreterOf(again)).toBe(interpreterOf(catalog));
    expect(interpreterOf({ customizations: [] })).not.toBe(interpreterOf(catalog));
    expect(readWorkloadHealth(live(1), interpreterOf(catalog)).health).toBe('Unhealthy');
  });

  it('a repository customization overrides the built-in one for its kind', () => {
    const ric = WIDGET_RIC.replace('name: widget', 'name: cloneset-by-size').replace('example.com/v1, kind: Widget', 'apps.kruise.io/v1alpha1, kind: CloneSet')
      .replace('return obj.spec.size,', 'return 1,').split('    dependencyInterpretation:')[0] ?? '';
    const catalog = loadCatalog(snapshotOf({ ...TWO, 'app.yaml': CLONESET, 'ric.yaml': ric, 'p.yaml': policy('apps.kruise.io/v1alpha1', 'CloneSet') }));
    const plan = render(catalog, null);
    expect(plan.diagnostics).toEqual([]);
    // GetReplicas says 1: one cluster gets it, and the repository's ReviseReplica writes spec.size
    const placed = ['a', 'b'].map((c) => byKind(plan.clusters[c], 'CloneSet')).filter((o) => o !== undefined);
    expect(placed.map((o) => (o.spec as { size?: number }).size)).toEqual([1]);
  });

  it('no silent guess: a kind with spec.replicas and no interpreter is not divided and is named in a warning', () => {
    const doc = 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: app}\nspec: {replicas: 4}\n';
    const plan = render(loadCatalog(snapshotOf({ ...TWO, 'app.yaml': doc, 'p.yaml': policy('example.com/v1', 'Gadget') })), null);
    expect(['a', 'b'].map((c) => (byKind(plan.clusters[c], 'Gadget')?.spec as { replicas: number }).replicas)).toEqual([4, 4]);
    expect(plan.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', file: 'app.yaml', line: 1 })]);
    expect(plan.diagnostics[0]?.message).toMatch(/example.com\/v1 Gadget has spec.replicas but no resource interpreter.*ResourceInterpreterCustomization/);
  });

  it('a failing script is an error naming the object and the script\'s file:line', () => {
    const ric = WIDGET_RIC.replace('return obj.spec.size,', 'error("boom") return obj.spec.size,');
    const plan = render(loadCatalog(snapshotOf({ ...TWO, 'app.yaml': WIDGET, 'ric.yaml': ric, 'p.yaml': policy('example.com/v1', 'Widget') })), null);
    const errors = plan.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^Widget\/app\/w: replicaResource of ResourceInterpreterCustomization widget: ric.yaml:10: boom/);
  });

  it('an invalid customization is an error at its file:line and is not a template', () => {
    const bad = 'apiVersion: config.karmada.io/v1alpha1\nkind: ResourceInterpreterCustomization\nmetadata: {name: bad}\nspec:\n  target: {apiVersion: example.com/v1, kind: Widget}\n  customizations:\n    replicaResource:\n      luaScript: |\n        function GetReplicas(obj)\n          return (\n        end\n';
    const catalog = loadCatalog(snapshotOf({ ...TWO, 'ric.yaml': bad }));
    expect(catalog.templates).toEqual([]);
    expect(catalog.diagnostics).toEqual([expect.objectContaining({ severity: 'error', file: 'ric.yaml', line: 8 })]);
    expect(catalog.diagnostics[0]?.message).toMatch(/does not compile: line 11:/);
  });
});
