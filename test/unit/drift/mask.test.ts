import { describe, expect, it } from 'vitest';
import { MASK, maskFields } from '../../../src/drift/mask.js';
import type { FieldDrift } from '../../../src/model/drift.js';

describe('maskFields', () => {
  it.each<[string, string, FieldDrift, FieldDrift]>([
    ['a Secret data value', 'Secret', { path: 'data.password', desired: 'c2VjcmV0', live: 'aGFja2Vk', manager: 'kubectl-edit' }, { path: 'data.password', desired: MASK, live: MASK, manager: 'kubectl-edit' }],
    ['a Secret stringData value', 'Secret', { path: 'stringData.token', desired: 'abc', live: 'def' }, { path: 'stringData.token', desired: MASK, live: MASK }],
    ['a whole data map keeps its keys only', 'Secret', { path: 'data', desired: { a: 'eA==', b: 'eQ==' } }, { path: 'data', desired: { a: MASK, b: MASK } }],
    ['an absent side stays absent', 'Secret', { path: 'data.a', desired: 'eA==' }, { path: 'data.a', desired: MASK }],
    ['the client-side apply annotation holds the Secret', 'Secret',
      { path: 'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration', live: '{"data":{"a":"eA=="}}' },
      { path: 'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration', live: MASK }],
    ['the annotations map as a whole', 'Secret',
      { path: 'metadata.annotations', live: { team: 'shop', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      { path: 'metadata.annotations', live: { team: 'shop', 'kubectl.kubernetes.io/last-applied-configuration': MASK } }],
    ['other Secret fields are shown', 'Secret', { path: 'type', desired: 'Opaque', live: 'kubernetes.io/tls' }, { path: 'type', desired: 'Opaque', live: 'kubernetes.io/tls' }],
    ['a ConfigMap is not masked', 'ConfigMap', { path: 'data.password', desired: 'a', live: 'b' }, { path: 'data.password', desired: 'a', live: 'b' }],
  ])('%s', (_what, kind, field, expected) => {
    expect(maskFields(kind, [field])).toEqual([expected]);
  });
});
