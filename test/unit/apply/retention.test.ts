import { describe, expect, it } from 'vitest';
import { retainedBody, retainMemberFields } from '../../../src/apply/retention.js';
import type { ClusterClient } from '../../../src/kube/cluster-client.js';
import { createInterpreter } from '../../../src/kube/interpreter/interpreter.js';
import { objectKey, refKey } from '../../../src/kube/object-ref.js';
import type { InterpreterCustomization } from '../../../src/model/interpreter.js';
import type { KubeObject } from '../../../src/model/kube.js';

const widget = (spec: object, extra: object = {}): KubeObject =>
  ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'app', labels: { team: 'a' } }, spec, ...extra }) as KubeObject;

describe('retainedBody: what gitfed applies once Retain kept the member\'s fields', () => {
  const desired = widget({ paused: false, size: 3, selector: { tier: 'web', zone: 'a' }, ports: [80, 443] });
  it.each<[string, KubeObject, KubeObject]>([
    ['a Retain that returns the desired object sends the manifest', desired, desired],
    ['a scalar Retain gave the member\'s value is left out', widget({ paused: true, size: 3, selector: { tier: 'web', zone: 'a' }, ports: [80, 443] }),
      widget({ size: 3, selector: { tier: 'web', zone: 'a' }, ports: [80, 443] })],
    ['a nested key is left out alone, its siblings stay', widget({ paused: false, size: 3, selector: { tier: 'web', zone: 'b' }, ports: [80, 443] }),
      widget({ paused: false, size: 3, selector: { tier: 'web' }, ports: [80, 443] })],
    ['a list Retain changed is left out whole', widget({ paused: false, size: 3, selector: { tier: 'web', zone: 'a' }, ports: [80, 443, 8080] }),
      widget({ paused: false, size: 3, selector: { tier: 'web', zone: 'a' } })],
    ['a field Retain added is the member\'s: never sent', widget({ paused: false, size: 3, selector: { tier: 'web', zone: 'a' }, ports: [80, 443], owner: 'hpa' }, { status: { ready: 1 } }),
      desired],
    ['a field Retain dropped is left out', widget({ paused: false, selector: { tier: 'web', zone: 'a' }, ports: [80, 443] }),
      widget({ paused: false, selector: { tier: 'web', zone: 'a' }, ports: [80, 443] })],
    ['a mapping emptied that way goes too', widget({ paused: false, size: 3, selector: { tier: 'db', zone: 'b' }, ports: [80, 443] }),
      widget({ paused: false, size: 3, ports: [80, 443] })],
  ])('%s', (_rule, retained, body) => {
    expect(retainedBody(desired, retained)).toEqual(body);
  });

  it('the unchanged manifest is the same object (a settled pass keeps its memos)', () => {
    expect(retainedBody(desired, structuredClone(desired))).toBe(desired);
  });

  it('what names the object is always sent, whatever Retain did to it', () => {
    const renamed = { ...structuredClone(desired), apiVersion: 'example.com/v2', metadata: { name: 'other', labels: { team: 'a' } } } as KubeObject;
    const body = retainedBody(desired, renamed);
    expect([body.apiVersion, body.kind, body.metadata.name, body.metadata.namespace]).toEqual(['example.com/v1', 'Widget', 'w', 'app']);
    expect(body.spec).toEqual(desired.spec);
  });

  it('the label gitfed\'s watches select by stays, whatever Retain did to the labels', () => {
    const managed = { ...desired, metadata: { ...desired.metadata, labels: { team: 'a', 'app.kubernetes.io/managed-by': 'gitfed' } } } as KubeObject;
    const body = retainedBody(managed, { ...managed, metadata: { ...managed.metadata, labels: { team: 'b' } } } as KubeObject);
    expect(body.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'gitfed' });
  });
});

const KEEP_PAUSED = `function Retain(desired, observed)
  if observed.spec.paused ~= nil then
    desired.spec.paused = observed.spec.paused
  end
  return desired
end`;

