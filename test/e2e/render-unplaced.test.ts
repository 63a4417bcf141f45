import { describe, expect, it } from 'vitest';
import { diffPlans } from '../../src/reconcile/plan-diff.js';
import { planMarkdown } from '../../src/reconcile/plan-markdown.js';
import { renderSnapshot } from '../../src/render/index.js';
import { runCli, tempRepo } from '../helpers/cli.js';
import { snapshotOf } from '../helpers/builders.js';

const CLUSTERS = 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: m1, labels: {env: prod}}\n';
const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: default}\ndata: {a: b}\n';
const pp = (placement: string, extra = '') => `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: default}
spec:
  resourceSelectors: [{apiVersion: v1, kind: ConfigMap, name: web}]
${extra}  placement:
${placement}`;

describe('results that place nothing are visible in every output', () => {
  it.each([
    ['a selector that matches no cluster', pp('    clusterAffinity: {labelSelector: {matchLabels: {env: dev}}}\n'), /places it nowhere/],
    ['a cluster name that does not exist', pp('    clusterAffinity: {clusterNames: [nowhere]}\n'), /places it nowhere/],
    ['spreadByLabel over clusters without the label', pp('    spreadConstraints: [{spreadByLabel: rack, maxGroups: 1, minGroups: 1}]\n'), /places it nowhere/],
    ['a schedulerName that is not the default scheduler', pp('    clusterAffinity: {clusterNames: [m1]}\n', '  schedulerName: other\n'), /schedulerName other is not handled/],
  ])('%s is a warning on stderr in YAML mode, naming the template', (_name, policy, message) => {
    const dir = tempRepo({ 'clusters.yaml': CLUSTERS, 'cm.yaml': CM, 'pp.yaml': policy });
    const r = runCli(['render', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^cm\.yaml:1: warning: ConfigMap\/default\/web: PropagationPolicy\/default\/web places it nowhere/m);
    expect(r.stderr).toMatch(message);
  });

  it('gitfed plan shows it', () => {
    const base = renderSnapshot(snapshotOf({ 'clusters.yaml': CLUSTERS, 'cm.yaml': CM, 'pp.yaml': pp('    clusterAffinity: {clusterNames: [m1]}\n') })).plan;
    const head = renderSnapshot(snapshotOf({ 'clusters.yaml': CLUSTERS, 'cm.yaml': CM, 'pp.yaml': pp('    clusterAffinity: {clusterNames: [nowhere]}\n') })).plan;
    expect(planMarkdown(diffPlans(base, head))).toMatch(/cm\.yaml:1: warning: ConfigMap\/default\/web: PropagationPolicy\/default\/web places it nowhere/);
  });
});

describe("Karmada's own samples render as Karmada computes them", () => {
  // artifacts/example/propagationpolicy_taintToleration.yaml of karmada-io/karmada, verbatim
  const TOLERATION_SAMPLE = `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata:
  name: nginx-propagation
spec:
  resourceSelectors:
    - apiVersion: apps/v1
      kind: Deployment
      name: nginx
  placement:
    clusterAffinity:
      clusterNames:
        - member1
        - member2
    clusterTolerations:
      - effect: "NoSchedule"
`;
  const members = 'apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: member1}\n---\napiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\nmetadata: {name: member2}\nspec:\n  taints: [{key: cluster.karmada.io/not-ready, effect: NoSchedule}]\n';
  const nginx = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: nginx}}\n  template: {metadata: {labels: {app: nginx}}, spec: {containers: [{name: nginx, image: nginx}]}}\n';

  it('the taint toleration example is valid and tolerates an empty-value NoSchedule taint', () => {
    const { plan } = renderSnapshot(snapshotOf({ 'clusters.yaml': members, 'nginx.yaml': nginx, 'pp.yaml': TOLERATION_SAMPLE }));
    expect(plan.diagnostics).toEqual([]);
    expect(plan.bindings.find((b) => b.resource === 'apps/v1/Deployment/default/nginx')?.clusters.map((c) => c.name)).toEqual(['member1', 'member2']);
  });
});
