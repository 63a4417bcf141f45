import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fleet } from '../../src/sim/fleet.js';
import type { KubeObject } from '../../src/model/kube.js';
import { startWorkloadFleet } from '../helpers/sim-fleet.js';
import { runCliAsync, tempRepo } from '../helpers/cli.js';

// Retain on a real (simulated) member: a repository customization keeps a Widget's spec.paused as the member set
// it, and the built-in Flux Kustomization customization keeps spec.suspend. The member's value stays, nothing
// reads as drift, and a change of another field in the repository is still applied.

const widgetRic = `apiVersion: config.karmada.io/v1alpha1
kind: ResourceInterpreterCustomization
metadata: {name: widget}
spec:
  target: {apiVersion: example.com/v1, kind: Widget}
  customizations:
    retention:
      luaScript: |
        function Retain(desired, observed)
          if observed.spec ~= nil and observed.spec.paused ~= nil then
            desired.spec.paused = observed.spec.paused
          end
          return desired
        end
`;
const policy = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: all}
spec:
  resourceSelectors:
    - {apiVersion: example.com/v1, kind: Widget}
    - {apiVersion: kustomize.toolkit.fluxcd.io/v1, kind: Kustomization}
    - {apiVersion: v1, kind: Namespace, name: app}
`;
const widget = (size: number): string => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: app}\nspec: {paused: false, size: ${size}}\n`;
const kustomization = (path: string): string => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: app}\nspec: {interval: 5m, path: ${path}, suspend: false}\n`;
const repo = tempRepo({
  'clusters.yaml': 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1}\nspec: {}\n',
  'policy.yaml': policy, 'ric.yaml': widgetRic, 'widget.yaml': widget(3), 'ks.yaml': kustomization('./apps'),
  'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n',
});

const crd = (group: string, version: string, kind: string, plural: string): object => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
  spec: {
    group, scope: 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind },
    versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
});
const KINDS = { widget: ['example.com', 'v1', 'widgets', 'w'], kustomization: ['kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', 'apps'] } as const;

let fleet: Fleet;
let kubeconfig: string;

beforeAll(async () => {
  fleet = await startWorkloadFleet(['m1']);
  const api = fleet.cluster('m1').api;
  for (const [kind, [group, version, plural]] of [['Widget', KINDS.widget], ['Kustomization', KINDS.kustomization]] as const) {
    api.create(api.resolve('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!, undefined, crd(group, version, kind, plural), { manager: 'test', dryRun: false });
    await api.idle?.();
  }
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'gitfed-retention-')), 'kubeconfig');
  writeFileSync(kubeconfig, fleet.kubeconfig());
});

afterAll(async () => {
  await fleet?.stop();
});

const live = (which: keyof typeof KINDS): KubeObject => {
  const [group, version, plural, name] = KINDS[which];
  const api = fleet.cluster('m1').api;
  return api.get(api.resolve(group, version, plural)!, 'app', name);
};

/** byHand is what `kubectl patch --type merge` does: an update by another manager, which takes the fields it sets. */
function byHand(which: keyof typeof KINDS, spec: object): void {
  const [group, version, plural, name] = KINDS[which];
  const api = fleet.cluster('m1').api;
  api.patch(api.resolve(group, version, plural)!, 'app', name, 'application/merge-patch+json', JSON.stringify({ spec }), { manager: 'kubectl-patch', dryRun: false });
}

interface Reconciled { clusters: { cluster: string; drift?: { objects?: { subject: string }[] }; entries: { subject: string; action: string; reason?: string }[] }[] }

async function reconcile(code = 0): Promise<Reconciled> {
  const r = await runCliAsync(['reconcile', '--repo', repo, '--kubeconfig', kubeconfig, '--once', '--format', 'json']);
  expect(r.code, r.stderr + r.stdout).toBe(code);
  return JSON.parse(r.stdout) as Reconciled;
}

describe('Retain keeps what the member set', () => {
  it('applies the manifests as rendered while the member has no copy', async () => {
    await reconcile();
    expect(live('widget').spec).toEqual({ paused: false, size: 3 });
    expect(live('kustomization').spec).toEqual({ interval: '5m', path: './apps', suspend: false });
  });

  it('a member\'s own spec.paused and spec.suspend stay, and neither reads as drift', async () => {
    byHand('widget', { paused: true });
    byHand('kustomization', { suspend: true });
    const out = await reconcile();
    expect(live('widget').spec).toEqual({ paused: true, size: 3 });
    expect(live('kustomization').spec).toMatchObject({ suspend: true });
    expect(out.clusters[0]?.drift?.objects ?? []).toEqual([]);
    const drift = await runCliAsync(['drift', '--repo', repo, '--kubeconfig', kubeconfig, '--format', 'json']);
    expect(drift.code, drift.stderr + drift.stdout).toBe(0);
    expect(JSON.parse(drift.stdout).clusters[0].objects).toEqual([]);
  });

  it('a change of another field in the repository is still applied, the member\'s value still kept', async () => {
    writeFileSync(join(repo, 'widget.yaml'), widget(5));
    writeFileSync(join(repo, 'ks.yaml'), kustomization('./apps-v2'));
    await reconcile();
    expect(live('widget').spec).toEqual({ paused: true, size: 5 });
    expect(live('kustomization').spec).toEqual({ interval: '5m', path: './apps-v2', suspend: true });
  });

  it('without the customization the repository\'s value wins again', async () => {
    writeFileSync(join(repo, 'ric.yaml'), '# removed\n');
    await reconcile();
    expect(live('widget').spec).toEqual({ paused: false, size: 5 });
  });

  it('a Retain that fails holds its object back as failed, naming the script\'s line; the others are applied', async () => {
    writeFileSync(join(repo, 'ric.yaml'), widgetRic.replace('return desired', 'error("no keeping today")'));
    writeFileSync(join(repo, 'widget.yaml'), widget(8));
    writeFileSync(join(repo, 'ks.yaml'), kustomization('./apps-v3'));
    const out = await reconcile(1);
    const entry = out.clusters[0]?.entries.find((e) => e.subject === 'Widget/app/w');
    expect(entry?.action).toBe('failed');
    expect(entry?.reason).toContain('retention of ResourceInterpreterCustomization widget: ric.yaml:13:');
    expect(live('widget').spec).toEqual({ paused: false, size: 5 });
    expect(live('kustomization').spec).toMatchObject({ path: './apps-v3' });
  });
});
