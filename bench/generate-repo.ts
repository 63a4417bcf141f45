import type { Snapshot } from '../src/model/snapshot.js';

/** RepoShape sizes a generated policy repository. */
export interface RepoShape {
  templates: number;
  clusters: number;
}

const REGIONS = ['us-east-1', 'europe-west1', 'southeastasia', 'europe-central'];
const PROVIDERS = ['aws', 'gcp', 'azure', 'onprem'];

function cluster(i: number): string {
  return `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata:
  name: member-${String(i).padStart(4, '0')}
  labels: {env: ${i % 5 === 0 ? 'staging' : 'prod'}, shard: "${i % 10}"}
spec:
  provider: ${PROVIDERS[i % 4]}
  region: ${REGIONS[i % 4]}
  zones: [${REGIONS[i % 4]}-a]
status:
  resourceSummary:
    allocatable: {cpu: "${16 + (i % 7) * 8}", memory: 128Gi, pods: "110"}
    allocated: {cpu: "${i % 5}", memory: 8Gi, pods: "10"}
`;
}

function app(i: number): string {
  const name = `app-${String(i).padStart(5, '0')}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: team-${i % 10}, labels: {app: ${name}, strategy: s${i % 3}}}
spec:
  replicas: ${3 + (i % 9)}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: registry.example.com/team-${i % 10}/${name}:1.${i % 20}.0
          envFrom: [{configMapRef: {name: ${name}-config}}]
          resources: {requests: {cpu: 100m, memory: 128Mi}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}-config, namespace: team-${i % 10}}
data: {LOG_LEVEL: info, INDEX: "${i}"}
`;
}

function policies(): string {
  const pp = (ns: number, name: string, strategy: string, placement: string) => `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: ${name}, namespace: team-${ns}}
spec:
  propagateDeps: true
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, labelSelector: {matchLabels: {strategy: ${strategy}}}}]
  placement:
    clusterAffinity: {labelSelector: {matchLabels: {env: prod}}}
${placement}
---
`;
  let out = '';
  for (let ns = 0; ns < 10; ns++) {
    out += pp(ns, 'duplicated', 's0', '');
    out += pp(ns, 'weighted', 's1', `    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {fieldSelector: {matchExpressions: [{key: provider, operator: In, values: [aws]}]}}, weight: 2}
          - {targetCluster: {fieldSelector: {matchExpressions: [{key: provider, operator: NotIn, values: [aws]}]}}, weight: 1}`);
    out += pp(ns, 'aggregated', 's2', `    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}`);
  }
  return out;
}

function overrides(): string {
  return `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: registries}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  overrideRules:
    - targetCluster: {fieldSelector: {matchExpressions: [{key: region, operator: In, values: [europe-west1, europe-central]}]}}
      overriders:
        imageOverrider: [{component: Registry, operator: replace, value: eu.mirror.example.com}]
        labelsOverrider: [{operator: add, value: {region: eu}}]
    - targetCluster: {clusterNames: [member-0001]}
      overriders:
        plaintext: [{path: /spec/template/spec/containers/0/env, operator: add, value: [{name: CANARY, value: "true"}]}]
`;
}

/** generateRepo builds a repository snapshot of the given shape, deterministically. */
export function generateRepo(shape: RepoShape): Snapshot {
  const files = new Map<string, string>();
  files.set('clusters.yaml', Array.from({ length: shape.clusters }, (_, i) => cluster(i)).join('---\n'));
  files.set('policies/propagation.yaml', policies());
  files.set('policies/overrides.yaml', overrides());
  for (let chunk = 0; chunk * 100 < shape.templates; chunk++) {
    const n = Math.min(100, shape.templates - chunk * 100);
    files.set(`apps/chunk-${chunk}.yaml`, Array.from({ length: n }, (_, j) => app(chunk * 100 + j)).join('---\n'));
  }
  return { revision: null, files };
}
