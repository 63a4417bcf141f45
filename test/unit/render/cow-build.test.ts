import { describe, expect, it } from 'vitest';
import { copyTemplate, deepCopy } from '../../../src/kube/deep-copy.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../../../src/kube/field-manager.js';
import type { KubeObject } from '../../../src/model/kube.js';
import type { Overriders } from '../../../src/model/policy.js';
import { buildManifestVariant } from '../../../src/render/manifest.js';
import { applyRulesInPlace, type SelectedRule } from '../../../src/render/overrides/index.js';
import { stripServerFields } from '../../../src/render/prune-fields.js';
import { setReplicasInPlace } from '../../../src/render/replicas/revise.js';

/** deepFreeze makes any write to the template throw (ES modules are strict): a build that forgets to copy fails. */
function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** byCopy is the build as it was before copy on write: a deep copy of the template, then every step in place. */
function byCopy(template: KubeObject, rules: SelectedRule[], replicas?: number): KubeObject {
  let obj = copyTemplate(template);
  if (replicas !== undefined) setReplicasInPlace(obj, replicas, undefined, template);
  obj = applyRulesInPlace(obj, rules).object;
  stripServerFields(obj);
  obj.metadata.labels = { ...obj.metadata.labels, [MANAGED_BY_LABEL]: FIELD_MANAGER };
  return obj;
}

function outcome(build: () => KubeObject): { object: KubeObject } | { error: string } {
  try {
    return { object: build() };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', 'x~1y': 'tilde' }, annotations: { 'deployment.kubernetes.io/revision': '3', note: 'n' }, resourceVersion: '7' },
  spec: {
    replicas: 2, selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'main', image: 'registry.example.com/web:1.0', args: ['a'] }, { name: 'side', image: 'busybox' }], volumes: [{ name: 'v', emptyDir: {} }] },
    },
  },
  status: { replicas: 2 },
});

const TEMPLATES: Record<string, () => KubeObject> = {
  deployment,
  'deployment with a container without image': () => {
    const d = deployment() as KubeObject & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    d.spec.template.spec.containers.push({ name: 'bare' });
    return d;
  },
  job: () => ({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'shop', labels: { 'job-name': 'j' } },
    spec: { ttlSecondsAfterFinished: 5, selector: { matchLabels: { 'controller-uid': 'u', keep: 'k' } }, template: { metadata: { labels: { 'job-name': 'j' } }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } } },
  }),
  service: () => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ port: 80 }] } }),
  pvc: () => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p', namespace: 'shop', annotations: { 'volume.kubernetes.io/selected-node': 'n1' } }, spec: { resources: { requests: { storage: '1Gi' } } } }),
  'config map with a __proto__ key': () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: JSON.parse('{"__proto__": "x", "k": "v"}') as Record<string, string> }),
};

const RULES: Record<string, Overriders[]> = {
  none: [],
  'labels add, replace and remove (keys with "/", "~1", "__proto__")': [
    { labelsOverrider: [{ operator: 'add', value: { 'team/a': 'x', new: 'y' } }, { operator: 'replace', value: { app: 'web2', 'x~1y': 'z' } }] },
    { labelsOverrider: [{ operator: 'remove', value: { app: '' } }, { operator: 'add', value: { __proto__: 'p' } as unknown as Record<string, string> }] },
  ],
  'annotations add a stripped one': [{ annotationsOverrider: [{ operator: 'add', value: { 'deployment.kubernetes.io/revision': '9', 'volume.kubernetes.io/selected-node': 'n2', extra: 'e' } }] }],
  'image registry, then a predicate path': [
    { imageOverrider: [{ component: 'Registry', operator: 'replace', value: 'mirror.example.com' }] },
    { imageOverrider: [{ predicate: { path: '/spec/template/spec/containers/0/image' }, component: 'Tag', operator: 'replace', value: '2.0' }] },
  ],
  'command and args': [{ commandOverrider: [{ containerName: 'main', operator: 'add', value: ['run'] }], argsOverrider: [{ containerName: 'main', operator: 'remove', value: ['a'] }] }],
  'plaintext replace, add at the end of a list, remove': [{
    plaintext: [
      { path: '/spec/replicas', operator: 'replace', value: 5 },
      { path: '/spec/template/spec/volumes/-', operator: 'add', value: { name: 'w' } },
      { path: '/metadata/labels/app', operator: 'remove' },
    ],
  }],
  'plaintext replacing the whole document': [{ plaintext: [{ path: '', operator: 'replace', value: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'swapped' } } }] }],
};

describe('a manifest built by copy on write', () => {
  for (const [templateName, make] of Object.entries(TEMPLATES)) {
    for (const [rulesName, blocks] of Object.entries(RULES)) {
      for (const replicas of [undefined, 4]) {
        it(`equals the deep-copy build and never writes the template: ${templateName}, ${rulesName}, replicas ${String(replicas)}`, () => {
          const rules: SelectedRule[] = blocks.map((overriders, i) => ({ policy: `ClusterOverridePolicy/p${i}`, overriders }));
          const template = deepFreeze(make());
          const expected = outcome(() => byCopy(make(), rules, replicas));
          const actual = outcome(() => buildManifestVariant({ template, rules, ...(replicas !== undefined ? { replicas } : {}) }));
          expect(actual).toEqual(expected);
          expect(template).toEqual(make());
        });
      }
    }
  }

  it('shares what no step changes with the template', () => {
    const template = deepFreeze(deployment()) as KubeObject & { spec: { selector: unknown; template: { spec: { volumes: unknown; containers: unknown[] } } } };
    const rules: SelectedRule[] = [{ policy: 'ClusterOverridePolicy/p', overriders: { imageOverrider: [{ component: 'Registry', operator: 'replace', value: 'm.example.com' }], labelsOverrider: [{ operator: 'add', value: { a: 'b' } }] } }];
    const built = buildManifestVariant({ template, rules, replicas: 3 }) as typeof template;
    expect(built.spec.selector).toBe(template.spec.selector);
    expect(built.spec.template.spec.volumes).toBe(template.spec.template.spec.volumes);
    expect(built.spec.template.spec.containers[0]).not.toBe(template.spec.template.spec.containers[0]);
    expect(built).toEqual(byCopy(deepCopy(template), rules, 3));
  });

  it('copies a template with YAML aliases first, so a change through one alias shows through the other', () => {
    const labels = { app: 'web' };
    const template = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels }, data: { labels } } as unknown as KubeObject;
    const rules: SelectedRule[] = [{ policy: 'ClusterOverridePolicy/p', overriders: { labelsOverrider: [{ operator: 'add', value: { team: 't' } }] } }];
    const built = buildManifestVariant({ template, rules }) as KubeObject & { data: { labels: Record<string, string> } };
    expect(built.data.labels).toEqual({ app: 'web', team: 't' });
    expect(labels).toEqual({ app: 'web' });
  });
});
