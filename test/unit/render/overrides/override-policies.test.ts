import { describe, expect, it } from 'vitest';
import { GitfedError } from '../../../../src/model/errors.js';
import type { KubeObject } from '../../../../src/model/kube.js';
import type { OverridePolicy, OverrideRule, Overriders, ResourceSelector } from '../../../../src/model/policy.js';
import { applyOverridePolicies, applyOverriders, selectOverrideRules } from '../../../../src/render/overrides/index.js';
import { makeCluster, makeDeployment } from '../../../helpers/builders.js';

const src = { file: 'policies.yaml', line: 1 };
const cop = (name: string, resourceSelectors: ResourceSelector[], overrideRules: OverrideRule[]): OverridePolicy => ({
  kind: 'ClusterOverridePolicy', name, resourceSelectors, overrideRules, source: src,
});
const op = (namespace: string, name: string, resourceSelectors: ResourceSelector[], overrideRules: OverrideRule[]): OverridePolicy => ({
  kind: 'OverridePolicy', name, namespace, resourceSelectors, overrideRules, source: src,
});
const setLabel = (value: string): Overriders => ({ labelsOverrider: [{ operator: 'add', value: { winner: value } }] });
const rule = (tag: string, clusterNames?: string[]): OverrideRule => ({
  overriders: setLabel(tag),
  ...(clusterNames ? { targetCluster: { clusterNames } } : {}),
});
const byName: ResourceSelector = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const byLabel: ResourceSelector = { apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { app: 'web' } } };
const allDeployments: ResourceSelector = { apiVersion: 'apps/v1', kind: 'Deployment' };
const web = makeDeployment('web', { namespace: 'prod', labels: { app: 'web' } });
const clusterRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' } } as KubeObject;
const member1 = makeCluster('member1', { labels: { env: 'prod' } });

describe('selectOverrideRules (§6.1)', () => {
  it.each<[string, OverridePolicy[], string[]]>([
    ['COPs come first, then OPs of the namespace', [op('prod', 'a-op', [byName], [rule('op')]), cop('z-cop', [byName], [rule('cop')])], ['ClusterOverridePolicy/z-cop', 'OverridePolicy/prod/a-op']],
    ['within a group: match-all < labelSelector < name, then name ascending',
      [cop('a-name', [byName], [rule('1')]), cop('b-label', [byLabel], [rule('2')]), cop('c-all', [allDeployments], [rule('3')]), cop('d-empty', [], [rule('4')]), cop('b-all', [allDeployments], [rule('5')])],
      ['ClusterOverridePolicy/b-all', 'ClusterOverridePolicy/c-all', 'ClusterOverridePolicy/d-empty', 'ClusterOverridePolicy/b-label', 'ClusterOverridePolicy/a-name']],
    ['empty resourceSelectors match every resource', [cop('any', [], [rule('x')])], ['ClusterOverridePolicy/any']],
    ['a policy priority is the best of its selectors', [cop('a', [byName, allDeployments], [rule('1')]), cop('b', [byLabel], [rule('2')])], ['ClusterOverridePolicy/b', 'ClusterOverridePolicy/a']],
    ['non-matching selectors exclude the policy', [cop('other', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }], [rule('x')]), cop('v1', [{ apiVersion: 'apps/v1beta1', kind: 'Deployment' }], [rule('y')])], []],
    ['OPs of another namespace never apply', [op('dev', 'o', [], [rule('x')])], []],
    ['rules apply in declaration order, filtered by targetCluster', [cop('c', [], [rule('1', ['member1', 'member2']), rule('2', ['member2']), rule('3')])], ['ClusterOverridePolicy/c', 'ClusterOverridePolicy/c']],
    ['targetCluster labelSelector is matched like ClusterAffinity', [cop('c', [], [{ targetCluster: { labelSelector: { matchLabels: { env: 'dev' } } }, overriders: setLabel('x') }])], []],
    ['targetCluster exclude wins', [cop('c', [], [{ targetCluster: { clusterNames: ['member1'], exclude: ['member1'] }, overriders: setLabel('x') }])], []],
  ])('%s', (_name, policies, expected) => {
    expect(selectOverrideRules(web, member1, policies).map((r) => r.policy)).toEqual(expected);
  });

  it('Namespaces only get COPs', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } } as KubeObject;
    const policies = [op('prod', 'o', [], [rule('op')]), cop('c', [{ apiVersion: 'v1', kind: 'Namespace' }], [rule('cop')])];
    expect(selectOverrideRules(ns, member1, policies).map((r) => r.policy)).toEqual(['ClusterOverridePolicy/c']);
  });

  it('selected rules carry their overriders in declaration order', () => {
    const rules = selectOverrideRules(web, member1, [cop('c', [], [rule('1'), rule('2', ['member2']), rule('3')])]);
    expect(rules.map((r) => r.overriders)).toEqual([setLabel('1'), setLabel('3')]);
  });

  it('OPs never apply to cluster-scoped objects; COPs do', () => {
    const policies = [op('prod', 'o', [], [rule('op')]), op('', 'blank', [], [rule('x')]), cop('c', [], [rule('cop')])];
    expect(selectOverrideRules(clusterRole, member1, policies).map((r) => r.policy)).toEqual(['ClusterOverridePolicy/c']);
  });
});

