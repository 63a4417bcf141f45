import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import type { ImageOverrider } from '../../../../src/model/policy.js';
import { applyImageOverrider, imageAtPath, overrideImage } from '../../../../src/render/overrides/image.js';
import { makeDeployment } from '../../../helpers/builders.js';

const SHA = 'sha256:50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c';
const ov = (component: ImageOverrider['component'], operator: ImageOverrider['operator'], value?: string): ImageOverrider => ({
  component,
  operator,
  ...(value === undefined ? {} : { value }),
});

describe('overrideImage operators', () => {
  it.each<[string, string, ImageOverrider, string]>([
    ['registry add concatenates to the host', 'registry.k8s.io/kube-apiserver:v1', ov('Registry', 'add', '.test'), 'registry.k8s.io.test/kube-apiserver:v1'],
    ['registry add on an image without host makes the value the host', 'nginx:1.25', ov('Registry', 'add', 'reg.io'), 'reg.io/nginx:1.25'],
    ['registry replace sets the host', 'registry.k8s.io/kube-apiserver:v1', ov('Registry', 'replace', 'my.reg'), 'my.reg/kube-apiserver:v1'],
    ['registry replace adds a host when there is none', 'library/nginx:1.25', ov('Registry', 'replace', 'my.reg'), 'my.reg/library/nginx:1.25'],
    ['registry remove drops the host', 'registry.k8s.io/kube-apiserver:v1', ov('Registry', 'remove'), 'kube-apiserver:v1'],
    ['registry remove ignores the value', 'registry.k8s.io/kube-apiserver:v1', ov('Registry', 'remove', 'x.io'), 'kube-apiserver:v1'],
    ['repository add concatenates', 'reg.io/app:v1', ov('Repository', 'add', '-debug'), 'reg.io/app-debug:v1'],
    ['repository replace sets the repository', 'reg.io/app:v1', ov('Repository', 'replace', 'team/other'), 'reg.io/team/other:v1'],
    ['repository remove leaves host/:tag', 'reg.io/app:v1', ov('Repository', 'remove'), 'reg.io/:v1'],
    ['repository remove without host leaves :tag', 'app:v1', ov('Repository', 'remove'), ':v1'],
    ['tag add appends to the tag', 'app:v1', ov('Tag', 'add', '-debug'), 'app:v1-debug'],
    ['tag add on an untagged image sets the tag', 'app', ov('Tag', 'add', 'v2'), 'app:v2'],
    ['tag replace sets the tag', 'app:v1', ov('Tag', 'replace', 'v2'), 'app:v2'],
    ['tag replace with a digest switches to the digest', 'app:v1', ov('Tag', 'replace', SHA), `app@${SHA}`],
    ['tag replace with a tag drops the digest', `app@${SHA}`, ov('Tag', 'replace', 'v2'), 'app:v2'],
    ['tag replace with an invalid value silently changes nothing', 'app:v1', ov('Tag', 'replace', '-bad'), 'app:v1'],
    ['tag add producing an invalid value silently changes nothing', `app@${SHA}`, ov('Tag', 'add', 'x'), `app@${SHA}`],
    ['tag remove clears the tag', 'app:v1', ov('Tag', 'remove'), 'app'],
    ['tag remove clears the digest when there is no tag', `app@${SHA}`, ov('Tag', 'remove'), 'app'],
    ['any override drops the digest of tag+digest images', `app:v1@${SHA}`, ov('Registry', 'replace', 'r.io'), 'r.io/app:v1'],
    ['docker.io is never added (no normalisation)', 'nginx', ov('Tag', 'replace', 'latest'), 'nginx:latest'],
  ])('%s', (_name, image, overrider, expected) => {
    expect(overrideImage(image, overrider)).toBe(expected);
  });

  it('an unparseable image is an error', () => {
    expect(() => overrideImage('NGINX:1', ov('Tag', 'replace', 'v2'))).toThrow(/NGINX/);
  });
});

const pod = (containers: unknown[], extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers, ...extra } }) as KubeObject;
const workload = (kind: string, apiVersion = 'apps/v1'): KubeObject => ({ ...makeDeployment('w', { image: 'nginx:1.25' }), kind, apiVersion });
const imageOf = (obj: KubeObject, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj);

