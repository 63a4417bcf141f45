import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../src/model/kube.js';
import { recordUpdate } from '../../../../src/sim/ssa/index.js';
import { apply, deployment, entries, mutate, owned, time, update } from './helpers.js';

describe('non-apply writes (Update operations)', () => {
  it('POST owns every field incl. defaults, with "." on new maps and items (§1.4)', () => {
    const created = update(undefined, deployment({ replicas: 2 }), 'kubectl-create');
    const fields = entries(created)[0]?.fieldsV1 as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(fields['f:metadata']['f:labels']).toEqual({ '.': {}, 'f:app': {} });
    expect(fields['f:spec']['f:strategy']['.']).toBeUndefined();
    expect(fields['f:spec']['f:strategy']['f:rollingUpdate']['.']).toEqual({});
    expect(fields['f:spec']['f:template']['f:spec']['f:containers']['.']).toBeUndefined();
    expect(fields['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}']['f:ports']['.']).toEqual({});
    expect(owned(created, 'kubectl-create', 'Update')).toContain('.spec.revisionHistoryLimit');
  });

  it('Update managers and Apply managers are distinct', () => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'kubectl');
    const b = update(a, mutate(a, (o) => { o.spec.replicas = 5; }), 'kubectl', { sub: 'scale', t: 1 });
    expect(entries(b).map((e) => [e.manager, e.operation, e.subresource ?? ''])).toEqual([['kubectl', 'Apply', ''], ['kubectl', 'Update', 'scale']]);
    expect(owned(b, 'kubectl', 'Update')).toEqual(['.spec.replicas']);
    expect(owned(b, 'kubectl', 'Apply')).not.toContain('.spec.replicas');
  });

  it.each([
    ['changing a field takes it from its owner', (o: any) => { o.spec.replicas = 9; }, ['.spec.replicas'], false, true], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['writing the same value gives no ownership', (o: any) => { o.spec.replicas = 2; }, [], true, true], // eslint-disable-line @typescript-eslint/no-explicit-any
    ['removing a field removes it from every manager', (o: any) => { delete o.metadata.labels; }, [], true, false], // eslint-disable-line @typescript-eslint/no-explicit-any
  ])('update ownership: %s', (_rule, edit, editorOwns, applierOwnsReplicas, applierOwnsLabel) => {
    const a = apply(undefined, deployment({ replicas: 2 }), 'A');
    const b = update(a, mutate(a, edit), 'kubectl-edit', { t: 1 });
    expect(owned(b, 'kubectl-edit', 'Update')).toEqual(editorOwns);
    expect(owned(b, 'A').includes('.spec.replicas')).toBe(applierOwnsReplicas);
    expect(owned(b, 'A').includes('.metadata.labels.app')).toBe(applierOwnsLabel);
  });

  it('no time change on a no-op update', () => {
    const a = update(undefined, deployment({ replicas: 2 }), 'kubectl-create');
    const b = update(a, a, 'kubectl-create', { t: 40 });
    expect(entries(b)).toEqual(entries(a));
  });

  it('managedFields ordering: Apply first, then by time, manager, apiVersion, subresource', () => {
    let obj = update(undefined, deployment({ replicas: 2 }), 'z-create', { t: 0 });
    obj = apply(obj, deployment({ replicas: 2, image: 'nginx:2' }), 'b-apply', { t: 5, force: true });
    obj = update(obj, mutate(obj, (o) => { o.metadata.labels.x = '1'; }), 'a-label', { t: 3 });
    obj = apply(obj, mutate(deployment({ replicas: 2, image: 'nginx:2' }), (o) => { o.metadata.labels.y = '1'; }), 'a-apply', { t: 9 });
    expect(entries(obj).map((e) => `${String(e.operation)}:${String(e.manager)}`)).toEqual(['Apply:b-apply', 'Apply:a-apply', 'Update:z-create', 'Update:a-label']);
  });

  it('the 10-Update cap folds the oldest entries into ancient-changes', () => {
    let obj = update(undefined, deployment(), 'creator', { t: 0 });
    for (let i = 1; i <= 11; i++) obj = update(obj, mutate(obj, (o) => { o.metadata.labels[`l${i}`] = 'x'; }), `m${i}`, { t: i });
    const managers = entries(obj).map((e) => e.manager);
    expect(managers.filter((m) => m !== 'ancient-changes')).toHaveLength(9);
    expect(managers).toContain('ancient-changes');
    expect(managers).not.toContain('creator');
    expect(managers).not.toContain('m1');
    expect(owned(obj, 'ancient-changes', 'Update')).toContain('.metadata.labels.l1');
  });

  it.each([[[]], [[{}]]])('managedFields %j in the body resets the list and stops tracking', (reset) => {
    const a = update(undefined, deployment(), 'kubectl-create');
    const b = recordUpdate(a, mutate(a, (o) => { o.metadata.managedFields = reset; o.spec.replicas = 3; }), { manager: 'x', apiVersion: 'apps/v1', now: time(1) });
    expect(b.metadata.managedFields).toBeUndefined();
    const c = update(b, mutate(b, (o) => { o.spec.replicas = 4; }), 'y', { t: 2 });
    expect(c.metadata.managedFields).toBeUndefined();
  });

  it('status subresource writes own only status', () => {
    const a = update(undefined, deployment(), 'kubectl-create');
    const b = update(a, mutate(a, (o) => { o.status = { replicas: 1 }; o.spec.replicas = 100; }), 'kube-controller-manager', { sub: 'status', t: 1 });
    expect(owned(b, 'kube-controller-manager', 'Update')).toEqual(['.status.replicas']);
    expect(entries(b).find((e) => e.manager === 'kube-controller-manager')?.subresource).toBe('status');
  });

  it('main resource writes do not record status', () => {
    const withStatus = mutate(deployment(), (o) => { o.status = { replicas: 1 }; });
    expect(owned(update(undefined, withStatus, 'kubectl-create'), 'kubectl-create', 'Update').some((p) => p.startsWith('.status'))).toBe(false);
  });

  it('body managedFields replace the live ones on the main resource (kubectl csa→ssa migration)', () => {
    const a = update(undefined, deployment(), 'kubectl-client-side-apply');
    const rewritten = mutate(a, (o) => { o.metadata.managedFields[0].manager = 'kubectl'; o.metadata.managedFields[0].operation = 'Apply'; });
    const b = recordUpdate(a, rewritten, { manager: 'kubectl-patch', apiVersion: 'apps/v1', now: time(1) });
    expect(entries(b).map((e) => `${String(e.manager)}/${String(e.operation)}`)).toEqual(['kubectl/Apply']);
    expect((b.spec as JsonObject).replicas).toBe(1);
  });
});
