import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../../../../src/model/kube.js';
import { ApiError } from '../../../../src/sim/api-error.js';
import { apply, deployment, entries, mutate, owned, update } from './helpers.js';

const nginx = (extra: JsonObject = {}): JsonObject => ({ name: 'nginx', image: 'nginx:1.27', ...extra });
const withContainers = (...containers: JsonObject[]): KubeObject => deployment({ containers });
const containersOf = (o: KubeObject): JsonObject[] => ((o.spec as JsonObject).template as any).spec.containers; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('server-side apply: ownership', () => {
  it('ownership recorded for applied fields only (defaults owned by nobody)', () => {
    const obj = apply(undefined, deployment({ replicas: 2 }), 'A');
    const paths = owned(obj, 'A');
    expect(paths).toContain('.spec.replicas');
    expect(paths).toContain('.spec.template.spec.containers[name="nginx"].image');
    for (const defaulted of ['.spec.strategy', '.spec.revisionHistoryLimit', '.spec.strategy.type',
      '.spec.template.spec.containers[name="nginx"].imagePullPolicy', '.spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].protocol']) {
      expect(paths).not.toContain(defaulted);
    }
    expect((obj.spec as JsonObject).revisionHistoryLimit).toBe(10);
    expect(entries(obj)).toHaveLength(1);
  });

  it('defaulted fields are not owned by the applier, even after re-apply', () => {
    const first = apply(undefined, deployment(), 'A');
    const second = apply(first, deployment(), 'A', { t: 5 });
    expect(owned(second, 'A')).not.toContain('.spec.replicas');
    expect((second.spec as JsonObject).replicas).toBe(1);
  });

  it('config carrying metadata.managedFields is a 400', () => {
    const bad = mutate(deployment(), (o) => { o.metadata.managedFields = []; });
    expect(() => apply(undefined, bad, 'A')).toThrowError(expect.objectContaining({ code: 400, message: 'metadata.managedFields must be nil' }));
  });
});

describe('server-side apply: list merge by key', () => {
  it.each([
    ['containers by name', withContainers(nginx()), withContainers({ name: 'sidecar', image: 'busybox:1' }),
      (o: KubeObject) => containersOf(o).map((c) => c.name), ['nginx', 'sidecar']],
    ['ports by containerPort+protocol (protocol TCP from the key default)',
      withContainers(nginx({ ports: [{ containerPort: 80 }] })), withContainers({ name: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }, { containerPort: 80, protocol: 'UDP' }] }),
      (o: KubeObject) => (containersOf(o)[0]?.ports as JsonObject[]).map((p) => `${String(p.containerPort)}/${String(p.protocol)}/${String(p.name ?? '')}`), ['80/TCP/http', '80/UDP/']],
    ['env by name', withContainers(nginx({ env: [{ name: 'A', value: '1' }] })), withContainers({ name: 'nginx', env: [{ name: 'B', value: '2' }] }),
      (o: KubeObject) => (containersOf(o)[0]?.env as JsonObject[]).map((e) => e.name), ['A', 'B']],
    ['volumeMounts by mountPath', withContainers(nginx({ volumeMounts: [{ name: 'a', mountPath: '/a' }] })),
      withContainers({ name: 'nginx', volumeMounts: [{ name: 'b', mountPath: '/b' }] }),
      (o: KubeObject) => (containersOf(o)[0]?.volumeMounts as JsonObject[]).map((v) => v.mountPath), ['/a', '/b']],
    ['volumes by name', mutate(deployment(), (o) => { o.spec.template.spec.volumes = [{ name: 'a', emptyDir: {} }]; }),
      mutate(deployment(), (o) => { o.spec.template.spec.volumes = [{ name: 'b', emptyDir: {} }]; }),
      (o: KubeObject) => ((o.spec as any).template.spec.volumes as JsonObject[]).map((v) => v.name), ['a', 'b']], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('list merge by key: %s', (_rule, first, second, pick, expected) => {
    const a = apply(undefined, first, 'A');
    const b = apply(a, second, 'B');
    expect(pick(b)).toEqual(expected);
  });

  it('atomic lists replaced whole (container args, tolerations)', () => {
    const a = apply(undefined, withContainers(nginx({ args: ['a', 'b'] })), 'A');
    const b = apply(a, withContainers(nginx({ args: ['c'] })), 'A', { t: 1 });
    expect(containersOf(b)[0]?.args).toEqual(['c']);
    expect(owned(b, 'A')).toContain('.spec.template.spec.containers[name="nginx"].args');
    expect(owned(b, 'A').some((p) => p.includes('.args['))).toBe(false);
  });

  it('a config item repeating a key is an error', () => {
    expect(() => apply(undefined, withContainers(nginx(), nginx()), 'A')).toThrow(/duplicate entries for key/);
  });
});

