import { difference, intersection, recursiveDifference, union, type FieldSet } from './field-set.js';
import type { Comparison } from './compare.js';
import { conflictError } from './conflicts.js';
import type { ManagerEntry, Managers } from './managed-fields.js';
import type { Path } from './path.js';
import { stripSet } from './strip.js';

/** filterComparison drops stripped and ignored (reset) paths from a comparison (Comparison.FilterFields). */
export function filterComparison(cmp: Comparison, ignored: readonly Path[]): Comparison {
  const f = (s: FieldSet): FieldSet => recursiveDifference(stripSet(s), ignored);
  return { added: f(cmp.added), modified: f(cmp.modified), removed: f(cmp.removed) };
}

/** updateOwnership is SMD merge/update.go update(): every manager but `self` loses the fields this write changed
 * (a 409 instead when not forced) and every manager loses removed fields; empty entries are dropped. */
export function updateOwnership(managers: Managers, cmp: Comparison, self: string, force: boolean): Managers {
  const changed = union(cmp.modified, cmp.added);
  const conflicts: { id: string; entry: ManagerEntry; set: FieldSet }[] = [];
  for (const [id, entry] of managers) {
    if (id === self) continue;
    const set = intersection(entry.set, changed);
    if (set.size > 0) conflicts.push({ id, entry, set });
  }
  if (!force && conflicts.length > 0) throw conflictError(conflicts);
  const out: Managers = new Map();
  for (const [id, entry] of managers) {
    const taken = conflicts.find((c) => c.id === id)?.set;
    let set = taken ? difference(entry.set, taken) : entry.set;
    if (id !== self) set = difference(set, cmp.removed);
    if (set.size > 0) out.set(id, { ...entry, set });
  }
  return out;
}
