import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KIND_SCHEMAS } from '../../../../src/render/load/kind-schemas.js';
import * as VALIDATORS from '../../../../src/render/load/schema-validators.js';
import { GENERATED_FILE, validatorsModule } from '../../../../scripts/validators-module.js';

describe('the generated schema validators', () => {
  it('are what the vendored schemas generate now (after a schema changes: npm run generate:validators)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8') === validatorsModule()).toBe(true);
  });

  it('cover every vendored kind, and nothing else', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual(Object.keys(KIND_SCHEMAS).sort());
  });

  it('count a string\'s length in code points, as the API server does', () => {
    // an affinity's name allows at most 32 characters; one outside the basic plane is one character, two UTF-16 units
    const policy = (affinityName: string) => ({
      apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'p' },
      spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap' }], placement: { clusterAffinities: [{ affinityName, clusterNames: ['m1'] }] } },
    });
    const validate = VALIDATORS.PropagationPolicy as ((d: unknown) => boolean) & { errors?: { keyword: string }[] };
    expect(validate(policy('😀'.repeat(32)))).toBe(true);
    expect(validate(policy('😀'.repeat(33)))).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toEqual(['maxLength']);
  });
});
