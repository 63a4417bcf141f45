import type { Snapshot } from '../src/model/snapshot.js';

/** RepoShape sizes a generated policy repository. */
export interface RepoShape {
  templates: number;
  clusters: number;
  /**
   * mixed (default): a third of the templates each Duplicated, static weighted and Aggregated over the prod
   * clusters; duplicated: every template on every cluster (a known object count per cluster, for apply)
   */
  placement?: 'mixed' | 'duplicated';
}

const REGIONS = ['us-east-1', 'europe-west1', 'southeastasia', 'europe-central'];
const PROVIDERS = ['aws', 'gcp', 'azure', 'onprem'];
const EU_REGIONS = ['europe-west1', 'europe-central'];
const REGISTRY = 'registry.example.com';
const EU_MIRROR = 'eu.mirror.example.com';
const CANARY_CLUSTER = 'member-0001';
const CANARY_ENV = [{ name: 'CANARY', value: 'true' }];

/** clusterName is the name of the i-th generated cluster. */
export function clusterName(i: number): string {
  return `member-${String(i).padStart(4, '0')}`;
}

/** appName is the name of the i-th generated Deployment (its ConfigMap is `<name>-config`). */
export function appName(i: number): string {
  return `app-${String(i).padStart(5, '0')}`;
}

/** imageRepository is the i-th app's image without its tag. */
export function imageRepository(i: number): string {
  return `${REGISTRY}/team-${i % 10}/${appName(i)}`;
}

function cluster(i: number): string {
  return `apiVersion: cluster.karmada.io/v1alpha1
kind: Cluster
metadata:
  name: ${clusterName(i)}
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

/** clustersYaml is the Cluster objects of a fleet of n, as one YAML stream. */
export function clustersYaml(n: number): string {
  return Array.from({ length: n }, (_, i) => cluster(i)).join('---\n');
}

/** appManifest is the i-th template: a Deployment (3 to 11 replicas unless given) and the ConfigMap it reads. */
export function appManifest(i: number, replicas = 3 + (i % 9)): string {
  const name = appName(i);
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: team-${i % 10}, labels: {app: ${name}, strategy: s${i % 3}}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: ${imageRepository(i)}:1.${i % 20}.0
          envFrom: [{configMapRef: {name: ${name}-config}}]
          resources: {requests: {cpu: 100m, memory: 128Mi}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}-config, namespace: team-${i % 10}}
data: {LOG_LEVEL: info, INDEX: "${i}"}
`;
}

/** propagationPolicy writes a namespaced PropagationPolicy for the Deployments matching `selector`. */
export function propagationPolicy(p: { namespace: string; name: string; selector: string; placement: string }): string {
  return `apiVersion: policy.karmada.io/v1alpha1
kind: PropagationPolicy
metadata: {name: ${p.name}, namespace: ${p.namespace}}
spec:
  propagateDeps: true
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment${p.selector}}]
  placement:
${p.placement}
---
`;
}

const PROD = '    clusterAffinity: {labelSelector: {matchLabels: {env: prod}}}';

/** PLACEMENTS are replica scheduling strategies as `placement:` YAML (the first three make a mixed repository). */
export const PLACEMENTS: Readonly<Record<'duplicated' | 'weighted' | 'aggregated' | 'dynamic', string>> = {
  duplicated: '    replicaScheduling: {replicaSchedulingType: Duplicated}',
  weighted: `    replicaScheduling:
      replicaSchedulingType: Divided
      weightPreference:
        staticWeightList:
          - {targetCluster: {fieldSelector: {matchExpressions: [{key: provider, operator: In, values: [aws]}]}}, weight: 2}
          - {targetCluster: {fieldSelector: {matchExpressions: [{key: provider, operator: NotIn, values: [aws]}]}}, weight: 1}`,
  aggregated: '    replicaScheduling: {replicaSchedulingType: Divided, replicaDivisionPreference: Aggregated}',
  dynamic: `    replicaScheduling:
      replicaSchedulingType: Divided
      replicaDivisionPreference: Weighted
      weightPreference: {dynamicWeight: AvailableReplicas}`,
};

function policies(placement: RepoShape['placement']): string {
  let out = '';
  for (let ns = 0; ns < 10; ns++) {
    const namespace = `team-${ns}`;
    if (placement === 'duplicated') {
      out += propagationPolicy({ namespace, name: 'everywhere', selector: '', placement: PLACEMENTS.duplicated });
      continue;
    }
    (['duplicated', 'weighted', 'aggregated'] as const).forEach((name, s) => {
      const selector = `, labelSelector: {matchLabels: {strategy: s${s}}}`;
      out += propagationPolicy({ namespace, name, selector, placement: `${PROD}\n${PLACEMENTS[name]}`.trimEnd() });
    });
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
    - targetCluster: {fieldSelector: {matchExpressions: [{key: region, operator: In, values: [${EU_REGIONS.join(', ')}]}]}}
      overriders:
        imageOverrider: [{component: Registry, operator: replace, value: ${EU_MIRROR}}]
        labelsOverrider: [{operator: add, value: {region: eu}}]
    - targetCluster: {clusterNames: [${CANARY_CLUSTER}]}
      overriders:
        plaintext: [{path: /spec/template/spec/containers/0/env, operator: add, value: ${JSON.stringify(CANARY_ENV)}}]
`;
}

/** ClusterOverrides is what the override policy changes on one cluster's Deployments, for a tool without one. */
export interface ClusterOverrides {
  /** the registry that replaces REGISTRY in image names */
  registry?: { from: string; to: string };
  labels: Record<string, string>;
  env: { name: string; value: string }[];
}

/** overridesOf says what the generated ClusterOverridePolicy does to the Deployments of a generated cluster. */
export function overridesOf(cluster: string): ClusterOverrides {
  const i = Number(cluster.slice('member-'.length));
  const eu = EU_REGIONS.includes(REGIONS[i % 4] ?? '');
  return {
    ...(eu ? { registry: { from: REGISTRY, to: EU_MIRROR } } : {}),
    labels: eu ? { region: 'eu' } : {},
    env: cluster === CANARY_CLUSTER ? CANARY_ENV : [],
  };
}

/** generateRepo builds a repository snapshot of the given shape, deterministically. */
export function generateRepo(shape: RepoShape): Snapshot {
  const files = new Map<string, string>();
  files.set('clusters.yaml', clustersYaml(shape.clusters));
  files.set('policies/propagation.yaml', policies(shape.placement));
  files.set('policies/overrides.yaml', overrides());
  for (let chunk = 0; chunk * 100 < shape.templates; chunk++) {
    const n = Math.min(100, shape.templates - chunk * 100);
    files.set(`apps/chunk-${chunk}.yaml`, Array.from({ length: n }, (_, j) => appManifest(chunk * 100 + j)).join('---\n'));
  }
  return { revision: null, files };
}
