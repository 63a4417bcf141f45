import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import { INTERPRETER_OPERATIONS } from '../../../../src/model/interpreter.js';
import { builtinCustomizations, builtinTargets } from '../../../../src/kube/interpreter/builtin.js';
import { createInterpreter } from '../../../../src/kube/interpreter/interpreter.js';
import { compileLua } from '../../../../src/kube/interpreter/lua-vm.js';
import { readWorkloadHealth } from '../../../../src/kube/workload-health.js';

const interpreter = createInterpreter();
const POD = { spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '250m', memory: '1Gi' } }, envFrom: [{ configMapRef: { name: 'cfg' } }] }] } };
const obj = (apiVersion: string, kind: string, spec: object, status?: object, generation = 1): KubeObject =>
  ({ apiVersion, kind, metadata: { name: 'w', namespace: 'app', generation }, spec, ...(status ? { status } : {}) }) as KubeObject;

const KRUISE = 'apps.kruise.io/v1alpha1';
const CLONESET = obj(KRUISE, 'CloneSet', { replicas: 4, template: POD });
const ASTS = obj('apps.kruise.io/v1beta1', 'StatefulSet', { replicas: 3, template: POD });
const UNITED = obj(KRUISE, 'UnitedDeployment', { replicas: 5, template: POD });
const BROADCAST = obj(KRUISE, 'BroadcastJob', { parallelism: 2, template: POD });
const SIDECAR = obj(KRUISE, 'SidecarSet', { containers: [{ name: 's', image: 'x' }] });
const WORKFLOW = obj('argoproj.io/v1alpha1', 'Workflow', { parallelism: 3, nodeSelector: { zone: 'a' } });
const NOTEBOOK = obj('kubeflow.org/v1', 'Notebook', { template: POD });

describe('built-in customizations', () => {
  it('builtinTargets, read from the file names, are exactly the kinds the files are for', () => {
    const fromContent = builtinCustomizations().map((c) => `${c.target.apiVersion}/${c.target.kind}`);
    expect(new Set(fromContent)).toEqual(builtinTargets());
    expect(builtinTargets().size).toBe(fromContent.length);
  });

  it('every shipped customization reads and every script compiles and defines its function', () => {
    const all = builtinCustomizations();
    expect(all.length).toBeGreaterThanOrEqual(27);
    for (const c of all) {
      for (const [op, s] of Object.entries(c.scripts)) {
        expect(compileLua(s.script, s.source.file).has(INTERPRETER_OPERATIONS[op as keyof typeof INTERPRETER_OPERATIONS]), `${c.name} ${op}`).toBe(true);
      }
    }
  });

  it.each<[string, KubeObject, number, object | undefined]>([
    ['CloneSet: spec.replicas and the pod template\'s requests', CLONESET, 4, { cpu: '250m', memory: '1073741824' }],
    ['Advanced StatefulSet: spec.replicas', ASTS, 3, { cpu: '250m', memory: '1073741824' }],
    ['UnitedDeployment: spec.replicas', UNITED, 5, { cpu: '250m', memory: '1073741824' }],
    ['BroadcastJob: spec.parallelism', BROADCAST, 2, { cpu: '250m', memory: '1073741824' }],
    ['SidecarSet: no replicas of its own', SIDECAR, 0, undefined],
    ['Argo Workflow: spec.parallelism (no requests, an empty table is dropped)', WORKFLOW, 3, undefined],
    ['Kubeflow Notebook: one replica', NOTEBOOK, 1, { cpu: '250m', memory: '1073741824' }],
  ])('GetReplicas of %s', (_rule, o, replicas, request) => {
    const got = interpreter.getReplicas(o);
    expect(got.replicas).toBe(replicas);
    expect(got.requirements?.resourceRequest).toEqual(request);
  });

  it('GetReplicas of an Argo Workflow carries its nodeSelector as a node claim', () => {
    expect(interpreter.getReplicas(WORKFLOW).requirements?.nodeClaim).toEqual({ nodeSelector: { zone: 'a' } });
  });

  it.each<[string, KubeObject, string]>([
    ['CloneSet', CLONESET, 'replicas'], ['Advanced StatefulSet', ASTS, 'replicas'], ['UnitedDeployment', UNITED, 'replicas'],
    ['BroadcastJob', BROADCAST, 'parallelism'], ['Argo Workflow', WORKFLOW, 'parallelism'],
  ])('ReviseReplica of %s writes spec.%s and leaves the input alone', (_rule, o, field) => {
    const before = JSON.stringify(o);
    const revised = interpreter.reviseReplica(o, 7);
    expect((revised.spec as Record<string, unknown>)[field]).toBe(7);
    expect(JSON.stringify(o)).toBe(before);
  });

  it.each<[string, KubeObject]>([['CloneSet', CLONESET], ['Advanced StatefulSet', ASTS], ['UnitedDeployment', UNITED], ['BroadcastJob', BROADCAST]])(
    'GetDependencies of %s names the ConfigMap of its pod template', (_rule, o) => {
      expect(interpreter.getDependencies(o)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'app', name: 'cfg' }]);
    });

  it('GetDependencies returning an empty table is no dependency (SidecarSet without references)', () => {
    expect(interpreter.getDependencies(SIDECAR)).toEqual([]);
  });

  const ready = { observedGeneration: 1, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4, updatedReadyReplicas: 4 };
  it.each<[string, KubeObject, 'Healthy' | 'Unhealthy']>([
    ['a CloneSet with every replica updated and available', obj(KRUISE, 'CloneSet', { replicas: 4 }, ready), 'Healthy'],
    ['a CloneSet still updating', obj(KRUISE, 'CloneSet', { replicas: 4 }, { ...ready, updatedReplicas: 2, availableReplicas: 2 }), 'Unhealthy'],
    ['a BroadcastJob with a failed pod', obj(KRUISE, 'BroadcastJob', {}, { desired: 2, failed: 1, succeeded: 1, active: 0 }), 'Unhealthy'],
    ['a running Argo Workflow', obj('argoproj.io/v1alpha1', 'Workflow', {}, { phase: 'Running' }), 'Healthy'],
    ['a failed Argo Workflow', obj('argoproj.io/v1alpha1', 'Workflow', {}, { phase: 'Failed' }), 'Unhealthy'],
    ['a Notebook whose container runs', obj('kubeflow.org/v1', 'Notebook', {}, { containerState: { running: {} } }), 'Healthy'],
    ['a Notebook in CrashLoopBackOff', obj('kubeflow.org/v1', 'Notebook', {}, { containerState: { waiting: { reason: 'CrashLoopBackOff' } } }), 'Unhealthy'],
    ['a RayCluster without conditions', obj('ray.io/v1', 'RayCluster', {}, {}), 'Unhealthy'],
  ])('health of %s', (_rule, o, health) => {
    expect(readWorkloadHealth(o).health).toBe(health);
  });
});
