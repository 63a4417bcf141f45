import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import type { KubeObject } from '../../src/model/kube.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { runCliAsync, tempRepo } from '../helpers/cli.js';

// A custom kind on real (simulated) members: OpenKruise's CloneSet, its CRD installed on both, read through the
// built-in customization: divided 2 and 2 with its ConfigMap on both, its health read by InterpretHealth and its
// status summed by AggregateStatus in `gitfed status`.

const clusters = ['m1', 'm2'].map((name) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: ${name}}\nspec: {}\n`).join('---\n');
const policy = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: app}
spec:
  resourceSelectors: [{apiVersion: apps.kruise.io/v1alpha1, kind: CloneSet}]
  propagateDeps: true
  placement:
    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}
---
apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: ns}
spec:
  resourceSelectors: [{apiVersion: v1, kind: Namespace, name: app}]
`;
const cloneset = `apiVersion: apps.kruise.io/v1alpha1
kind: CloneSet
metadata: {name: web, namespace: app}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx, envFrom: [{configMapRef: {name: cfg}}]}]
`;
const repo = tempRepo({
  'clusters.yaml': clusters, 'policy.yaml': policy, 'cloneset.yaml': cloneset,
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n',
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: app}\ndata: {k: v}\n',
});
const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'clonesets.apps.kruise.io' },
  spec: {
    group: 'apps.kruise.io', scope: 'Namespaced', names: { plural: 'clonesets', singular: 'cloneset', kind: 'CloneSet' },
    versions: [{ name: 'v1alpha1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

let fleet: Fleet;
let kubeconfig: string;

beforeAll(async () => {
  fleet = await startWorkloadFleet(['m1', 'm2']);
  for (const c of fleet.clusters) {
    c.api.create(c.api.resolve('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!, undefined, CRD, { manager: 'test', dryRun: false });
    await c.api.idle?.();
  }
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'gitfed-custom-kind-')), 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
});

const args = () => ['--repo', repo, '--kubeconfig', kubeconfig];
const clonesetOn = (name: string): KubeObject => {
  const api = fleet.cluster(name).api;
  return api.get(api.resolve('apps.kruise.io', 'v1alpha1', 'clonesets')!, 'app', 'web');
};

/** rolledOut writes the status a CloneSet controller would once every replica is ready (the sim runs none for CRDs). */
function rolledOut(name: string): void {
  const api = fleet.cluster(name).api;
  const live = clonesetOn(name);
  const n = (live.spec as { replicas: number }).replicas;
  const status = { observedGeneration: live.metadata.generation, replicas: n, readyReplicas: n, availableReplicas: n, updatedReplicas: n, updatedReadyReplicas: n, expectedUpdatedReplicas: n };
  api.replace(api.resolve('apps.kruise.io', 'v1alpha1', 'clonesets')!, 'app', 'web', { ...live, status }, { manager: 'kruise-manager', dryRun: false, subresource: 'status' });
}

describe('a CloneSet on simulated members, through the built-in customization', () => {
  it('is divided 2 and 2, and the ConfigMap its pods use reaches both members', async () => {
    const r = await runCliAsync(['reconcile', ...args(), '--once', '--format', 'json']);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    for (const name of ['m1', 'm2']) {
      expect((clonesetOn(name).spec as { replicas: number }).replicas).toBe(2);
      const api = fleet.cluster(name).api;
      expect(api.get(api.resolve('', 'v1', 'configmaps')!, 'app', 'cfg').data).toEqual({ k: 'v' });
    }
  });

  it('gitfed status reads its health by InterpretHealth and sums its status by AggregateStatus', async () => {
    rolledOut('m1');
    const before = JSON.parse((await runCliAsync(['status', ...args(), '--format', 'json'])).stdout) as { resources: { resource: string; status: string; aggregatedStatus?: Record<string, number> }[] };
    const web = () => before.resources.find((x) => x.resource === 'apps.kruise.io/v1alpha1/CloneSet/app/web');
    // m2 has no status yet: InterpretHealth says unhealthy there
    expect(web()?.status).not.toBe('Current');
    expect(web()?.aggregatedStatus).toMatchObject({ replicas: 2, readyReplicas: 2 });
    rolledOut('m2');
    const after = JSON.parse((await runCliAsync(['status', ...args(), '--format', 'json'])).stdout) as typeof before;
    const done = after.resources.find((x) => x.resource === 'apps.kruise.io/v1alpha1/CloneSet/app/web');
    expect(done?.status).toBe('Current');
    expect(done?.aggregatedStatus).toMatchObject({ replicas: 4, readyReplicas: 4, availableReplicas: 4, updatedReplicas: 4 });
  });
});
