import type { IncomingMessage } from 'node:http';
import { ApiError } from '../api-error.js';
import type { ListOptions, WriteOptions } from '../types.js';

/** PATCH_TYPES are the patch content types the API server accepts. */
export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/** APPLY_TYPE is the server-side apply content type. */
export const APPLY_TYPE = 'application/apply-patch+yaml';

/** mediaType strips parameters (`; charset=utf-8`) and case from a Content-Type header. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** isWatch says whether a collection GET asks for a watch stream (`watch=true` or `watch=1`). */
export function isWatch(q: URLSearchParams): boolean {
  const w = q.get('watch');
  return w === 'true' || w === '1';
}

/** listOptions reads selectors, versions and paging from the query. */
export function listOptions(q: URLSearchParams): ListOptions & { allowWatchBookmarks?: boolean } {
  const opts: ListOptions & { allowWatchBookmarks?: boolean } = {};
  for (const key of ['labelSelector', 'fieldSelector', 'resourceVersion', 'resourceVersionMatch', 'continue'] as const) {
    const v = q.get(key);
    if (v !== null && v !== '') opts[key] = v;
  }
  const limit = q.get('limit');
  if (limit !== null && limit !== '') {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 0) throw new ApiError(400, 'BadRequest', `invalid value for limit: ${JSON.stringify(limit)}`);
    if (n > 0) opts.limit = n;
  }
  if (q.get('allowWatchBookmarks') === 'true') opts.allowWatchBookmarks = true;
  return opts;
}

/** dryRunOf validates `dryRun` values: only `All` is supported, as on the real server. */
export function dryRunOf(values: string[], optionsKind: string): boolean {
  const set = values.filter((v) => v !== '');
  if (set.length === 0) return false;
  if (set.every((v) => v === 'All')) return true;
  const message = `Unsupported value: ${JSON.stringify(set)}: supported values: "All"`;
  throw new ApiError(422, 'Invalid', `${optionsKind}.meta.k8s.io "" is invalid: dryRun: ${message}`, {
    group: 'meta.k8s.io', kind: optionsKind, causes: [{ reason: 'FieldValueNotSupported', message, field: 'dryRun' }],
  });
}

/** userAgentManager derives the manager of a non-apply write from the User-Agent, as the real server does. */
export function userAgentManager(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0] ?? '';
  const printable = prefix.replace(/[^\x20-\x7e]/g, '').slice(0, 128);
  return printable === '' ? 'unknown' : printable;
}

/** writeOptions builds the WriteOptions of a create, update or patch. */
export function writeOptions(req: IncomingMessage, q: URLSearchParams, opts: { apply: boolean; subresource?: string; optionsKind: string }): WriteOptions {
  const fieldManager = q.get('fieldManager') ?? '';
  if (opts.apply && fieldManager === '') {
    const message = 'Required value: is required for apply patch';
    throw new ApiError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: fieldManager: ${message}`, {
      group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message, field: 'fieldManager' }],
    });
  }
  const out: WriteOptions = {
    manager: fieldManager !== '' ? fieldManager : userAgentManager(req.headers['user-agent']),
    dryRun: dryRunOf(q.getAll('dryRun'), opts.optionsKind),
  };
  if (opts.subresource === 'status' || opts.subresource === 'scale') out.subresource = opts.subresource;
  const force = q.get('force');
  if (opts.apply) out.force = force === 'true' || force === '1';
  const fv = q.get('fieldValidation');
  if (fv === 'Strict' || fv === 'Warn' || fv === 'Ignore') out.fieldValidation = fv;
  return out;
}
