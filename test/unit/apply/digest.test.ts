import { describe, expect, it } from 'vitest';
import { canonicalJson, desiredDigest, fieldsDigest } from '../../../src/apply/digest.js';
import type { KubeObject } from '../../../src/model/kube.js';

const cm = (data: Record<string, string>, labels: Record<string, string> = { app: 'web', tier: 'front' }): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'a', labels }, data,
});

describe('desiredDigest', () => {
  it('is 16 base64url characters', () => {
    expect(desiredDigest(cm({ k: 'v' }))).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it('key order does not matter, at any depth', () => {
    const reordered: KubeObject = { data: { k: 'v', j: 'w' }, metadata: { labels: { tier: 'front', app: 'web' }, namespace: 'a', name: 'x' }, kind: 'ConfigMap', apiVersion: 'v1' };
    expect(desiredDigest(reordered)).toBe(desiredDigest(cm({ j: 'w', k: 'v' })));
  });

  it.each([
    ['a value', cm({ k: 'w' })],
    ['a key', cm({ k2: 'v' })],
    ['an added field', cm({ k: 'v', j: 'v' })],
    ['a label', cm({ k: 'v' }, { app: 'web' })],
  ])('changes with %s', (_name, other) => {
    expect(desiredDigest(other)).not.toBe(desiredDigest(cm({ k: 'v' })));
  });

  it('array order matters: a list is content in order', () => {
    expect(canonicalJson({ l: [1, 2] })).not.toBe(canonicalJson({ l: [2, 1] }));
    expect(canonicalJson({ l: [{ b: 1, a: 2 }] })).toBe('{"l":[{"a":2,"b":1}]}');
  });
});

describe('fieldsDigest', () => {
  const ours = (fieldsV1: unknown, extra: Record<string, unknown> = {}) => ({ manager: 'gitfed', operation: 'Apply', apiVersion: 'v1', fieldsV1, ...extra });
  const withEntries = (...entries: unknown[]): KubeObject => ({ ...cm({ k: 'v' }), metadata: { name: 'x', namespace: 'a', managedFields: entries as never } });
  const base = ours({ 'f:data': { 'f:k': {} } }, { time: '2026-01-01T00:00:00Z' });
  const digest = fieldsDigest(withEntries(base));

  it.each([
    ['another time', withEntries({ ...base, time: '2026-06-01T00:00:00Z' })],
    ['no time at all', withEntries(ours({ 'f:data': { 'f:k': {} } }))],
    ['another manager beside it', withEntries(base, { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'v1', fieldsV1: { 'f:data': { 'f:j': {} } } })],
    ['a status writer beside it', withEntries({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': {} } }, base)],
  ])('ignores %s', (_name, obj) => {
    expect(fieldsDigest(obj)).toBe(digest);
  });

  it('key order inside fieldsV1 does not matter', () => {
    const one = withEntries(ours({ 'f:metadata': { 'f:labels': { 'f:b': {}, 'f:a': {} } }, 'f:data': { 'f:k': {} } }));
    const other = withEntries(ours({ 'f:data': { 'f:k': {} }, 'f:metadata': { 'f:labels': { 'f:a': {}, 'f:b': {} } } }));
    expect(fieldsDigest(one)).toBe(fieldsDigest(other));
  });

  it.each([
    ['a field fewer (another writer took it)', withEntries(ours({ 'f:data': {} }))],
    ['a field more', withEntries(ours({ 'f:data': { 'f:k': {}, 'f:j': {} } }))],
    ['another apiVersion', withEntries(ours({ 'f:data': { 'f:k': {} } }, { apiVersion: 'v2' }))],
  ])('changes with %s', (_name, obj) => {
    expect(fieldsDigest(obj)).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(fieldsDigest(obj)).not.toBe(digest);
  });

  it.each([
    ['no managedFields', cm({ k: 'v' })],
    ['only other managers', withEntries({ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:data': {} } })],
    ['gitfed only through Update', withEntries(ours({ 'f:data': {} }, { operation: 'Update' }))],
    ['gitfed only on a subresource', withEntries(ours({ 'f:status': {} }, { subresource: 'status' }))],
    ['a gitfed entry without fieldsV1', withEntries({ manager: 'gitfed', operation: 'Apply' })],
  ])('is undefined with %s: nothing shows whether another writer took a field', (_name, obj) => {
    expect(fieldsDigest(obj)).toBeUndefined();
  });

  it('an empty subresource is the main resource', () => {
    expect(fieldsDigest(withEntries({ ...base, subresource: '' }))).toBe(digest);
  });
});
