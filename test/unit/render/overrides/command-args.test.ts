import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/model/kube.js';
import type { CommandArgsOverrider } from '../../../../src/model/policy.js';
import { applyCommandArgsOverrider } from '../../../../src/render/overrides/command-args.js';
import type { CommandArgsTarget } from '../../../../src/render/overrides/command-args.js';

type Container = Record<string, unknown>;
const deployment = (containers: Container[], kind = 'Deployment'): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind,
    metadata: { name: 'd', namespace: 'default' },
    spec: { template: { spec: { containers, initContainers: [{ name: 'app', command: ['init'] }] } } },
  }) as KubeObject;
const containersOf = (obj: KubeObject): Container[] =>
  (obj as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers;
const initOf = (obj: KubeObject): Container[] =>
  (obj as unknown as { spec: { template: { spec: { initContainers: Container[] } } } }).spec.template.spec.initContainers;

describe.each<CommandArgsTarget>(['command', 'args'])('%s overrider', (target) => {
  const ov = (operator: CommandArgsOverrider['operator'], value?: string[], containerName = 'app'): CommandArgsOverrider => ({
    containerName,
    operator,
    ...(value === undefined ? {} : { value }),
  });

  it.each<[string, unknown, CommandArgsOverrider, unknown]>([
    ['add appends to an existing list', ['a', 'b'], ov('add', ['c', 'd']), ['a', 'b', 'c', 'd']],
    ['add on an absent list creates it with exactly the value', undefined, ov('add', ['c']), ['c']],
    ['add on a null list creates it with exactly the value', null, ov('add', ['c']), ['c']],
    ['remove deletes every occurrence of every listed value', ['a', 'b', 'a', 'c'], ov('remove', ['a', 'c']), ['b']],
    ['remove on an absent command creates an empty list', undefined, ov('remove', ['a']), []],
    ['remove with an empty value list leaves the list unchanged', ['a', 'b'], ov('remove', []), ['a', 'b']],
    ['add with an empty value list leaves the list unchanged', ['a'], ov('add'), ['a']],
    ['replace (not in the CRD enum) leaves the list unchanged', ['a'], ov('replace', ['z']), ['a']],
    ['replace on an absent list still creates an empty list', undefined, ov('replace', ['z']), []],
  ])('%s', (_name, current, overrider, expected) => {
    const container: Container = { name: 'app', image: 'x' };
    if (current !== undefined) container[target] = current;
    const out = applyCommandArgsOverrider(deployment([container]), target, overrider);
    expect(containersOf(out)[0]?.[target]).toEqual(expected);
  });

  it('every container with the name is changed, others are not', () => {
    const obj = deployment([{ name: 'app', [target]: ['1'] }, { name: 'side', [target]: ['1'] }, { name: 'app' }]);
    const out = containersOf(applyCommandArgsOverrider(obj, target, ov('add', ['2'])));
    expect(out.map((c) => c[target])).toEqual([['1', '2'], ['1'], ['2']]);
  });

  it('no container with the name is a no-op without error', () => {
    const obj = deployment([{ name: 'other', [target]: ['1'] }]);
    expect(applyCommandArgsOverrider(obj, target, ov('add', ['2']))).toEqual(obj);
  });

  it('initContainers are not considered', () => {
    const out = applyCommandArgsOverrider(deployment([{ name: 'side' }]), target, ov('add', ['2']));
    expect(initOf(out)[0]?.command).toEqual(['init']);
  });

  it.each([['ReplicaSet'], ['DaemonSet'], ['StatefulSet'], ['Job']])('kind %s is supported', (kind) => {
    const out = applyCommandArgsOverrider(deployment([{ name: 'app' }], kind), target, ov('add', ['x']));
    expect(containersOf(out)[0]?.[target]).toEqual(['x']);
  });

  it('kind Pod uses spec.containers', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app' }] } } as KubeObject;
    const out = applyCommandArgsOverrider(obj, target, ov('add', ['x'])) as unknown as { spec: { containers: Container[] } };
    expect(out.spec.containers[0]?.[target]).toEqual(['x']);
  });

  it.each([['CronJob'], ['Widget']])('kind %s is a no-op', (kind) => {
    const obj = deployment([{ name: 'app' }], kind);
    expect(applyCommandArgsOverrider(obj, target, ov('add', ['x']))).toEqual(obj);
  });

  it('a non-list field is an error', () => {
    expect(() => applyCommandArgsOverrider(deployment([{ name: 'app', [target]: 'sh' }]), target, ov('add', ['x']))).toThrow();
  });

  it('does not mutate its input', () => {
    const obj = deployment([{ name: 'app', [target]: ['1'] }]);
    const snapshot = structuredClone(obj);
    applyCommandArgsOverrider(obj, target, ov('add', ['2']));
    expect(obj).toEqual(snapshot);
  });
});
