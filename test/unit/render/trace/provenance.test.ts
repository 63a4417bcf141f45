/** The parts of the placement trace besides cluster verdicts: the claim, override provenance, replica arithmetic, KubeFed. */
import { describe, expect, it } from 'vitest';
import { readDirectorySnapshot } from '../../../../src/git/directory-source.js';
import type { PlacementTrace, TemplateTrace } from '../../../../src/model/trace.js';
import { renderSnapshot } from '../../../../src/render/index.js';
import { snapshotOf, clusterDocs } from '../../../helpers/builders.js';

async function exampleTrace(repo: string): Promise<PlacementTrace> {
  const { plan } = renderSnapshot(await readDirectorySnapshot(`examples/${repo}`), undefined, undefined, undefined, { trace: true });
  if (!plan.trace) throw new Error('no trace');
  return plan.trace;
}

function traced(files: Record<string, string>, key: string): TemplateTrace {
  const { plan } = renderSnapshot(snapshotOf(files), undefined, undefined, undefined, { trace: true });
  const t = plan.trace?.templates[key];
  if (!t) throw new Error(`no trace of ${key}`);
  return t;
}

const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: app, labels: {tier: web}}\ndata: {a: b}\n';
const pp = (name: string, priority: number, selector: string) =>
  `apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: ${name}, namespace: app}\nspec:\n  priority: ${priority}\n  resourceSelectors: [${selector}]\n  placement: {}\n`;
const cpp = (name: string) =>
  `apiVersion: policy.karmada.io/v1alpha1\nkind: ClusterPropagationPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: 100\n  resourceSelectors: [{apiVersion: v1, kind: ConfigMap}]\n  placement: {}\n`;
const BY_NAME = '{apiVersion: v1, kind: ConfigMap, name: cfg}';
const BY_LABEL = '{apiVersion: v1, kind: ConfigMap, labelSelector: {matchLabels: {tier: web}}}';

describe('trace: which policy claims a template', () => {
  it.each([
    ['the higher explicit priority wins', [pp('a', 0, BY_NAME), pp('b', 5, BY_LABEL)], 'PropagationPolicy/app/b', 'PropagationPolicy/app/a', 'priority 0 < 5'],
    ['an explicit name beats a label selector at equal priority', [pp('a', 0, BY_LABEL), pp('b', 0, BY_NAME)], 'PropagationPolicy/app/b', 'PropagationPolicy/app/a',
      'it selects by a label selector, which loses to an explicit name'],
    ['the smaller name wins at equal priority and selector', [pp('b', 0, BY_NAME), pp('a', 0, BY_NAME)], 'PropagationPolicy/app/a', 'PropagationPolicy/app/b',
      'same priority and selector; name "b" sorts after "a"'],
    ['a PropagationPolicy beats any ClusterPropagationPolicy', [pp('a', 0, BY_LABEL), cpp('everything')], 'PropagationPolicy/app/a', 'ClusterPropagationPolicy/everything',
      'a PropagationPolicy of the namespace always wins over a ClusterPropagationPolicy'],
  ])('%s', (_rule, policies, winner, loser, because) => {
    const t = traced({ 'clusters.yaml': clusterDocs(['m1']), 'cm.yaml': CONFIG, 'policies.yaml': policies.join('---\n') }, 'v1/ConfigMap/app/cfg');
    expect(t.claim.policy).toBe(winner);
    expect(t.claim.rivals).toEqual([{ policy: loser, lostBecause: because }]);
  });

  it('says why a template in a reserved namespace is never propagated', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: kube-public}\n';
    const t = traced({ 'clusters.yaml': clusterDocs(['m1']), 'cm.yaml': cm, 'p.yaml': cpp('all') }, 'v1/ConfigMap/kube-public/x');
    expect(t.claim).toEqual({ reason: 'never propagated: namespace kube-public is never propagated', rivals: [] });
    expect(t.clusters[0]).toMatchObject({ cluster: 'm1', kept: false, step: 'Unclaimed' });
  });
});