function customization(script: string): InterpreterCustomization {
  return {
    name: 'widget', target: { apiVersion: 'example.com/v1', kind: 'Widget' }, source: { file: 'ric.yaml', line: 1 },
    scripts: { retention: { script, source: { file: 'ric.yaml', line: 10 } } },
  };
}

/** memberWith is a member holding `objects` that counts its GETs and refuses writes. */
function memberWith(objects: KubeObject[]): ClusterClient & { gets: string[] } {
  const byKey = new Map(objects.map((o) => [objectKey(o), o]));
  const gets: string[] = [];
  return {
    cluster: 'm1', gets,
    get: async (ref) => {
      gets.push(refKey(ref));
      return byKey.get(refKey(ref)) ?? null;
    },
    apply: () => Promise.reject(new Error('no write expected')),
    delete: () => Promise.reject(new Error('no write expected')),
    list: async () => [],
  };
}

describe('retainMemberFields: Retain over a pass\'s objects', () => {
  const desired = widget({ paused: false, size: 3 });
  const live = widget({ paused: true, size: 3 });
  const key = objectKey(desired);

  it('a member\'s value kept by Retain is left out of the body; the member\'s copy is read from what the pass knows', async () => {
    const client = memberWith([]);
    const got = await retainMemberFields(client, [desired], new Map([[key, live]]), createInterpreter([customization(KEEP_PAUSED)]));
    expect(got.bodies.get(key)?.spec).toEqual({ size: 3 });
    expect(got.failed.size).toBe(0);
    expect(client.gets).toEqual([]);
  });

  it('a copy the pass has not read is read with one GET', async () => {
    const client = memberWith([live]);
    const got = await retainMemberFields(client, [desired], new Map(), createInterpreter([customization(KEEP_PAUSED)]));
    expect(client.gets).toEqual([key]);
    expect(got.bodies.get(key)?.spec).toEqual({ size: 3 });
    // handed on, so that the drift check that follows does not GET it again
    expect(got.read.get(key)).toBe(live);
  });

  it('a new object has nothing to keep: it goes as rendered', async () => {
    const got = await retainMemberFields(memberWith([]), [desired], new Map([[key, null]]), createInterpreter([customization(KEEP_PAUSED)]));
    expect(got.bodies.size).toBe(0);
  });

  it('a kind without a Retain script is neither read nor changed', async () => {
    const client = memberWith([]);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'app' }, data: { a: '1' } } as KubeObject;
    const got = await retainMemberFields(client, [cm], new Map(), createInterpreter([customization(KEEP_PAUSED)]));
    expect([got.bodies.size, got.failed.size, client.gets.length]).toEqual([0, 0, 0]);
  });

  it('a failing script is an error naming the customization, its file:line and the object; the other objects are kept', async () => {
    const other = { ...widget({ paused: false }), metadata: { name: 'v', namespace: 'app' } } as KubeObject;
    const failing = `function Retain(desired, observed)\n  if desired.metadata.name == "w" then\n    error("cannot keep")\n  end\n  desired.spec.paused = observed.spec.paused\n  return desired\nend`;
    const known = new Map([[key, live], [objectKey(other), { ...other, spec: { paused: true } } as KubeObject]]);
    const got = await retainMemberFields(memberWith([]), [desired, other], known, createInterpreter([customization(failing)]));
    const err = got.failed.get(key);
    expect(err?.subject).toBe('Widget/app/w');
    expect(err?.message).toContain('retention of ResourceInterpreterCustomization widget: ric.yaml:12:');
    expect(err?.message).toContain('cannot keep');
    expect(got.bodies.get(objectKey(other))).toEqual({ ...other, spec: undefined });
  });

  it('the built-in Flux Kustomization keeps a member\'s own spec.suspend', async () => {
    const ks = (suspend: boolean): KubeObject => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, spec: { interval: '5m', path: './apps', suspend } }) as KubeObject;
    const got = await retainMemberFields(memberWith([]), [ks(false)], new Map([[objectKey(ks(false)), ks(true)]]), createInterpreter());
    expect(got.bodies.get(objectKey(ks(false)))?.spec).toEqual({ interval: '5m', path: './apps' });
  });
});
