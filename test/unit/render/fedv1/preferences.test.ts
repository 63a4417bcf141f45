import { describe, expect, it } from 'vitest';
import { decodePreferences, preferencesOf } from '../../../../src/render/fedv1/preferences.js';

const EVEN = { rebalance: false, clusters: { '*': { minReplicas: 0, weight: 1 } } };

describe('Federation v1 replica preferences decoding (§8.1): encoding/json into a struct without json tags', () => {
  it.each<[string, string, unknown]>([
    ['the documented lower-case form', '{"rebalance": true, "clusters": {"a": {"minReplicas": 1, "maxReplicas": 3, "weight": 2}}}', { rebalance: true, clusters: { a: { minReplicas: 1, maxReplicas: 3, weight: 2 } } }],
    ['keys match case-insensitively: the capitalised form of the v1 e2e tests', '{"Rebalance": true, "Clusters": {"a": {"MinReplicas": 1, "MaxReplicas": 3, "Weight": 2}}}', { rebalance: true, clusters: { a: { minReplicas: 1, maxReplicas: 3, weight: 2 } } }],
    ['keys match case-insensitively: any mix of cases', '{"REBALANCE": true, "cLuStErS": {"a": {"minreplicas": 1, "WEIGHT": 2}}}', { rebalance: true, clusters: { a: { minReplicas: 1, weight: 2 } } }],
    ['cluster names are map keys: they stay case-sensitive', '{"clusters": {"A": {"weight": 1}, "a": {"weight": 2}}}', { rebalance: false, clusters: { A: { minReplicas: 0, weight: 1 }, a: { minReplicas: 0, weight: 2 } } }],
    ['omitted fields are 0, maxReplicas unbounded', '{"clusters": {"*": {}}}', { rebalance: false, clusters: { '*': { minReplicas: 0, weight: 0 } } }],
    ['maxReplicas null is unbounded', '{"clusters": {"a": {"maxReplicas": null, "weight": 1}}}', { rebalance: false, clusters: { a: { minReplicas: 0, weight: 1 } } }],
    ['a cluster entry null is all zero', '{"clusters": {"a": null}}', { rebalance: false, clusters: { a: { minReplicas: 0, weight: 0 } } }],
    ['unknown fields are ignored, whatever their type', '{"clusters": {"a": {"weight": 1, "note": 1.5}}, "extra": [1, "x"]}', { rebalance: false, clusters: { a: { minReplicas: 0, weight: 1 } } }],
    ['the last of two keys with the same folded name wins', '{"clusters": {"a": {"weight": 1, "Weight": 4}}}', { rebalance: false, clusters: { a: { minReplicas: 0, weight: 4 } } }],
    ['an empty object is valid: no clusters at all', '{}', { rebalance: false, clusters: {} }],
    ['an empty clusters map is valid and stays empty (no "*" default in Federation v1)', '{"clusters": {}}', { rebalance: false, clusters: {} }],
    ['JSON null is valid: no clusters at all', 'null', { rebalance: false, clusters: {} }],
    ['surrounding whitespace is allowed', '  {"clusters": {"*": {"weight": 1}}}\n', EVEN],
  ])('%s', (_rule, text, expected) => {
    expect(decodePreferences(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['syntax error', '{"clusters": {'],
    ['trailing comma', '{"clusters": {"a": {"weight": 1},}}'],
    ['a fractional int64', '{"clusters": {"a": {"weight": 1.5}}}'],
    ['an exponent int64, although its value is whole', '{"clusters": {"a": {"weight": 1e2}}}'],
    ['an int64 out of range', '{"clusters": {"a": {"weight": 9223372036854775808}}}'],
    ['a quoted number', '{"clusters": {"a": {"weight": "1"}}}'],
    ['a string for rebalance', '{"rebalance": "true"}'],
    ['a list for clusters', '{"clusters": []}'],
    ['a top-level list', '[]'],
    ['a top-level string', '"x"'],
    ['two documents', '{} {}'],
    ['a leading zero', '{"clusters": {"a": {"weight": 01}}}'],
  ])('%s does not decode', (_rule, text) => {
    expect(typeof decodePreferences(text)).toBe('string');
  });

  it.each<[string, string | undefined, boolean]>([
    ['a missing annotation means the even split {"*": {weight: 1}}', undefined, false],
    ['invalid JSON silently means the even split (the controller only logs it)', '{not json', true],
    ['a type error means the even split too', '{"clusters": {"a": {"weight": "x"}}}', true],
  ])('%s', (_rule, annotation, problem) => {
    const got = preferencesOf(annotation);
    expect(got.preferences).toEqual(EVEN);
    expect(got.problem !== undefined).toBe(problem);
  });
});