describe('trace: override provenance', () => {
  it('names the policy, rule and overrider that set each field on each cluster, and the value before', async () => {
    const web = (await exampleTrace('policy-repo')).templates['apps/v1/Deployment/shop/web'];
    expect(web?.overrides.filter((o) => o.cluster === 'azure-asia')).toEqual([
      {
        cluster: 'azure-asia', path: '/spec/template/spec/containers/0/image', policy: 'ClusterOverridePolicy/regional-registries', rule: 1, overrider: 'imageOverrider',
        source: { file: 'policies/overrides.yaml', line: 22 }, before: 'registry.example.com/shop/web:1.4.2', after: 'asia.mirror.example.com/shop/web:1.4.2',
      },
      {
        cluster: 'azure-asia', path: '/metadata/labels/example.com~1team', policy: 'OverridePolicy/shop/shop-owner', rule: 0, overrider: 'labelsOverrider',
        source: { file: 'policies/overrides.yaml', line: 60 }, after: 'shop',
      },
    ]);
  });

  it('records a field two rules set twice, in the order they ran', () => {
    const op = (name: string, value: string) => `apiVersion: policy.karmada.io/v1alpha1\nkind: OverridePolicy\nmetadata: {name: ${name}, namespace: app}\nspec:\n  overrideRules:\n    - overriders: {plaintext: [{path: /data/a, operator: replace, value: ${value}}]}\n`;
    const files = { 'clusters.yaml': clusterDocs(['m1']), 'cm.yaml': CONFIG, 'p.yaml': pp('a', 0, BY_NAME), 'o.yaml': [op('first', 'one'), op('second', 'two')].join('---\n') };
    const changes = traced(files, 'v1/ConfigMap/app/cfg').overrides.map((o) => [o.policy, o.before, o.after]);
    expect(changes).toEqual([['OverridePolicy/app/first', 'b', 'one'], ['OverridePolicy/app/second', 'one', 'two']]);
  });

  it('never shows a Secret\'s values, only which key a rule changed', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: app}\ndata: {password: c2VjcmV0}\n';
    const selector = '{apiVersion: v1, kind: Secret, name: s}';
    const op = 'apiVersion: policy.karmada.io/v1alpha1\nkind: OverridePolicy\nmetadata: {name: pw, namespace: app}\nspec:\n  overrideRules:\n    - overriders: {plaintext: [{path: /data/password, operator: replace, value: b3RoZXI=}]}\n';
    const t = traced({ 'clusters.yaml': clusterDocs(['m1']), 's.yaml': secret, 'p.yaml': pp('a', 0, selector), 'o.yaml': op }, 'v1/Secret/app/s');
    expect(t.overrides).toEqual([expect.objectContaining({ path: '/data/password', before: '***', after: '***' })]);
    expect(JSON.stringify(t)).not.toMatch(/c2VjcmV0|b3RoZXI=/);
  });
});

describe('trace: replica arithmetic', () => {
  it('gives each cluster its static weight, exact share and replicas', async () => {
    const web = (await exampleTrace('policy-repo')).templates['apps/v1/Deployment/shop/web'];
    expect(web?.replicas).toMatchObject({
      strategy: 'StaticWeight', total: 8, mode: 'fresh', remainderOrder: [],
      shares: [
        { cluster: 'aws-us-east', weight: 2, exact: 4, replicas: 4 },
        { cluster: 'gcp-europe', weight: 1, exact: 2, replicas: 2 },
        { cluster: 'azure-asia', weight: 1, exact: 2, replicas: 2 },
      ],
    });
  });

  it('names the clusters that got the rounding remainder', () => {
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: app}\nspec:\n  replicas: 5\n  selector: {matchLabels: {a: w}}\n  template: {metadata: {labels: {a: w}}, spec: {containers: [{name: c, image: i}]}}\n';
    const policy = 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: w, namespace: app}\nspec:\n  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]\n  placement:\n    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Weighted}\n';
    const t = traced({ 'clusters.yaml': clusterDocs(['m1', 'm2', 'm3']), 'd.yaml': deploy, 'p.yaml': policy }, 'apps/v1/Deployment/app/w');
    expect(t.replicas?.shares.map((s) => [s.cluster, s.replicas, s.remainder ?? false])).toEqual([['m1', 2, true], ['m2', 2, true], ['m3', 1, false]]);
    expect(t.replicas?.remainderOrder).toEqual(['m1', 'm2']);
  });
});

describe('trace: KubeFed and Federation v1', () => {
  it.each([
    ['a cluster outside a KubeFed placement', 'apps/v1/Deployment/shop/web', 'edge', 'Placement', 'placement: FederatedDeployment/shop/web spec.placement does not select it'],
    ['a selected KubeFed cluster that is not Ready', 'apps/v1/Deployment/shop/web', 'eu-central', 'NotReady', 'readiness: the cluster is selected but not Ready'],
    ['a cluster the Federation v1 selector annotation leaves out', 'v1/ConfigMap/shop/legacy-settings', 'us-east', 'Placement',
      'placement: the cluster\'s labels do not match the annotation federation.alpha.kubernetes.io/cluster-selector: region In [eu] (the cluster has region=us)'],
  ])('%s', async (_rule, key, cluster, step, reason) => {
    const verdict = (await exampleTrace('kubefed-repo')).templates[key]?.clusters.find((v) => v.cluster === cluster);
    expect(verdict).toMatchObject({ kept: false, step });
    expect(verdict?.reason.startsWith(reason)).toBe(true);
  });
});