describe('applyImageOverrider without predicate', () => {
  it.each([['Deployment'], ['ReplicaSet'], ['DaemonSet'], ['StatefulSet'], ['Job']])('kind %s is overridden in spec.template.spec.containers', (kind) => {
    const out = applyImageOverrider(workload(kind), ov('Tag', 'replace', 'v2'));
    expect(imageOf(out, 'spec.template.spec.containers.0.image')).toBe('nginx:v2');
  });

  it.each([['CronJob', 'batch/v1'], ['Service', 'v1'], ['Rollout', 'argoproj.io/v1alpha1']])('kind %s is a no-op', (kind, apiVersion) => {
    const obj = workload(kind, apiVersion);
    expect(applyImageOverrider(obj, ov('Tag', 'replace', 'v2'))).toEqual(obj);
  });

  it('every container of a Pod is processed, initContainers and ephemeral containers never', () => {
    const obj = pod([{ name: 'a', image: 'a:1' }, { name: 'b', image: 'reg.io/b:1' }], {
      initContainers: [{ name: 'i', image: 'i:1' }],
      ephemeralContainers: [{ name: 'e', image: 'e:1' }],
    });
    const out = applyImageOverrider(obj, ov('Registry', 'replace', 'mirror.io')) as unknown as { spec: Record<string, { image: string }[]> };
    expect(out.spec.containers?.map((c) => c.image)).toEqual(['mirror.io/a:1', 'mirror.io/b:1']);
    expect(out.spec.initContainers?.[0]?.image).toBe('i:1');
    expect(out.spec.ephemeralContainers?.[0]?.image).toBe('e:1');
  });

  it('a container without image makes the override fail', () => {
    expect(() => applyImageOverrider(pod([{ name: 'a' }]), ov('Tag', 'replace', 'v2'))).toThrow();
  });

  it('a workload without containers is a no-op', () => {
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} } as KubeObject;
    expect(applyImageOverrider(obj, ov('Tag', 'replace', 'v2'))).toEqual(obj);
  });

  it('does not mutate its input', () => {
    const obj = workload('Deployment');
    const snapshot = structuredClone(obj);
    applyImageOverrider(obj, ov('Tag', 'replace', 'v2'));
    expect(obj).toEqual(snapshot);
  });
});

describe('applyImageOverrider with predicate.path', () => {
  const cr = (): KubeObject =>
    ({
      apiVersion: 'example.io/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'default' },
      spec: { image: 'app:v1', components: [{ name: 'x', image: 'x:v1' }], tags: ['app:v1'] },
    }) as KubeObject;
  const withPath = (path: string): ImageOverrider => ({ predicate: { path }, component: 'Tag', operator: 'replace', value: 'v2' });

  it.each([
    ['a predicate works on any kind through map keys', '/spec/image', 'spec.image', 'app:v2'],
    ['a predicate path through a list uses the numeric index', '/spec/components/0/image', 'spec.components.0.image', 'x:v2'],
  ])('%s', (_name, path, at, expected) => {
    expect(imageOf(applyImageOverrider(cr(), withPath(path)), at)).toBe(expected);
  });

  it('a predicate changes exactly that field, not the containers', () => {
    const obj = makeDeployment('d', { image: 'nginx:1.25' }) as KubeObject & { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
    obj.spec.template.metadata.annotations = { img: 'side:v1' };
    const out = applyImageOverrider(obj, withPath('/spec/template/metadata/annotations/img'));
    expect(imageOf(out, 'spec.template.metadata.annotations.img')).toBe('side:v2');
    expect(imageOf(out, 'spec.template.spec.containers.0.image')).toBe('nginx:1.25');
  });

  it.each([
    ['predicate path through a list needs a numeric index', '/spec/components/x/image'],
    ['a predicate list index out of range is an error', '/spec/components/3/image'],
    ['a negative predicate list index is an error', '/spec/components/-1/image'],
    ['a missing predicate path is an error', '/spec/missing/image'],
    ['a predicate path to a non-string is an error', '/spec/components'],
    ['a predicate path to a list of strings is an error', '/spec/tags/0'],
    ['a predicate path through a scalar is an error', '/spec/image/x'],
    ['a predicate path not starting with "/" is an error', 'spec/image'],
  ])('%s', (_name, path) => {
    expect(() => applyImageOverrider(cr(), withPath(path))).toThrow();
  });

  it('imageAtPath trims outer slashes before walking', () => {
    expect(imageAtPath(cr(), '/spec/image/')).toBe('app:v1');
  });
});
