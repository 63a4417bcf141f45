import { describe, expect, it } from 'vitest';
import { parseClusterSelector } from '../../../../src/render/fedv1/cluster-selector.js';
import { requirementsMatch } from '../../../../src/render/selectors/requirement.js';

/** sendToCluster is SendToCluster: the verdict for one cluster's labels, or the error. */
function sendToCluster(labels: Record<string, string>, annotation: string): boolean | string {
  const reqs = parseClusterSelector(annotation);
  return typeof reqs === 'string' ? reqs : requirementsMatch(reqs, labels);
}

const LABELS = { location: 'europe', environment: 'prod', version: '15' };
const req = (key: string, operator: string, values?: unknown[]) => JSON.stringify([{ key, operator, ...(values ? { values } : {}) }]);

describe('Federation v1 cluster selector: clusterselector_test.go TestSendToCluster rows', () => {
  it.each<[string, string, boolean | 'error']>([
    ['match with single annotation', '[{"key": "location", "operator": "in", "values": ["europe"]}]', true],
    ['match on multiple annotations', '[{"key": "location", "operator": "in", "values": ["europe"]}, {"key": "environment", "operator": "==", "values": ["prod"]}]', true],
    ['mismatch on one annotation', '[{"key": "location", "operator": "in", "values": ["europe"]}, {"key": "environment", "operator": "==", "values": ["test"]}]', false],
    ['match on not equal annotation', '[{"key": "location", "operator": "!=", "values": ["usa"]}, {"key": "environment", "operator": "in", "values": ["prod"]}]', true],
    ['match on greater than annotation', '[{"key": "version", "operator": ">", "values": ["14"]}]', true],
    ['mismatch on greater than annotation', '[{"key": "version", "operator": ">", "values": ["15"]}]', false],
    ['unable to parse annotation', '[{"not able to parse",}]', 'error'],
  ])('%s', (_rule, annotation, expected) => {
    const got = sendToCluster(LABELS, annotation);
    if (expected === 'error') expect(typeof got).toBe('string');
    else expect(got).toBe(expected);
  });
});

describe('Federation v1 cluster selector operators (ConvertOperator, §8.2)', () => {
  it.each<[string, string, unknown[] | undefined, boolean]>([
    ['in', 'location', ['europe', 'asia'], true], ['In', 'location', ['asia'], false],
    ['notin', 'location', ['asia'], true], ['NotIn', 'location', ['europe'], false],
    ['notin matches a cluster without the label', 'missing', ['x'], true],
    ['=', 'environment', ['prod'], true], ['==', 'environment', ['dev'], false],
    ['!=', 'environment', ['dev'], true], ['!= matches a cluster without the label', 'missing', ['x'], true],
    ['exists', 'version', undefined, true], ['Exists', 'missing', undefined, false],
    ['!', 'missing', undefined, true], ['DoesNotExist', 'version', undefined, false],
    ['gt', 'version', ['9'], true], ['Gt', 'version', ['15'], false], ['>', 'version', ['14'], true],
    ['lt', 'version', ['16'], true], ['Lt', 'version', ['15'], false], ['<', 'version', ['100'], true],
    ['gt on a non-integer label does not match', 'location', ['1'], false],
    ['gt on a missing label does not match', 'missing', ['1'], false],
  ])('operator %s', (label, key, values, expected) => {
    const operator = label.split(' ')[0] as string;
    expect(sendToCluster(LABELS, req(key, operator, values))).toBe(expected);
  });

  it.each<[string, string]>([
    ['an unknown operator', req('location', 'In ', ['europe'])],
    ['an operator in the wrong case', req('location', 'IN', ['europe'])],
    ['doesnotexist is not a spelling Federation v1 knows', req('location', 'doesnotexist')],
    ['in without values', req('location', 'in', [])],
    ['= with two values', req('location', '=', ['a', 'b'])],
    ['exists with a value', req('location', 'exists', ['a'])],
    ['gt with a non-integer value', req('version', 'gt', ['x'])],
    ['gt with two values', req('version', 'gt', ['1', '2'])],
    ['gt with a negative value (not a valid label value)', req('version', 'gt', ['-1'])],
    ['an invalid label key', req('bad key', 'exists')],
    ['an invalid label value', req('location', 'in', ['not valid!'])],
    ['a value that is not a string', req('version', 'gt', [14])],
    ['a requirement without a key', '[{"operator": "exists"}]'],
    ['not a list', '{"key": "location", "operator": "exists"}'],
  ])('%s is an error (the object goes nowhere)', (_rule, annotation) => {
    expect(typeof sendToCluster(LABELS, annotation)).toBe('string');
  });

  it.each<[string, string]>([
    ['an empty list matches every cluster', '[]'],
    ['null matches every cluster', 'null'],
    ['field names match case-insensitively', '[{"Key": "location", "OPERATOR": "in", "Values": ["europe"]}]'],
  ])('%s', (_rule, annotation) => {
    expect(sendToCluster(LABELS, annotation)).toBe(true);
  });
});
