import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import { applyPatch } from '../../../src/sim/patch/index.js';

const live = (): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'fe' } },
  spec: { replicas: 1, template: { spec: { containers: [
    { name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }] },
    { name: 'sidecar', image: 'busybox:1' },
  ], tolerations: [{ key: 'a' }] } } },
});
const cr = (): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { items: [1, 2] } });
const MERGE = 'application/merge-patch+json';
const SMP = 'application/strategic-merge-patch+json';
const JSONP = 'application/json-patch+json';
const p = (obj: KubeObject, type: string, body: unknown): any => applyPatch(obj, type, JSON.stringify(body)); // eslint-disable-line @typescript-eslint/no-explicit-any
const names = (o: any): string[] => o.spec.template.spec.containers.map((c: { name: string }) => c.name); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('non-apply patches (§6.1)', () => {
  it.each([
    ['merge patch: maps merge, null deletes', MERGE, { metadata: { labels: { tier: null, x: 'y' } } }, (o: any) => o.metadata.labels, { app: 'web', x: 'y' }], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['merge patch: lists replaced wholesale', MERGE, { spec: { template: { spec: { containers: [{ name: 'only' }] } } } }, names, ['only']],
    ['strategic: containers merged by name', SMP, { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:2' }, { name: 'new', image: 'x' }] } } } },
      (o: any) => o.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['nginx=nginx:1', 'sidecar=busybox:2', 'new=x']], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['strategic: env merged by name inside a container', SMP, { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'B', value: '2' }] }] } } } },
      (o: any) => o.spec.template.spec.containers[0].env.map((e: any) => e.name), ['A', 'B']], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['strategic: $patch: delete removes an item', SMP, { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }, names, ['nginx']],
    ['strategic: $patch: replace on a list', SMP, { spec: { template: { spec: { containers: [{ name: 'solo', image: 's' }, { $patch: 'replace' }] } } } }, names, ['solo']],
    ['strategic: non-merge lists replaced', SMP, { spec: { template: { spec: { tolerations: [{ key: 'b' }] } } } }, (o: any) => o.spec.template.spec.tolerations, [{ key: 'b' }]], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['strategic: $setElementOrder tolerated', SMP, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }], containers: [{ name: 'nginx', image: 'nginx:2' }] } } } }, names, ['sidecar', 'nginx']],
    ['strategic: $retainKeys drops other keys', SMP, { spec: { template: { spec: { $retainKeys: ['containers'], containers: [] } } } }, (o: any) => Object.keys(o.spec.template.spec), ['containers']], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['json patch: replace', JSONP, [{ op: 'replace', path: '/spec/replicas', value: 3 }], (o: any) => o.spec.replicas, 3], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['json patch: test then add', JSONP, [{ op: 'test', path: '/spec/replicas', value: 1 }, { op: 'add', path: '/metadata/labels/z', value: 'z' }], (o: any) => o.metadata.labels.z, 'z'], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['content type parameters are ignored', `${MERGE}; charset=utf-8`, { spec: { replicas: 4 } }, (o: any) => o.spec.replicas, 4], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('%s', (_rule, type, body, pick, expected) => {
    const before = live();
    expect(pick(p(before, type, body))).toEqual(expected);
    expect(before).toEqual(live());
  });

  it.each([
    ['unknown content type is 415', live(), 'text/plain', {}, 415, 'UnsupportedMediaType'],
    ['strategic merge on a custom resource is 415', cr(), SMP, {}, 415, 'UnsupportedMediaType'],
    ['failing json patch test op is 422', live(), JSONP, [{ op: 'test', path: '/spec/replicas', value: 9 }], 422, 'Invalid'],
    ['json patch removing a missing path is 422', live(), JSONP, [{ op: 'remove', path: '/spec/nope' }], 422, 'Invalid'],
    ['a patch changing the kind is 422', live(), MERGE, { kind: 'Pod' }, 422, 'Invalid'],
    ['unknown $patch directive is 400', live(), SMP, { spec: { $patch: 'bogus' } }, 400, 'BadRequest'],
  ])('errors: %s', (_rule, obj, type, body, code, reason) => {
    expect(() => p(obj, type, body)).toThrowError(expect.objectContaining({ code, reason }));
  });

  it.each([[MERGE], [SMP], [JSONP]])('malformed JSON is 400 (%s)', (type) => {
    expect(() => applyPatch(live(), type, '{not json')).toThrowError(expect.objectContaining({ code: 400, reason: 'BadRequest' }));
  });

  it('415 message lists the accepted media types (no strategic for CRs)', () => {
    expect(() => p(cr(), SMP, {})).toThrow('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  });

  it('merge patch works on custom resources', () => {
    expect(p(cr(), MERGE, { spec: { items: [3] } }).spec.items).toEqual([3]);
  });
});
