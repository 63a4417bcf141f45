import type { KubeObject } from '../model/kube.js';

// Fields the server writes on every apply or owns outright: they differ between a live object and a
// dry-run result even when gitfed's intent is already in place, so they never count as a change.
const VOLATILE_METADATA = ['managedFields', 'resourceVersion', 'generation', 'creationTimestamp', 'uid'] as const;

const MAX_PATHS = 3;

/** comparable drops the volatile fields and status from a shallow copy of an object. */
export function comparable(obj: KubeObject): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = { ...metadata };
  for (const key of VOLATILE_METADATA) delete meta[key];
  return { ...rest, metadata: meta };
}

/** sameContent tells whether applying would change nothing: the dry-run result equals the live object. */
export function sameContent(live: KubeObject, dryRun: KubeObject): boolean {
  return changedPaths(live, dryRun, 1).length === 0;
}

/** changedPaths lists up to `max` dotted paths where the dry-run result differs from the live object. */
export function changedPaths(live: KubeObject, dryRun: KubeObject, max = MAX_PATHS): string[] {
  const out: string[] = [];
  collect(comparable(live), comparable(dryRun), '', out, max);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function collect(a: unknown, b: unknown, path: string, out: string[], max: number): void {
  if (out.length >= max || a === b) return;
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) collect(a[key], b[key], path ? `${path}.${key}` : key, out, max);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => collect(item, b[i], `${path}[${i}]`, out, max));
    return;
  }
  out.push(path || '.');
}
