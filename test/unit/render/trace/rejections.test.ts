/**
 * One row per reason the placement trace can give for a cluster (every filter plugin and the scheduling steps after
 * them): the verdict's step (the JSON) and the line `gitfed explain` prints for it (the text).
 */
import { describe, expect, it } from 'vitest';
import type { ClusterVerdict, TemplateTrace } from '../../../../src/model/trace.js';
import { renderOutage, renderSnapshot } from '../../../../src/render/index.js';
import { explainText, verdictLine } from '../../../../src/cli/commands/explain-text.js';
import { snapshotOf } from '../../../helpers/builders.js';

const cluster = (name: string, body: string) => `apiVersion: cluster.karmada.io/v1alpha1\nkind: Cluster\n${body.replace('NAME', name)}`;
const summary = (cpu: number) => `status:\n  resourceSummary:\n    allocatable: {cpu: "${cpu}", memory: 64Gi, pods: "110"}\n`;
const CLUSTERS = [
  cluster('m-east', `metadata: {name: NAME, labels: {env: prod}}\nspec: {provider: aws, region: us-east, zones: [us-east-1a]}\n${summary(8)}`),
  cluster('m-west', `metadata: {name: NAME, labels: {env: prod}}\nspec: {provider: gcp, region: us-west, zones: [us-west-1a]}\n${summary(4)}`),
  cluster('m-edge', `metadata: {name: NAME, labels: {env: edge}}\nspec:\n  provider: onprem\n  region: eu\n  zones: [eu-1]\n  taints: [{key: dedicated, value: gpu, effect: NoSchedule}]\n${summary(64)}`),
  cluster('m-bare', `metadata: {name: NAME, labels: {env: prod}}\nspec: {}\n${summary(2)}`),
  cluster('m-old', `metadata: {name: NAME, labels: {env: prod}, deletionTimestamp: "2026-01-01T00:00:00Z"}\nspec: {provider: aws, region: us-east}\n${summary(8)}`),
  cluster('m-api', `metadata: {name: NAME, labels: {env: prod}}\nspec: {provider: aws, region: ap, zones: [ap-1]}\nstatus:\n  apiEnablements: [{groupVersion: v1, resources: [{name: configmaps, kind: ConfigMap}]}]\n  resourceSummary:\n    allocatable: {cpu: "8", memory: 64Gi, pods: "110"}\n`),
].join('---\n');

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.25, resources: {requests: {cpu: "1"}}}]
`;

/** policy is PropagationPolicy shop/web over the Deployment, with `spec` lines after its selector (indented 2). */
const policy = (spec: string) => `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: web, namespace: shop}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: web}]
${spec}`;

const DIVIDED = (pref: string) => `    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: ${pref}}\n`;

function traceOf(spec: string, extra: Record<string, string> = {}, outage?: string[]): TemplateTrace {
  const snapshot = snapshotOf({ 'clusters.yaml': CLUSTERS, 'web.yaml': WEB, 'policy.yaml': policy(spec), ...extra });
  const { plan } = outage ? renderOutage(snapshot, outage, { trace: true }) : renderSnapshot(snapshot, undefined, undefined, undefined, { trace: true });
  expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const trace = plan.trace?.templates['apps/v1/Deployment/shop/web'];
  if (!trace) throw new Error('no trace of shop/web');
  return trace;
}

function verdictOf(trace: TemplateTrace, name: string): ClusterVerdict {
  const v = trace.clusters.find((c) => c.cluster === name);
  if (!v) throw new Error(`no verdict for ${name}`);
  return v;
}

interface Row {
  rule: string;
  spec: string;
  cluster: string;
  step: ClusterVerdict['step'];
  line: string;
  extra?: Record<string, string>;
  outage?: string[];
}

const ROWS: Row[] = [
  { rule: 'a deleting cluster is skipped before the filters', spec: '  placement: {}\n', cluster: 'm-old', step: 'Deleting', line: 'm-old: rejected by deletion: the Cluster is being deleted' },
  {
    rule: 'APIEnablement: the cluster does not serve the template\'s API', spec: '  placement: {}\n', cluster: 'm-api', step: 'APIEnablement',
    line: 'm-api: rejected by API enablement: apps/v1 Deployment is not listed in the cluster\'s status.apiEnablements',
  },
  {
    rule: 'TaintToleration: a NoSchedule taint the policy does not tolerate', spec: '  placement: {}\n', cluster: 'm-edge', step: 'TaintToleration',
    line: 'm-edge: rejected by taint dedicated=gpu:NoSchedule (not tolerated by PropagationPolicy/shop/web)',
  },
  {
    rule: 'TaintToleration: a NoExecute taint derived from health (a failed cluster)', spec: '  placement: {}\n', cluster: 'm-east', step: 'TaintToleration', outage: ['m-east'],
    line: 'm-east: rejected by taint cluster.karmada.io/unreachable:NoExecute (the toleration of PropagationPolicy/shop/web ran out)',
  },
  {
    rule: 'ClusterAffinity: exclude lists the cluster', spec: '  placement:\n    clusterAffinity: {exclude: [m-west]}\n', cluster: 'm-west', step: 'ClusterAffinity',
    line: 'm-west: rejected by cluster affinity: clusterAffinity.exclude lists m-west',
  },
  {
    rule: 'ClusterAffinity: clusterNames does not list the cluster', spec: '  placement:\n    clusterAffinity: {clusterNames: [m-east]}\n', cluster: 'm-west', step: 'ClusterAffinity',
    line: 'm-west: rejected by cluster affinity: clusterAffinity.clusterNames [m-east] does not list m-west',
  },
  {
    rule: 'ClusterAffinity: a matchLabels label differs',
    spec: '  placement:\n    clusterTolerations: [{key: dedicated, operator: Exists}]\n    clusterAffinity: {labelSelector: {matchLabels: {env: prod}}}\n',
    cluster: 'm-edge', step: 'ClusterAffinity', line: 'm-edge: rejected by cluster affinity: clusterAffinity.labelSelector env=prod (the cluster has env=edge)',
  },
  {
    rule: 'ClusterAffinity: a matchExpressions requirement fails',
    spec: '  placement:\n    clusterAffinity: {labelSelector: {matchExpressions: [{key: gpu, operator: Exists}]}}\n', cluster: 'm-east', step: 'ClusterAffinity',
    line: 'm-east: rejected by cluster affinity: clusterAffinity.labelSelector gpu Exists (the cluster has no label gpu)',
  },
  {
    rule: 'ClusterAffinity: a fieldSelector requirement fails',
    spec: '  placement:\n    clusterAffinity: {fieldSelector: {matchExpressions: [{key: provider, operator: In, values: [aws]}]}}\n', cluster: 'm-west', step: 'ClusterAffinity',
    line: 'm-west: rejected by cluster affinity: clusterAffinity.fieldSelector provider In [aws] (the cluster has provider=gcp)',
  },
  {
    rule: 'ClusterAffinity: the clusterAffinities term that scheduled does not select the cluster',
    spec: '  placement:\n    clusterAffinities:\n      - {affinityName: primary, clusterNames: [m-gone]}\n      - {affinityName: backup, clusterNames: [m-east]}\n',
    cluster: 'm-west', step: 'ClusterAffinity', line: 'm-west: rejected by cluster affinity: clusterAffinities[1] (backup).clusterNames [m-east] does not list m-west',
  },
  {
    rule: 'SpreadConstraint: the cluster lacks the spread-by field',
    spec: '  placement:\n    spreadConstraints: [{spreadByField: region, maxGroups: 5, minGroups: 1}, {spreadByField: cluster, maxGroups: 5, minGroups: 1}]\n',
    cluster: 'm-bare', step: 'SpreadConstraint', line: 'm-bare: rejected by spread constraint: spreadByField region needs it, and the cluster has no region',
  },
  {
    rule: 'spread selection: not among the clusters a cluster constraint keeps',
    spec: '  placement:\n    clusterAffinity: {clusterNames: [m-east, m-west]}\n    spreadConstraints: [{spreadByField: cluster, maxGroups: 1, minGroups: 1}]\n',
    cluster: 'm-west', step: 'SpreadSelection',
    line: 'm-west: rejected by spread selection: spreadByField cluster keeps 1 cluster(s) (maxGroups), most available replicas first, then name; it was not among them',
  },
  {
    rule: 'spread selection: not in the chosen region',
    spec: '  placement:\n    clusterAffinity: {clusterNames: [m-east, m-west]}\n    spreadConstraints: [{spreadByField: region, maxGroups: 1, minGroups: 1}, {spreadByField: cluster, maxGroups: 2, minGroups: 1}]\n',
    cluster: 'm-west', step: 'SpreadSelection', line: 'm-west: rejected by spread selection: spreadByField region chose us-east (maxGroups 1), not us-west',
  },
  {
    rule: 'overflow tier: the tiers before it hold every replica',
    spec: `  placement:\n    clusterAffinities:\n      - affinityName: main\n        clusterNames: [m-east]\n        overflowAffinities: [{affinityName: burst, clusterNames: [m-west]}]\n${DIVIDED('Aggregated')}`,
    cluster: 'm-west', step: 'Assignment', line: 'm-west: rejected by overflow tier 1: the tiers before it hold all 4 replicas',
  },
  {
    rule: 'replica assignment: no staticWeightList rule matches the cluster',
    spec: '  placement:\n    clusterAffinity: {clusterNames: [m-east, m-west]}\n    replicaScheduling:\n      replicaSchedulingType: Divided\n      replicaDivisionPreference: Weighted\n      weightPreference: {staticWeightList: [{targetCluster: {clusterNames: [m-east]}, weight: 1}]}\n',
    cluster: 'm-west', step: 'Assignment', line: 'm-west: rejected by replica assignment: no staticWeightList rule matches it (weight 0)',
  },
  {
    rule: 'replica assignment: Aggregated needs no more clusters',
    spec: `  placement:\n    clusterAffinity: {clusterNames: [m-east, m-west]}\n${DIVIDED('Aggregated')}`, cluster: 'm-west', step: 'Assignment',
    line: 'm-west: rejected by replica assignment: Aggregated needs no more clusters; the clusters with more available replicas hold all 4',
  },
  {
    rule: 'unschedulable: too little capacity for the replicas',
    spec: `  placement:\n    clusterAffinity: {clusterNames: [m-bare]}\n${DIVIDED('Aggregated')}`, cluster: 'm-bare', step: 'Unschedulable',
    line: 'm-bare: rejected by clusterAffinity could not be scheduled: failed to assign replicas: insufficient capacity: 4 replicas requested, 2 available',
  },
  {
    rule: 'suspended dispatching', spec: '  placement: {clusterAffinity: {clusterNames: [m-east]}}\n  suspension: {dispatchingOnClusters: {clusterNames: [m-east]}}\n',
    cluster: 'm-east', step: 'Suspended', line: 'm-east: rejected by dispatching suspended by PropagationPolicy/shop/web (suspendDispatching)',
  },
  {
    rule: 'no policy claims the template', spec: '  placement: {}\n', cluster: 'm-east', step: 'Unclaimed',
    extra: { 'policy.yaml': '' },
    line: 'm-east: rejected by no PropagationPolicy of its namespace and no ClusterPropagationPolicy selects it',
  },
  {
    rule: 'an override rule fails on the cluster', spec: '  placement: {clusterAffinity: {clusterNames: [m-east]}}\n', cluster: 'm-east', step: 'OverrideFailed',
    extra: {
      'override.yaml': 'apiVersion: policy.karmada.io/v1alpha1\nkind: OverridePolicy\nmetadata: {name: broken, namespace: shop}\nspec:\n  overrideRules:\n    - overriders:\n        plaintext: [{path: /spec/nothing/here, operator: replace, value: 1}]\n',
    },
    line: 'm-east: rejected by override failed: Deployment/shop/web: OverridePolicy/shop/broken: plaintext[0] (/spec/nothing/here): replace operation does not apply: doc is missing path "/spec/nothing/here"',
  },
];

describe('explain: every reason a cluster can be rejected for', () => {
  it.each(ROWS)('$rule', (row) => {
    const v = verdictOf(traceOf(row.spec, row.extra, row.outage), row.cluster);
    expect({ kept: v.kept, step: v.step }).toEqual({ kept: false, step: row.step });
    expect(verdictLine(v)).toBe(row.line);
  });

  it('names the taint in the JSON too', () => {
    expect(verdictOf(traceOf('  placement: {}\n'), 'm-edge').taint).toBe('dedicated=gpu:NoSchedule');
  });

  it('keeps the clusters that pass, with their replicas and estimates', () => {
    const trace = traceOf(`  placement:\n    clusterAffinity: {clusterNames: [m-east, m-west]}\n${DIVIDED('Aggregated')}`);
    expect(verdictLine(verdictOf(trace, 'm-east'))).toBe('m-east: kept (passed every filter), 4 replicas, 8 available');
  });

  it('records each clusterAffinities term tried, the failed one with Karmada\'s message', () => {
    const trace = traceOf('  placement:\n    clusterAffinities:\n      - {affinityName: primary, clusterNames: [m-gone]}\n      - {affinityName: backup, clusterNames: [m-east]}\n');
    expect(trace.attempts).toEqual([
      { index: 0, term: 'primary', ok: false, reason: expect.stringMatching(/^0\/6 clusters are available: /) as unknown as string },
      { index: 1, term: 'backup', ok: true },
    ]);
    expect(explainText(trace)).toMatch(/\nclusterAffinities, tried in order:\n {2}primary: failed: 0\/6 clusters are available: [^\n]+\n {2}backup: scheduled\n/);
  });

  it('ClusterEviction: application failover evicted the template from the cluster', () => {
    const snapshot = snapshotOf({ 'clusters.yaml': CLUSTERS, 'web.yaml': WEB, 'policy.yaml': policy('  placement: {clusterAffinity: {clusterNames: [m-east, m-west]}}\n') });
    const evicted = new Map([['apps/v1/Deployment/shop/web', new Set(['m-west'])]]);
    const { plan } = renderSnapshot(snapshot, (c) => ({ ...c, appEvictions: evicted }), undefined, undefined, { trace: true });
    const v = verdictOf(plan.trace?.templates['apps/v1/Deployment/shop/web'] as TemplateTrace, 'm-west');
    expect({ kept: v.kept, step: v.step }).toEqual({ kept: false, step: 'ClusterEviction' });
    expect(verdictLine(v)).toBe('m-west: rejected by application failover: the template stayed unhealthy here past failover.application.decisionConditions.tolerationSeconds');
  });
});