describe('server-side apply: removal', () => {
  it.each([
    ['a label', (o: any) => { o.metadata.labels = { app: 'web', tier: 'fe' }; }, (o: KubeObject) => o.metadata.labels?.tier], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['a container', (o: any) => { o.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox:1' }); }, // eslint-disable-line @typescript-eslint/no-explicit-any
      (o: KubeObject) => containersOf(o).find((c) => c.name === 'sidecar')],
  ])('a field the manager stops applying is removed: %s', (_name, add, pick) => {
    const a = apply(undefined, mutate(deployment(), add), 'A');
    expect(pick(a)).toBeDefined();
    const b = apply(a, deployment(), 'A', { t: 1 });
    expect(pick(b)).toBeUndefined();
  });

  it('a field the manager stops applying is kept when another manager owns it', () => {
    const withTier = mutate(deployment(), (o) => { o.metadata.labels.tier = 'fe'; });
    const a = apply(undefined, withTier, 'A');
    const b = apply(a, withTier, 'B');
    const c = apply(b, deployment(), 'A', { t: 2 });
    expect(c.metadata.labels?.tier).toBe('fe');
    expect(owned(c, 'B')).toContain('.metadata.labels.tier');
  });

  it('removed item goes even when another manager owns only a child of it', () => {
    const two = withContainers(nginx(), { name: 'sidecar', image: 'busybox:1' });
    const a = apply(undefined, two, 'A');
    const edited = update(a, mutate(a, (o) => { o.spec.template.spec.containers[1].image = 'busybox:2'; }), 'kubectl-set', { t: 1 });
    const b = apply(edited, withContainers(nginx()), 'A', { t: 2 });
    expect(containersOf(b).map((c) => c.name)).toEqual(['nginx']);
    expect(owned(b, 'kubectl-set', 'Update')).toEqual([]);
  });

  it('a removed defaultable field comes back with its default', () => {
    const a = apply(undefined, deployment({ replicas: 3 }), 'A');
    const b = apply(a, deployment(), 'A', { t: 1 });
    expect((b.spec as JsonObject).replicas).toBe(1);
  });
});

describe('server-side apply: conflicts', () => {
  it('shared ownership when two appliers set the same value', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const b = apply(a, deployment({ replicas: 2 }), 'B');
    expect(owned(b, 'A')).toContain('.spec.replicas');
    expect(owned(b, 'B')).toContain('.spec.replicas');
  });

  it('conflict 409 naming the fields and managers', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const edited = update(a, mutate(a, (o) => { o.spec.replicas = 3; o.spec.template.spec.containers[0].image = 'nginx:1.28'; }), 'kubectl-edit', { t: 1 });
    let error: unknown;
    try { apply(edited, deployment({ replicas: 2 }), 'A', { t: 2 }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ApiError);
    const status = (error as ApiError).toStatus();
    expect(status).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409,
      message: 'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
      details: { causes: [
        { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.replicas' },
        { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.template.spec.containers[name="nginx"].image' },
      ] },
    });
  });

  it('conflict with one field names an Apply manager without apiVersion', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    expect(() => apply(a, deployment({ replicas: 4 }), 'B', { t: 1 }))
      .toThrow('Apply failed with 1 conflict: conflict with "A": .spec.replicas');
  });

  it('force takes ownership', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const b = apply(a, deployment({ replicas: 4 }), 'B', { force: true, t: 1 });
    expect((b.spec as JsonObject).replicas).toBe(4);
    expect(owned(b, 'B')).toContain('.spec.replicas');
    expect(owned(b, 'A')).not.toContain('.spec.replicas');
  });

  it('an applier never conflicts with itself', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    expect((apply(a, deployment({ replicas: 7 }), 'A', { t: 1 }).spec as JsonObject).replicas).toBe(7);
  });

  it('before-first-apply owns the fields of an object that has no managedFields', () => {
    const live = mutate(defaultsOnly(), (o) => { delete o.metadata.managedFields; });
    expect(() => apply(live, deployment({ replicas: 9 }), 'A')).toThrow('conflict with "before-first-apply" using apps/v1: .spec.replicas');
  });
});

function defaultsOnly(): KubeObject {
  return update(undefined, deployment({ replicas: 2 }), 'kubectl-create');
}

describe('server-side apply: time and no-ops', () => {
  it('no time change on a no-op apply', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const b = apply(a, deployment({ replicas: 2 }), 'A', { t: 30 });
    expect(b).toEqual(a);
  });

  it('an applier joining with identical values gets an entry without time', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const b = apply(a, deployment({ replicas: 2 }), 'B', { t: 30 });
    const entry = entries(b).find((e) => e.manager === 'B');
    expect(entry).toBeDefined();
    expect(entry?.time).toBeUndefined();
  });

  it('a changing apply sets time to now', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const b = apply(a, deployment({ replicas: 3 }), 'A', { t: 30 });
    expect(entries(b)[0]?.time).toBe('2025-05-01T10:00:30Z');
  });
});

describe('server-side apply: subresources', () => {
  it('status subresource writes own only status', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const statusConfig = mutate(deployment({ replicas: 50 }), (o) => { o.status = { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] }; });
    const b = apply(a, statusConfig, 'ctrl', { sub: 'status', t: 1 });
    const entry = entries(b).find((e) => e.manager === 'ctrl');
    expect(entry?.subresource).toBe('status');
    expect(owned(b, 'ctrl').every((p) => p.startsWith('.status') || p.startsWith('.metadata'))).toBe(true);
    expect(owned(b, 'ctrl')).toContain('.status.conditions[type="Available"]');
    expect((b.spec as JsonObject).replicas).toBe(2);
    expect((b.status as JsonObject).replicas).toBe(2);
  });

  it('main resource applies ignore status', () => {
    const withStatus = mutate(deployment(), (o) => { o.status = { replicas: 9 }; });
    const a = apply(undefined, withStatus, 'A');
    expect(owned(a, 'A').some((p) => p.startsWith('.status'))).toBe(false);
  });
});
