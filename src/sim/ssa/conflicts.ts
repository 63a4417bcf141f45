import { ApiError, type StatusCause } from '../api-error.js';
import { orderedPaths, type FieldSet } from './field-set.js';
import type { ManagerEntry } from './managed-fields.js';
import { byteCompare, pathToString } from './path.js';

/** printManager renders a manager as apimachinery's conflict message does: `"name"`, subresource, `using <v>` for Update. */
export function printManager(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  let out = JSON.stringify(e.manager);
  if (e.subresource) out += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${out} using ${e.apiVersion}` : out;
}

/** conflictError builds the 409 apply conflict Status (internal/conflict.go, NewApplyConflict; ssa-semantics §2.3). */
export function conflictError(conflicts: readonly { entry: ManagerEntry; set: FieldSet }[]): ApiError {
  const groups = conflicts.map(({ entry, set }) => ({ manager: printManager(entry), paths: orderedPaths(set).map(pathToString) }))
    .sort((a, b) => byteCompare(a.manager, b.manager));
  const causes: StatusCause[] = groups.flatMap((g) => g.paths.map((field) => ({
    reason: 'FieldManagerConflict', message: `conflict with ${g.manager}`, field,
  })));
  return new ApiError(409, 'Conflict', conflictMessage(groups), { causes });
}

function conflictMessage(groups: readonly { manager: string; paths: string[] }[]): string {
  const total = groups.reduce((n, g) => n + g.paths.length, 0);
  const first = groups[0];
  if (total === 1 && first) return `Apply failed with 1 conflict: conflict with ${first.manager}: ${first.paths[0] ?? ''}`;
  // managers that print the same (same name, different identity) share one group, as the Go map keyed by text does
  const merged = new Map<string, string[]>();
  for (const g of groups) merged.set(g.manager, [...(merged.get(g.manager) ?? []), ...g.paths]);
  const lines = [...merged].flatMap(([manager, paths]) => [`conflicts with ${manager}:`, ...paths.map((p) => `- ${p}`)]);
  return `Apply failed with ${total} conflicts: ${lines.join('\n')}`;
}
