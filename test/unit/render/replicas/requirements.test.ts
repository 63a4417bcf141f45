import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import { isWorkload, replicaRequirements, templateReplicas } from '../../../../src/render/replicas/requirements.js';
import { makeDeployment } from '../../../helpers/builders.js';

function obj(apiVersion: string, kind: string, spec: unknown): KubeObject {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, spec } as KubeObject;
}

function podTemplate(podSpec: unknown): KubeObject {
  return obj('apps/v1', 'Deployment', { replicas: 2, template: { spec: podSpec } });
}

describe('templateReplicas', () => {
  it.each<[string, KubeObject, number]>([
    ['a Deployment reports spec.replicas', makeDeployment('web', { replicas: 3 }), 3],
    ['an absent Deployment replicas is the apiserver default 1', makeDeployment('web'), 1],
    ['replicas 0 stays 0', makeDeployment('web', { replicas: 0 }), 0],
    ['a StatefulSet reports spec.replicas', obj('apps/v1', 'StatefulSet', { replicas: 4 }), 4],
    ['a ReplicaSet reports spec.replicas', obj('apps/v1', 'ReplicaSet', { replicas: 5 }), 5],
    ['a Job runs min(parallelism, completions)', obj('batch/v1', 'Job', { parallelism: 5, completions: 3 }), 3],
    ['a Job without completions runs parallelism', obj('batch/v1', 'Job', { parallelism: 4 }), 4],
    ['a Job without parallelism defaults it to 1', obj('batch/v1', 'Job', { completions: 10 }), 1],
    ['a bare Job is 1', obj('batch/v1', 'Job', {}), 1],
    ['a Pod is 1', obj('v1', 'Pod', { containers: [] }), 1],
    ['a DaemonSet is not a replica kind', obj('apps/v1', 'DaemonSet', {}), 0],
    ['a ConfigMap is not a replica kind', obj('v1', 'ConfigMap', undefined), 0],
    ['an unknown apiVersion of Deployment is not interpreted', obj('extensions/v1beta1', 'Deployment', { replicas: 3 }), 0],
  ])('%s', (_name, o, want) => {
    expect(templateReplicas(o)).toBe(want);
  });
});

describe('replicaRequirements', () => {
  it.each<[string, unknown, Record<string, number>]>([
    ['containers are summed, cpu in millicores', { containers: [{ resources: { requests: { cpu: '100m', memory: '1Gi' } } }, { resources: { requests: { cpu: '250m', memory: '512Mi' } } }] }, { cpu: 350, memory: 1610612736 }],
    ['limits fill requests that are missing', { containers: [{ resources: { requests: { cpu: '100m' }, limits: { cpu: '2', memory: '1Gi' } } }] }, { cpu: 100, memory: 1073741824 }],
    ['an init container larger than the sum raises the requirement', { initContainers: [{ resources: { requests: { cpu: '1' } } }], containers: [{ resources: { requests: { cpu: '200m' } } }, { resources: { requests: { cpu: '300m' } } }] }, { cpu: 1000 }],
    ['an init container smaller than the sum changes nothing', { initContainers: [{ resources: { requests: { cpu: '100m', memory: '2Gi' } } }], containers: [{ resources: { requests: { cpu: '500m' } } }] }, { cpu: 500, memory: 2147483648 }],
    ['the max is taken with each init container separately', { initContainers: [{ resources: { requests: { cpu: '2' } } }, { resources: { requests: { cpu: '3' } } }], containers: [] }, { cpu: 3000 }],
    ['overhead is added after the init-container max', { overhead: { cpu: '100m' }, initContainers: [{ resources: { requests: { cpu: '1' } } }], containers: [{ resources: { requests: { cpu: '500m' } } }] }, { cpu: 1100 }],
    ['each container rounds up on its own before the sum', { containers: [{ resources: { requests: { memory: '1.5' } } }, { resources: { requests: { memory: '1.5' } } }] }, { memory: 4 }],
    ['extended and hugepages resources are kept', { containers: [{ resources: { requests: { 'nvidia.com/gpu': 1, 'hugepages-2Mi': '4Mi' } } }] }, { 'nvidia.com/gpu': 1, 'hugepages-2Mi': 4194304 }],
    ['unknown unprefixed resources are dropped', { containers: [{ resources: { requests: { cpu: '1', foo: '3' } } }] }, { cpu: 1000 }],
    ['zero requests are dropped', { containers: [{ resources: { requests: { cpu: '0', memory: '64Mi' } } }] }, { memory: 67108864 }],
  ])('%s', (_name, podSpec, want) => {
    expect(replicaRequirements(podTemplate(podSpec))).toEqual({ resourceRequest: want, hasNodeClaim: false });
  });

  it.each<[string, unknown]>([
    ['a nodeSelector', { nodeSelector: { disk: 'ssd' }, containers: [{}] }],
    ['a toleration', { tolerations: [{ key: 'k', operator: 'Exists' }], containers: [{}] }],
    ['a required node affinity', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }, containers: [{}] }],
  ])('%s makes requirements non-nil without requests', (_name, podSpec) => {
    expect(replicaRequirements(podTemplate(podSpec))).toEqual({ resourceRequest: {}, hasNodeClaim: true });
  });

  it.each<[string, KubeObject]>([
    ['a template without requests or node claim', podTemplate({ containers: [{ name: 'a', image: 'nginx' }] })],
    ['an empty nodeSelector (the apiserver drops it), no tolerations, a preferred-only affinity', podTemplate({ nodeSelector: {}, tolerations: [], affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }, containers: [{}] })],
    ['a ConfigMap', obj('v1', 'ConfigMap', undefined)],
    ['a DaemonSet with requests', obj('apps/v1', 'DaemonSet', { template: { spec: { containers: [{ resources: { requests: { cpu: '1' } } }] } } })],
  ])('%s has no requirements', (_name, o) => {
    expect(replicaRequirements(o)).toBeUndefined();
  });

  it('reads a Pod spec directly', () => {
    const pod = obj('v1', 'Pod', { containers: [{ resources: { requests: { cpu: '1' } } }] });
    expect(replicaRequirements(pod)).toEqual({ resourceRequest: { cpu: 1000 }, hasNodeClaim: false });
  });

  it('reads a Job pod template', () => {
    const job = obj('batch/v1', 'Job', { template: { spec: { containers: [{ resources: { limits: { memory: '1Ki' } } }] } } });
    expect(replicaRequirements(job)?.resourceRequest).toEqual({ memory: 1024 });
  });

  it('throws on an unparseable quantity', () => {
    expect(() => replicaRequirements(podTemplate({ containers: [{ resources: { requests: { cpu: 'lots' } } }] }))).toThrow(/invalid quantity/);
  });
});

describe('isWorkload', () => {
  it.each<[string, number, boolean, boolean]>([
    ['replicas > 0 is a workload', 3, false, true],
    ['requirements alone make a workload', 0, true, true],
    ['no replicas and no requirements is not a workload', 0, false, false],
  ])('%s', (_name, replicas, withReq, want) => {
    expect(isWorkload(replicas, withReq ? { resourceRequest: {}, hasNodeClaim: true } : undefined)).toBe(want);
  });
});
