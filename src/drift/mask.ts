import type { FieldDrift } from './types.js';

/** MASK replaces every Secret value in a drift report. */
export const MASK = '***';

// A Secret's values live in data and stringData; client-side `kubectl apply` also copies the whole
// Secret into this annotation, so a drift on it would print the values.
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SECRET_PATHS = ['data', 'stringData', `metadata.annotations.${LAST_APPLIED}`];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** maskAt masks what a value at `path` of a Secret may reveal. */
function maskAt(path: string, value: unknown): unknown {
  if (SECRET_PATHS.some((p) => path === p || path.startsWith(`${p}.`))) return maskValue(value);
  // the annotations map as a whole (one side has none): hide only the copy of the Secret
  if (path === 'metadata.annotations' && isRecord(value) && LAST_APPLIED in value) return { ...value, [LAST_APPLIED]: MASK };
  return value;
}

/** maskValue hides a value but keeps its shape where it is a map, so the report still says which keys differ. */
export function maskValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (isRecord(value)) {
    return Object.fromEntries(Object.keys(value).map((k) => [k, MASK]));
  }
  return MASK;
}

/** maskFields masks desired and live values of a Secret's data and stringData; other kinds pass unchanged. */
export function maskFields(kind: string, fields: readonly FieldDrift[]): FieldDrift[] {
  if (kind !== 'Secret') return [...fields];
  return fields.map((f) => {
    const out: FieldDrift = { ...f };
    if ('desired' in f) out.desired = maskAt(f.path, f.desired);
    if ('live' in f) out.live = maskAt(f.path, f.live);
    return out;
  });
}
