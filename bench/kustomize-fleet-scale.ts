import { stringify } from 'yaml';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../src/kube/field-manager.js';
import { appManifest, clusterName } from './generate-repo.js';
import { CLUSTER_LABEL, clusterRegistry, clusterReplicas, fleetScaleApps } from './generate-fleet-scale.js';
import { writeFiles } from './write-files.js';

const KUSTOMIZATION = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

/**
 * writeFleetScaleKustomize lays out what the repository of generate-fleet-scale.ts is without gitfed: a base per
 * app and one for the Namespaces; per cluster (only the indices given: a sample) one small overlay per app with
 * the cluster's replica count and registry (`replicas:`, `images:`, the layout kustomize builds fastest, see
 * kustomize-overlays.ts) and a cluster overlay adding the cluster's labels to everything. Returns cluster -> overlay.
 */
export function writeFleetScaleKustomize(dir: string, templates: number, clusters: readonly number[]): Map<string, string> {
  const files = new Map<string, string>();
  const apps = fleetScaleApps(templates);
  apps.forEach((app, i) => {
    files.set(`base/${app.name}/app.yaml`, appManifest(i));
    files.set(`base/${app.name}/kustomization.yaml`, 'resources: [app.yaml]\n');
  });
  files.set('base/namespaces/namespaces.yaml', Array.from({ length: 10 }, (_, ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: team-${ns}}\n`).join('---\n'));
  files.set('base/namespaces/kustomization.yaml', 'resources: [namespaces.yaml]\n');
  const overlays = new Map<string, string>();
  for (const i of clusters) {
    const cluster = clusterName(i);
    for (const app of apps) {
      files.set(`clusters/${cluster}/${app.name}/kustomization.yaml`, stringify({
        ...KUSTOMIZATION,
        resources: [`../../../base/${app.name}`],
        replicas: [{ name: app.name, count: clusterReplicas(i) }],
        images: [{ name: app.image, newName: app.image.replace(/^[^/]+/, clusterRegistry(i)) }],
      }));
    }
    files.set(`clusters/${cluster}/kustomization.yaml`, stringify({
      ...KUSTOMIZATION,
      resources: ['../../base/namespaces', ...apps.map((a) => a.name)],
      labels: [{ pairs: { [CLUSTER_LABEL]: cluster, [MANAGED_BY_LABEL]: FIELD_MANAGER } }],
    }));
    overlays.set(cluster, `${dir}/clusters/${cluster}`);
  }
  writeFiles(dir, files);
  return overlays;
}
