import type { JsonValue, KubeObject } from '../model/kube.js';
import { isSecret, LAST_APPLIED, MASK, SECRET_VALUE_FIELDS } from '../kube/secret-mask.js';

/** CHANGED marks a Secret value that the head changes: the plan says that it changed, never what it is. */
const CHANGED = `${MASK} (changed)`;

function isRecord(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * maskSecretPair hides every value of a Secret in the base/head pair a plan prints (data, stringData, the
 * last-applied copy): keys stay, so the diff still shows which were added, removed or changed, and a changed
 * value reads `*** (changed)` on the head side. Other kinds pass unchanged.
 */
export function maskSecretPair(base: KubeObject | undefined, head: KubeObject | undefined): [KubeObject | undefined, KubeObject | undefined] {
  if (!isSecret(base) && !isSecret(head)) return [base, head];
  const [b, h] = [base && structuredClone(base), head && structuredClone(head)];
  for (const field of SECRET_VALUE_FIELDS) {
    const [bv, hv] = [b?.[field], h?.[field]];
    if (b && bv !== undefined) b[field] = maskMap(bv, () => MASK);
    const changed = (k: string) => isRecord(bv) && isRecord(hv) && k in bv && bv[k] !== hv[k];
    if (h && hv !== undefined) h[field] = maskMap(hv, (k) => (changed(k) ? CHANGED : MASK));
  }
  for (const o of [b, h]) if (o?.metadata.annotations?.[LAST_APPLIED] !== undefined) o.metadata.annotations[LAST_APPLIED] = MASK;
  return [b, h];
}

function maskMap(value: JsonValue | KubeObject['metadata'] | undefined, masked: (key: string) => string): JsonValue {
  if (!isRecord(value)) return MASK;
  return Object.fromEntries(Object.keys(value).map((k) => [k, masked(k)]));
}
