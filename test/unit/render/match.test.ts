import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import type { PropagationPolicy, ResourceSelector } from '../../../src/model/policy.js';
import { matchPolicy, skipReason } from '../../../src/render/match.js';
import { makeDeployment } from '../../helpers/builders.js';

const web = makeDeployment('web', { namespace: 'app', labels: { tier: 'front' } });
const sel = (over: Partial<ResourceSelector> = {}): ResourceSelector => ({ apiVersion: 'apps/v1', kind: 'Deployment', ...over });
function pol(kind: 'PP' | 'CPP', name: string, selectors: ResourceSelector[], priority = 0, namespace = 'app'): PropagationPolicy {
  return {
    kind: kind === 'PP' ? 'PropagationPolicy' : 'ClusterPropagationPolicy', name, priority, resourceSelectors: selectors,
    placement: {}, propagateDeps: false, schedulerName: 'default-scheduler', conflictResolution: 'Abort',
    source: { file: 'p.yaml', line: 1 }, ...(kind === 'PP' ? { namespace } : {}),
  };
}
const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('matchPolicy', () => {
  it.each<[string, KubeObject, PropagationPolicy[], string | undefined]>([
    ['explicit priority beats implicit priority', web, [pol('PP', 'a', [sel({ name: 'web' })], 0), pol('PP', 'b', [sel()], 1)], 'b'],
    ['implicit: name beats labelSelector', web, [pol('PP', 'a', [sel({ labelSelector: { matchLabels: { tier: 'front' } } })]), pol('PP', 'b', [sel({ name: 'web' })])], 'b'],
    ['implicit: labelSelector beats match-all', web, [pol('PP', 'a', [sel()]), pol('PP', 'b', [sel({ labelSelector: { matchLabels: { tier: 'front' } } })])], 'b'],
    ['a present but empty labelSelector ranks as labelSelector, above match-all', web, [pol('PP', 'a', [sel()]), pol('PP', 'b', [sel({ labelSelector: {} })])], 'b'],
    ['with a name set the labelSelector is ignored (non-matching selector still matches by name)', web,
      [pol('PP', 'b', [sel({ name: 'web', labelSelector: { matchLabels: { tier: 'back' } } })]), pol('PP', 'a', [sel({ labelSelector: {} })])], 'b'],
    ['with a name set a matching labelSelector does not rescue another name', web, [pol('PP', 'a', [sel({ name: 'other', labelSelector: {} })])], undefined],
    ['a policy ranks by its best selector', web, [pol('PP', 'a', [sel({ labelSelector: {} })]), pol('PP', 'b', [sel({ name: 'nope' }), sel()]), pol('PP', 'c', [sel(), sel({ name: 'web' })])], 'c'],
    ['tie broken by the smaller name', web, [pol('PP', 'b', [sel()]), pol('PP', 'a', [sel()]), pol('PP', 'c', [sel()])], 'a'],
    ['tie-break by code unit, not locale (B < a)', web, [pol('PP', 'a', [sel()]), pol('PP', 'B', [sel()])], 'B'],
    ['any matching PP beats a CPP of higher priority and specificity', web, [pol('CPP', 'a', [sel({ name: 'web' })], 100), pol('PP', 'z', [sel()], -5)], 'z'],
    ['a PP of another namespace never matches', web, [pol('PP', 'a', [sel()], 10, 'other'), pol('CPP', 'c', [sel()])], 'c'],
    ['CPPs are ranked like PPs', web, [pol('CPP', 'a', [sel()], 1), pol('CPP', 'b', [sel({ name: 'web' })], 1), pol('CPP', 'c', [sel()], 0)], 'b'],
    ['a cluster-scoped template only gets CPPs', ns('team'), [pol('PP', 'a', [{ apiVersion: 'v1', kind: 'Namespace' }]), pol('CPP', 'c', [{ apiVersion: 'v1', kind: 'Namespace' }])], 'c'],
    ['apiVersion must match exactly', web, [pol('PP', 'a', [sel({ apiVersion: 'apps/v1beta1' })])], undefined],
    ['a selector namespace must equal the template namespace', web, [pol('CPP', 'a', [sel({ namespace: 'other' })])], undefined],
    ['a non-matching labelSelector does not match', web, [pol('PP', 'a', [sel({ labelSelector: { matchLabels: { tier: 'back' } } })])], undefined],
    ['no policy: nothing', web, [], undefined],
  ])('%s', (_name, obj, policies, expected) => {
    expect(matchPolicy(obj, policies)?.name).toBe(expected);
  });

  it('a negative explicit priority loses to 0', () => {
    expect(matchPolicy(web, [pol('PP', 'a', [sel({ name: 'web' })], -1), pol('PP', 'b', [sel()], 0)])?.name).toBe('b');
  });
});

describe('skipReason', () => {
  const cm = (namespace: string, name = 'c'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });
  it.each<[string, KubeObject, boolean]>([
    ['karmada-system is reserved', cm('karmada-system'), true],
    ['karmada-cluster is reserved', cm('karmada-cluster'), true],
    ['karmada-es-* is reserved', cm('karmada-es-member1'), true],
    ['kube-* is skipped', cm('kube-public'), true],
    ['kube-system is skipped', cm('kube-system'), true],
    ['the extension-apiserver-authentication ConfigMap is skipped', cm('kube-system', 'extension-apiserver-authentication'), true],
    ['cluster.karmada.io objects are skipped', { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name: 'm' } }, true],
    ['policy.karmada.io objects are skipped', { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'FederatedResourceQuota', metadata: { name: 'q', namespace: 'a' } }, true],
    ['work.karmada.io objects are skipped', { apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding', metadata: { name: 'b', namespace: 'a' } }, true],
    ['an ordinary namespace is not skipped', cm('app'), false],
    ['a namespace merely containing kube is not skipped', cm('my-kube-x'), false],
    ['karmada-es without the dash suffix is not reserved', cm('karmada-es'), false],
    ['kube without a dash is not skipped', cm('kube'), false],
    ['other karmada groups are not skipped', { apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterCustomization', metadata: { name: 'r' } }, false],
    ['a Namespace object named kube-system is not skipped by the detector (it has no namespace)', ns('kube-system'), false],
  ])('%s', (_name, obj, skipped) => {
    expect(skipReason(obj) !== undefined).toBe(skipped);
  });
});
