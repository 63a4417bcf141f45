import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import type { Plan } from '../../../src/model/plan.js';
import { diffPlans } from '../../../src/reconcile/plan-diff.js';
import { planMarkdown } from '../../../src/reconcile/plan-markdown.js';

const cm = (name: string, v = '1'): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'a' }, data: { v } });
const plan = (clusters: Record<string, KubeObject[]>, revision = 'r'): Plan => ({ revision, clusters, bindings: [], diagnostics: [] });
const guard = { allowMassPrune: false, guard: { maxShare: 0.5, maxCount: 100 } };

describe('diffPlans', () => {
  it.each([
    ['removing more than half of a cluster trips the guard', [cm('a'), cm('b'), cm('c')], [cm('a')], true],
    ['removing half is allowed', [cm('a'), cm('b')], [cm('a')], false],
    ['adding and changing never trips it', [cm('a')], [cm('a', '2'), cm('b')], false],
  ])('%s', (_name, before, after, held) => {
    const d = diffPlans(plan({ m1: before }), plan({ m1: after }), guard);
    expect(Boolean(d.clusters[0]?.heldBack)).toBe(held);
    expect(d.changed).toBe(true);
  });

  it('allowMassPrune lets the guard pass', () => {
    const d = diffPlans(plan({ m1: [cm('a'), cm('b'), cm('c')] }), plan({ m1: [] }), { ...guard, allowMassPrune: true });
    expect(d.clusters[0]?.heldBack).toBeUndefined();
  });

  it('a cluster that appears gets every object as added; no base means everything is new', () => {
    const d = diffPlans(undefined, plan({ m1: [cm('a')] }));
    expect(d.clusters[0]?.changes.map((c) => c.change)).toEqual(['added']);
    expect(d.summary).toBe('1 cluster(s) change: 1 added, 0 changed, 0 removed');
  });

  it('identical plans are no change', () => {
    expect(diffPlans(plan({ m1: [cm('a')] }), plan({ m1: [cm('a')] }))).toMatchObject({ changed: false, summary: 'no changes' });
  });
});

describe('a plan that loosens safety settings says so prominently', () => {
  it('puts the loosened settings in the summary and a warning at the top of the comment', () => {
    const p = plan({ m1: [] });
    const d = diffPlans(p, p, undefined, [{ setting: 'prune.allowMassPrune', from: 'false', to: 'true' }]);
    expect(d.changed).toBe(true);
    expect(d.summary).toBe('loosens safety settings (prune.allowMassPrune)');
    const md = planMarkdown(d);
    expect(md.split('\n').slice(0, 5)).toContain('> [!WARNING]');
    expect(md).toContain('> - `prune.allowMassPrune`: false → true');
  });
});

describe('gitfed plan never prints a Secret\'s values', () => {
  const secret = (data: Record<string, string>, stringData?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'a', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data }) } },
    data, ...(stringData ? { stringData } : {}),
  });
  const before = secret({ password: Buffer.from('hunter2').toString('base64'), user: 'YWRtaW4=' }, { token: 'old-token-value' });
  const after = secret({ password: Buffer.from('s3cr3t!').toString('base64'), user: 'YWRtaW4=', extra: 'bmV3' }, { token: 'new-token-value' });

  it('shows which keys changed, in markdown and JSON, and none of the values', () => {
    const d = diffPlans(plan({ m1: [before] }), plan({ m1: [after] }));
    const outputs = [planMarkdown(d), JSON.stringify(d)];
    for (const out of outputs) {
      for (const value of ['hunter2', 's3cr3t!', 'old-token-value', 'new-token-value', 'YWRtaW4=', 'bmV3', Buffer.from('hunter2').toString('base64'), Buffer.from('s3cr3t!').toString('base64')]) {
        expect(out).not.toContain(value);
      }
    }
    const diff = d.clusters[0]?.changes[0]?.diff ?? '';
    expect(diff).toContain('+  password: "*** (changed)"');
    expect(diff).toContain('-  password: "***"');
    expect(diff).toContain('+  extra: "***"');
    expect(diff).toContain('+  token: "*** (changed)"');
    expect(diff).not.toMatch(/^[-+]\s+user:/m);
  });

  it.each<[string, KubeObject, KubeObject, unknown]>([
    ['changed, added and removed keys of data and stringData', before, after, [
      { key: 'data.extra', change: 'added' }, { key: 'data.password', change: 'changed' }, { key: 'stringData.token', change: 'changed' },
    ]],
    ['a removed key', after, before, [
      { key: 'data.extra', change: 'removed' }, { key: 'data.password', change: 'changed' }, { key: 'stringData.token', change: 'changed' },
    ]],
    ['only a label changes: no key listed', before, { ...before, metadata: { ...before.metadata, labels: { team: 'b' } } }, undefined],
  ])('names the keys that differ, never their values: %s', (_what, a, b, keys) => {
    const d = diffPlans(plan({ m1: [a] }), plan({ m1: [b] }));
    expect(d.clusters[0]?.changes[0]?.secretKeys).toEqual(keys);
  });

  it('the comment lists the keys that differ above the masked diff', () => {
    const md = planMarkdown(diffPlans(plan({ m1: [before] }), plan({ m1: [after] })));
    expect(md).toContain('Secret keys (values not shown): `data.extra: added`, `data.password: changed`, `stringData.token: changed`');
  });

  it('a Secret that is added or removed lists its keys as added or removed', () => {
    expect(diffPlans(plan({ m1: [] }), plan({ m1: [before] })).clusters[0]?.changes[0]?.secretKeys?.map((k) => k.change)).toEqual(['added', 'added', 'added']);
    expect(diffPlans(plan({ m1: [before] }), plan({ m1: [] })).clusters[0]?.changes[0]?.secretKeys?.map((k) => k.change)).toEqual(['removed', 'removed', 'removed']);
  });

  it('a Secret whose values did not change shows no change at all', () => {
    const d = diffPlans(plan({ m1: [before] }), plan({ m1: [structuredClone(before)] }));
    expect(d.clusters[0]?.changes).toEqual([]);
  });
});

describe('a plan shows the objects a change takes over', () => {
  it('lists a template that newly carries gitfed.io/adopt, with its clusters', () => {
    const adopted: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', annotations: { 'gitfed.io/adopt': 'true' } } };
    const d = diffPlans(plan({ m1: [], m2: [] }), plan({ m1: [adopted], m2: [adopted] }));
    expect(d.adopts).toEqual([{ subject: 'Namespace/kube-system', mode: 'true', clusters: ['m1', 'm2'] }]);
    expect(planMarkdown(d)).toContain('- `Namespace/kube-system` (true): m1, m2');
    expect(diffPlans(plan({ m1: [adopted] }), plan({ m1: [adopted] })).adopts).toEqual([]);
  });
});

describe('the unified diff of a plan carries its headers', () => {
  it('starts with --- a/ and +++ b/ so that review tools render it', () => {
    const d = diffPlans(plan({ m1: [cm('a')] }), plan({ m1: [cm('a', '2')] }));
    const lines = d.clusters[0]?.changes[0]?.diff.split('\n') ?? [];
    expect(lines.slice(0, 2)).toEqual(['--- a/m1/v1/ConfigMap/a/a', '+++ b/m1/v1/ConfigMap/a/a']);
    expect(lines[2]).toMatch(/^@@ /);
  });
});
