import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../../../../src/model/cluster.js';
import { findUntoleratedTaint, taintToString, toleratesTaint } from '../../../../src/render/placement/tolerations.js';

const noSchedule: Taint = { key: 'k', value: 'v', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    ['Equal with the same key and value tolerates', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, noSchedule, true],
    ['Equal with another value does not tolerate', { key: 'k', operator: 'Equal', value: 'x', effect: 'NoSchedule' }, noSchedule, false],
    ['empty operator means Equal', { key: 'k', value: 'v' }, noSchedule, true],
    ['empty operator with another value does not tolerate', { key: 'k', value: 'x' }, noSchedule, false],
    ['Exists ignores the value', { key: 'k', operator: 'Exists' }, noSchedule, true],
    ['another key does not tolerate', { key: 'other', operator: 'Exists' }, noSchedule, false],
    ['empty toleration key with Exists tolerates everything', { operator: 'Exists' }, { key: 'any', effect: 'NoExecute' }, true],
    ['empty effect matches every effect', { key: 'k', operator: 'Exists', effect: '' }, { key: 'k', effect: 'NoExecute' }, true],
    ['a different effect does not tolerate', { key: 'k', operator: 'Exists', effect: 'NoExecute' }, noSchedule, false],
    ['Equal with no value tolerates a taint with no value', { key: 'k', operator: 'Equal' }, { key: 'k', effect: 'NoSchedule' }, true],
    ['Equal with no value does not tolerate a taint with a value', { key: 'k', operator: 'Equal' }, noSchedule, false],
  ])('%s', (_name, toleration, taint, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });
});

describe('findUntoleratedTaint', () => {
  it.each<[string, Taint[], Toleration[], Taint | undefined]>([
    ['PreferNoSchedule taints do not filter', [{ key: 'p', effect: 'PreferNoSchedule' }], [], undefined],
    ['an untolerated NoSchedule taint is found', [noSchedule], [], noSchedule],
    ['an untolerated NoExecute taint is found', [{ key: 'e', effect: 'NoExecute' }], [], { key: 'e', effect: 'NoExecute' }],
    ['the first untolerated taint is reported', [{ key: 'a', effect: 'NoSchedule' }, noSchedule], [{ key: 'a', operator: 'Exists' }], noSchedule],
    ['all taints tolerated finds nothing', [noSchedule, { key: 'e', effect: 'NoExecute' }], [{ operator: 'Exists' }], undefined],
  ])('%s', (_name, taints, tolerations, expected) => {
    expect(findUntoleratedTaint(taints, tolerations)).toEqual(expected);
  });
});

describe('taintToString', () => {
  it.each<[string, Taint, string]>([
    ['key=value:effect when a value is set', noSchedule, 'k=v:NoSchedule'],
    ['key:effect when the value is empty', { key: 'k', effect: 'NoExecute' }, 'k:NoExecute'],
  ])('%s', (_name, taint, expected) => {
    expect(taintToString(taint)).toBe(expected);
  });
});
