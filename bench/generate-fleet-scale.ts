import type { Snapshot } from '../src/model/snapshot.js';
import { appManifest, appName, clusterName, clustersYaml, imageRepository } from './generate-repo.js';

/**
 * The repository of issue 21 ("render at fleet scale"): T Deployments and T ConfigMaps in 10 namespaces, C
 * Clusters, one ClusterPropagationPolicy that sends every template to every cluster, and two
 * ClusterOverridePolicies with one rule per cluster: a label on every object, and the image registry and the
 * replica count of every Deployment. Each cluster's objects therefore differ from every other cluster's:
 * nothing is shared between clusters, the worst case for memory. T=1000, C=100 is 201,000 objects (the 10
 * Namespaces go everywhere by themselves).
 */
export interface FleetScaleShape {
  templates: number;
  clusters: number;
}

const NAMESPACES = 10;

/** CLUSTER_LABEL is the label the per-cluster labels override adds to every object. */
export const CLUSTER_LABEL = 'fleet.example.com/cluster';

/** clusterRegistry is the image registry the override gives cluster i's Deployments. */
export function clusterRegistry(i: number): string {
  return `registry-${String(i).padStart(4, '0')}.example.com`;
}

/** clusterReplicas is the replica count the override gives cluster i's Deployments. */
export function clusterReplicas(i: number): number {
  return 1 + (i % 5);
}

function namespaces(): string {
  return Array.from({ length: NAMESPACES }, (_, ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: team-${ns}}\n`).join('---\n');
}

const PROPAGATION = `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterPropagationPolicy
metadata: {name: everywhere}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}, {apiVersion: v1, kind: ConfigMap}]
  placement:
    replicaScheduling: {replicaSchedulingType: Duplicated}
`;

function labelsPolicy(clusters: number): string {
  const rules = Array.from({ length: clusters }, (_, i) =>
    `    - targetCluster: {clusterNames: [${clusterName(i)}]}\n      overriders:\n        labelsOverrider: [{operator: add, value: {${CLUSTER_LABEL}: ${clusterName(i)}}}]\n`);
  return `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: cluster-labels}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}, {apiVersion: v1, kind: ConfigMap}, {apiVersion: v1, kind: Namespace}]
  overrideRules:
${rules.join('')}`;
}

function workloadPolicy(clusters: number): string {
  const rules = Array.from({ length: clusters }, (_, i) =>
    `    - targetCluster: {clusterNames: [${clusterName(i)}]}\n      overriders:\n` +
    `        imageOverrider: [{component: Registry, operator: replace, value: ${clusterRegistry(i)}}]\n` +
    `        plaintext: [{path: /spec/replicas, operator: replace, value: ${clusterReplicas(i)}}]\n`);
  return `apiVersion: policy.karmada.io/v1alpha1
kind: ClusterOverridePolicy
metadata: {name: cluster-workloads}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment}]
  overrideRules:
${rules.join('')}`;
}

/** generateFleetScale builds the repository of the given shape, deterministically (apps in files of 100). */
export function generateFleetScale(shape: FleetScaleShape): Snapshot {
  const files = new Map<string, string>();
  files.set('clusters.yaml', clustersYaml(shape.clusters));
  files.set('namespaces.yaml', namespaces());
  files.set('policies/propagation.yaml', PROPAGATION);
  files.set('policies/cluster-labels.yaml', labelsPolicy(shape.clusters));
  files.set('policies/cluster-workloads.yaml', workloadPolicy(shape.clusters));
  for (let chunk = 0; chunk * 100 < shape.templates; chunk++) {
    const n = Math.min(100, shape.templates - chunk * 100);
    files.set(`apps/chunk-${chunk}.yaml`, Array.from({ length: n }, (_, j) => appManifest(chunk * 100 + j)).join('---\n'));
  }
  return { revision: null, files };
}

/** fleetScaleObjects is how many objects the repository renders to: every template and Namespace on every cluster. */
export function fleetScaleObjects(shape: FleetScaleShape): number {
  return (2 * shape.templates + NAMESPACES) * shape.clusters;
}

/** fleetScaleApps lists the apps of the repository with their images, for the kustomize layout. */
export function fleetScaleApps(templates: number): { name: string; image: string }[] {
  return Array.from({ length: templates }, (_, i) => ({ name: appName(i), image: imageRepository(i) }));
}
