import type { JsonObject, KubeObject } from '../../../../src/model/kube.js';
import { serverSideApply, recordUpdate } from '../../../../src/sim/ssa/index.js';
import { applyDefaults } from '../../../../src/sim/defaults/index.js';
import { fieldPathStrings, fromFieldsV1 } from '../../../../src/sim/ssa/field-set.js';

/** deployment builds the §1.5 Deployment config, with optional container overrides. */
export function deployment(spec: Partial<{ replicas: number; image: string; containers: JsonObject[]; labels: Record<string, string> }> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: spec.labels ?? { app: 'web' } },
    spec: {
      ...(spec.replicas !== undefined ? { replicas: spec.replicas } : {}),
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: spec.containers ?? [{ name: 'nginx', image: spec.image ?? 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

let ip = 0;
/** defaults is the defaulter the store passes to serverSideApply. */
export const defaults = (o: KubeObject): KubeObject => applyDefaults(o, { allocateClusterIP: () => `10.96.0.${++ip}` });

/** apply runs serverSideApply as manager `m` at second `t`. */
export function apply(live: KubeObject | undefined, config: KubeObject, m: string, opts: { force?: boolean; t?: number; sub?: 'status' } = {}): KubeObject {
  return serverSideApply(live, config, {
    manager: m, apiVersion: config.apiVersion, force: opts.force ?? false, defaults, now: time(opts.t ?? 0), ...(opts.sub ? { subresource: opts.sub } : {}),
  });
}

/** update runs recordUpdate as manager `m` at second `t` (next is defaulted first, as the store does). */
export function update(live: KubeObject | undefined, next: KubeObject, m: string, opts: { t?: number; sub?: 'status' | 'scale' } = {}): KubeObject {
  return recordUpdate(live, defaults(next), { manager: m, apiVersion: next.apiVersion, now: time(opts.t ?? 0), ...(opts.sub ? { subresource: opts.sub } : {}) });
}

/** time renders second `t` of a fixed day. */
export function time(t: number): string {
  return new Date(Date.UTC(2025, 4, 1, 10, 0, t)).toISOString().replace('.000Z', 'Z');
}

/** entries returns the managedFields entries. */
export function entries(obj: KubeObject): JsonObject[] {
  return (obj.metadata.managedFields ?? []) as JsonObject[];
}

/** owned lists the human paths one manager's entry owns (operation defaults to Apply). */
export function owned(obj: KubeObject, manager: string, operation = 'Apply'): string[] {
  const e = entries(obj).find((x) => x.manager === manager && x.operation === operation);
  return e ? fieldPathStrings(fromFieldsV1(e.fieldsV1)) : [];
}

/** mutate returns a modified deep copy. */
export function mutate(obj: KubeObject, fn: (o: any) => void): KubeObject { // eslint-disable-line @typescript-eslint/no-explicit-any
  const copy = structuredClone(obj);
  fn(copy);
  return copy;
}
