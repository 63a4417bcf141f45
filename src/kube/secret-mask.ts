import type { KubeObject } from '../model/kube.js';

/**
 * What every output (drift reports, statuses, logs, plans) hides of a Secret: the values of `data` and
 * `stringData`, and the copy client-side `kubectl apply` keeps of the whole object in an annotation. Key names
 * are shown, so a reader still learns which keys differ; values never, nor a hash that could be brute-forced.
 */

/** MASK replaces every Secret value in anything gitfed prints. */
export const MASK = '***';

/** SECRET_VALUE_FIELDS are the top-level fields of a Secret that hold its values. */
export const SECRET_VALUE_FIELDS = ['data', 'stringData'] as const;

/** LAST_APPLIED is the annotation in which client-side `kubectl apply` copies the whole object, values included. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** SecretKeyChange is one key of a Secret's data or stringData that differs between two versions. */
export interface SecretKeyChange {
  /** `data.<key>` or `stringData.<key>` */
  key: string;
  change: 'added' | 'removed' | 'changed';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** isSecret tells a core v1 Secret, the one kind whose values gitfed never prints. */
export function isSecret(o: Pick<KubeObject, 'apiVersion' | 'kind'> | undefined): boolean {
  return o?.apiVersion === 'v1' && o.kind === 'Secret';
}

/** maskValue hides a value but keeps its shape where it is a map, so the reader still sees which keys there are. */
export function maskValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).map((k) => [k, MASK]));
  return MASK;
}

/** secretKeyChanges lists the keys of data and stringData added, removed or changed from base to head, sorted within each field. */
export function secretKeyChanges(base: KubeObject | undefined, head: KubeObject | undefined): SecretKeyChange[] {
  return SECRET_VALUE_FIELDS.flatMap((field) => {
    const [a, b] = [base?.[field], head?.[field]].map((v) => (isRecord(v) ? v : {})) as [Record<string, unknown>, Record<string, unknown>];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k): SecretKeyChange[] => {
      const change = !(k in a) ? 'added' : !(k in b) ? 'removed' : a[k] !== b[k] ? 'changed' : undefined;
      return change ? [{ key: `${field}.${k}`, change }] : [];
    });
  });
}
