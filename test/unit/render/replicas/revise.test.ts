import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import { divideJobCompletions } from '../../../../src/render/replicas/job-completions.js';
import { reviseReplicas } from '../../../../src/render/replicas/revise.js';
import { makeDeployment } from '../../../helpers/builders.js';

function obj(apiVersion: string, kind: string, spec: unknown): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, spec } as KubeObject;
}

describe('reviseReplicas', () => {
  it.each<[string, KubeObject, number, number | undefined, unknown]>([
    ['a Deployment gets spec.replicas', makeDeployment('web', { replicas: 10 }), 4, undefined, 4],
    ['an absent Deployment replicas is written', makeDeployment('web'), 2, undefined, 2],
    ['a StatefulSet gets spec.replicas', obj('apps/v1', 'StatefulSet', { replicas: 9 }), 3, undefined, 3],
    ['a ReplicaSet gets spec.replicas', obj('apps/v1', 'ReplicaSet', { replicas: 9 }), 1, undefined, 1],
  ])('%s', (_name, o, replicas, completions, want) => {
    const revised = reviseReplicas(o, replicas, completions) as unknown as { spec: { replicas: unknown } };
    expect(revised.spec.replicas).toBe(want);
  });

  it('a Job gets parallelism, and completions only when given', () => {
    const job = obj('batch/v1', 'Job', { parallelism: 6, completions: 12, template: {} });
    expect(reviseReplicas(job, 2).spec).toEqual({ parallelism: 2, completions: 12, template: {} });
    expect(reviseReplicas(job, 2, 5).spec).toEqual({ parallelism: 2, completions: 5, template: {} });
  });

  it.each<[string, KubeObject]>([
    ['a Pod', obj('v1', 'Pod', { containers: [] })],
    ['a DaemonSet', obj('apps/v1', 'DaemonSet', { template: {} })],
    ['a ConfigMap', obj('v1', 'ConfigMap', undefined)],
  ])('%s comes back as an unchanged copy', (_name, o) => {
    const revised = reviseReplicas(o, 3);
    expect(revised).toEqual(o);
    expect(revised).not.toBe(o);
  });

  it('never mutates the template and shares nothing with it', () => {
    const d = makeDeployment('web', { replicas: 10 });
    const before = JSON.stringify(d);
    const revised = reviseReplicas(d, 1);
    expect(JSON.stringify(d)).toBe(before);
    expect((revised.spec as { template: unknown }).template).not.toBe((d.spec as { template: unknown }).template);
  });
});

describe('divideJobCompletions', () => {
  it.each<[string, number, { name: string; replicas?: number }[], Record<string, number>]>([
    ['completions follow the assigned replicas 3:2', 10, [{ name: 'a', replicas: 3 }, { name: 'b', replicas: 2 }], { a: 6, b: 4 }],
    ['an uneven split uses Webster', 7, [{ name: 'a', replicas: 2 }, { name: 'b', replicas: 1 }], { a: 5, b: 2 }],
    ['equal weights tie to names ascending', 3, [{ name: 'b', replicas: 1 }, { name: 'a', replicas: 1 }], { a: 2, b: 1 }],
    ['fewer completions than clusters leaves some at 0', 1, [{ name: 'a', replicas: 1 }, { name: 'b', replicas: 1 }], { a: 1, b: 0 }],
    ['no replicas anywhere divides nothing', 4, [{ name: 'a' }], {}],
  ])('%s', (_name, completions, ts, want) => {
    expect(Object.fromEntries(divideJobCompletions(completions, ts))).toEqual(want);
  });
});
