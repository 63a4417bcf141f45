import { LAST_APPLIED, MASK, maskValue, SECRET_VALUE_FIELDS } from '../kube/secret-mask.js';
import type { FieldDrift } from '../model/drift.js';

/** MASK replaces every Secret value in a drift report (the one mask of src/model/secret-mask.ts). */
export { MASK };

// a drift on the client-side apply annotation would print the whole Secret
const SECRET_PATHS: readonly string[] = [...SECRET_VALUE_FIELDS, `metadata.annotations.${LAST_APPLIED}`];

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
