import { stringify } from 'yaml';
import type { Plan } from '../src/model/plan.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../src/kube/field-manager.js';
import { appManifest, appName, imageRepository, overridesOf, type ClusterOverrides } from './generate-repo.js';
import { writeFiles } from './write-files.js';

/** KustomizeTree is a written base-and-overlays layout: one overlay directory per cluster that receives anything (or per cluster asked for). */
export interface KustomizeTree {
  /** cluster name -> overlay directory */
  overlays: Map<string, string>;
}

const KUSTOMIZATION = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

/** appOverlay sets one app's replica count (and registry) on one cluster: `clusters/<cluster>/<app>/`. */
function appOverlay(app: { name: string; count: number }, image: string, registry: ClusterOverrides['registry']): string {
  return stringify({
    ...KUSTOMIZATION,
    resources: [`../../../base/${app.name}`],
    replicas: [app],
    ...(registry ? { images: [{ name: image, newName: image.replace(registry.from, registry.to) }] } : {}),
  });
}

/** clusterOverlay gathers the cluster's apps and applies what the override policy does to all its Deployments. */
function clusterOverlay(apps: readonly string[], overrides: ClusterOverrides): string {
  const ops = [
    ...Object.entries(overrides.labels).map(([k, v]) => ({ op: 'add', path: `/metadata/labels/${k}`, value: v })),
    ...(overrides.env.length > 0 ? [{ op: 'add', path: '/spec/template/spec/containers/0/env', value: overrides.env }] : []),
  ];
  return stringify({
    ...KUSTOMIZATION,
    resources: apps,
    labels: [{ pairs: { [MANAGED_BY_LABEL]: FIELD_MANAGER } }],
    ...(ops.length > 0 ? { patches: [{ target: { kind: 'Deployment' }, patch: JSON.stringify(ops) }] } : {}),
  });
}

/**
 * writeKustomizeTree lays out what a team without gitfed keeps: a base per app (its Deployment and ConfigMap,
 * the same text as the generated repository) and an overlay per cluster listing the apps placed there, with
 * the label and env patches of the override policy, and under it one small overlay per app with the plan's
 * replica count (`replicas:`) and the registry mirror (`images:`). The per-app level is there for kustomize's
 * sake: one `images:` list of 300 apps for a whole cluster took 20 s where this layout takes 2 s, and per-app
 * JSON patches or one strategic-merge file per cluster were slower too. The placement itself is taken from
 * the plan: kustomize has no notion of it.
 */
export function writeKustomizeTree(dir: string, templates: number, plan: Plan, only?: readonly string[]): KustomizeTree {
  const files = new Map<string, string>();
  const images = new Map<string, string>();
  for (let i = 0; i < templates; i++) {
    files.set(`base/${appName(i)}/app.yaml`, appManifest(i));
    files.set(`base/${appName(i)}/kustomization.yaml`, 'resources: [app.yaml]\n');
    images.set(appName(i), imageRepository(i));
  }
  const overlays = new Map<string, string>();
  for (const [cluster, objects] of Object.entries(plan.clusters)) {
    // a large fleet's overlays are hundreds of thousands of files: write only those that will be built
    if (objects.length === 0 || (only && !only.includes(cluster))) continue;
    const overrides = overridesOf(cluster);
    const apps = objects.filter((o) => o.kind === 'Deployment').map((o) => ({
      name: o.metadata.name,
      count: (o.spec as { replicas?: number } | undefined)?.replicas ?? 1,
    }));
    for (const app of apps) files.set(`clusters/${cluster}/${app.name}/kustomization.yaml`, appOverlay(app, images.get(app.name) ?? '', overrides.registry));
    files.set(`clusters/${cluster}/kustomization.yaml`, clusterOverlay(apps.map((a) => a.name), overrides));
    overlays.set(cluster, `${dir}/clusters/${cluster}`);
  }
  writeFiles(dir, files);
  return { overlays };
}