describe('applyOverridePolicies', () => {
  it.each<[string, OverridePolicy[], string]>([
    ['OP beats COP on the same field', [op('prod', 'op', [], [rule('op')]), cop('cop', [byName], [rule('cop')])], 'op'],
    ['the most specific policy is applied last and wins', [cop('a-name', [byName], [rule('name')]), cop('z-all', [], [rule('all')])], 'name'],
    ['equal priority: the later name wins', [cop('b', [], [rule('b')]), cop('a', [], [rule('a')])], 'b'],
    ['a later rule of the same policy wins', [cop('c', [], [rule('first'), rule('second')])], 'second'],
  ])('%s', (_name, policies, winner) => {
    expect(applyOverridePolicies(web, member1, policies).object.metadata.labels?.winner).toBe(winner);
  });

  it('reports one applied entry per applied rule, in order', () => {
    const { applied } = applyOverridePolicies(web, member1, [op('prod', 'o', [], [rule('1')]), cop('c', [], [rule('2'), rule('3')])]);
    expect(applied).toEqual(['ClusterOverridePolicy/c', 'ClusterOverridePolicy/c', 'OverridePolicy/prod/o']);
  });

  it('no matching policy returns the object unchanged', () => {
    expect(applyOverridePolicies(web, member1, [])).toEqual({ object: web, applied: [] });
  });

  it('the first failure throws OverrideFailed naming the object, policy, overrider and path', () => {
    const failing = cop('bad', [], [{ overriders: { plaintext: [{ operator: 'replace', path: '/spec/missing', value: 1 }] } }]);
    let caught: unknown;
    try {
      applyOverridePolicies(web, member1, [failing]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GitfedError);
    const e = caught as GitfedError;
    expect(e.code).toBe('OverrideFailed');
    expect(e.subject).toBe('Deployment/prod/web');
    expect(e.message).toMatch(/ClusterOverridePolicy\/bad/);
    expect(e.message).toMatch(/plaintext\[0\]/);
    expect(e.message).toMatch(/\/spec\/missing/);
  });

  it('an unparseable container image fails naming the container path', () => {
    const bad = makeDeployment('web', { namespace: 'prod', image: 'UPPER:1' });
    const policies = [cop('img', [], [{ overriders: { imageOverrider: [{ component: 'Tag', operator: 'replace', value: 'v2' }] } }])];
    expect(() => applyOverridePolicies(bad, member1, policies)).toThrow(/imageOverrider\[0\].*\/spec\/template\/spec\/containers\/0\/image/);
  });

  it('does not mutate the template', () => {
    const input = structuredClone(web);
    applyOverridePolicies(input, member1, [cop('c', [], [rule('x')])]);
    expect(input).toEqual(web);
  });
});

describe('applyOverriders order (§6.1.4)', () => {
  it('image → command → args → labels → annotations → field → plaintext regardless of YAML order', () => {
    // plaintext (declared first) writes the final image and label; field runs before it, so it sees labels' result
    const overriders: Overriders = {
      plaintext: [
        { operator: 'replace', path: '/spec/template/spec/containers/0/image', value: 'final:1' },
        { operator: 'replace', path: '/metadata/labels/order', value: 'plaintext' },
      ],
      annotationsOverrider: [{ operator: 'add', value: { order: 'annotations' } }],
      labelsOverrider: [{ operator: 'add', value: { order: 'labels' } }],
      argsOverrider: [{ containerName: 'app', operator: 'add', value: ['--a'] }],
      commandOverrider: [{ containerName: 'app', operator: 'add', value: ['run'] }],
      imageOverrider: [{ component: 'Tag', operator: 'replace', value: 'v2' }],
    };
    const out = applyOverriders(web, overriders) as unknown as {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      spec: { template: { spec: { containers: { image: string; command: string[]; args: string[] }[] } } };
    };
    const c = out.spec.template.spec.containers[0];
    expect(c).toMatchObject({ image: 'final:1', command: ['run'], args: ['--a'] });
    expect(out.metadata.labels.order).toBe('plaintext');
    expect(out.metadata.annotations.order).toBe('annotations');
  });

  it('image runs before plaintext: a plaintext-added container is not image-overridden', () => {
    const out = applyOverriders(web, {
      plaintext: [{ operator: 'add', path: '/spec/template/spec/containers/-', value: { name: 'side', image: 'side:1' } }],
      imageOverrider: [{ component: 'Tag', operator: 'replace', value: 'v2' }],
    }) as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(out.spec.template.spec.containers.map((c) => c.image)).toEqual(['nginx:v2', 'side:1']);
  });

  it('labels run before plaintext: plaintext can replace a label that labelsOverrider added', () => {
    const out = applyOverriders(makeDeployment('x'), {
      plaintext: [{ operator: 'replace', path: '/metadata/labels/new', value: 'p' }],
      labelsOverrider: [{ operator: 'add', value: { new: 'l' } }],
    });
    expect(out.metadata.labels?.new).toBe('p');
  });

  it('each list is processed element by element', () => {
    const out = applyOverriders(web, {
      imageOverrider: [
        { component: 'Registry', operator: 'replace', value: 'a.io' },
        { component: 'Registry', operator: 'add', value: '.cn' },
      ],
    }) as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(out.spec.template.spec.containers[0]?.image).toBe('a.io.cn/nginx:1.25');
  });

  it('an error anywhere aborts the whole block', () => {
    expect(() => applyOverriders(web, { labelsOverrider: [{ operator: 'add', value: { a: 'b' } }], plaintext: [{ operator: 'remove', path: '/nope' }] })).toThrow(GitfedError);
  });
});
