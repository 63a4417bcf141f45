import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/model/kube.js';
import { deepCopy } from '../../../src/kube/deep-copy.js';
import { buildManifest } from '../../../src/render/manifest.js';
import { applyOverriders } from '../../../src/render/overrides/index.js';
import { pruneServerFields } from '../../../src/render/prune-fields.js';
import { makeCluster, makeDeployment } from '../../helpers/builders.js';

describe('deepCopy', () => {
  it('copies like structuredClone: NaN, ±Infinity, -0 and key order survive, nothing is shared', () => {
    const v = { b: [1, { c: NaN }], a: Infinity, n: -Infinity, z: -0, s: 'x', t: true, nil: null };
    const out = deepCopy(v);
    expect(out).toEqual(structuredClone(v));
    expect(Object.keys(out)).toEqual(Object.keys(v));
    expect(Object.is(out.z, -0)).toBe(true);
    expect(out.b).not.toBe(v.b);
    expect(out.b[1]).not.toBe(v.b[1]);
  });

  it('keeps objects reached twice (YAML aliases) shared within the copy, as structuredClone does', () => {
    const shared = { app: 'web' };
    const out = deepCopy({ selector: shared, template: shared });
    expect(out.selector).toBe(out.template);
    expect(out.selector).not.toBe(shared);
  });

  it('copies a "__proto__" key as data, not as the prototype', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const out = deepCopy(v);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('one copy per rendered object', () => {
  const web = makeDeployment('web', { namespace: 'prod', replicas: 4 });

  it('applyOverriders leaves its argument untouched even when a later step fails', () => {
    const input = structuredClone(web);
    expect(() => applyOverriders(input, {
      labelsOverrider: [{ operator: 'add', value: { added: 'yes' } }],
      plaintext: [{ operator: 'replace', path: '/spec/missing', value: 1 }],
    })).toThrow(/plaintext\[0\]/);
    expect(input).toEqual(web);
  });

  it('pruneServerFields returns a pruned copy', () => {
    const input = { ...structuredClone(web), status: { replicas: 1 } } as KubeObject;
    const out = pruneServerFields(input);
    expect(out.status).toBeUndefined();
    expect(input.status).toEqual({ replicas: 1 });
  });

  it('buildManifest never mutates the template and shares nothing with it', () => {
    const template = structuredClone(web);
    const out = buildManifest({ template, target: { name: 'm1', replicas: 2 }, cluster: makeCluster('m1'), overridePolicies: [] });
    expect(template).toEqual(web);
    expect((out.spec as { replicas: number }).replicas).toBe(2);
    expect(out.spec).not.toBe(template.spec);
  });
});
