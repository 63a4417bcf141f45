import type { JsonObject, JsonValue, KubeObject } from '../../model/kube.js';
import { compare } from './compare.js';
import { union } from './field-set.js';

import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, type ManagerEntry, type Managers } from './managed-fields.js';
import { typedError, withManagedFields, withoutManagedFields } from './object.js';
import { filterComparison, updateOwnership } from './ownership.js';
import { schemaFor } from './schema.js';
import { resetPaths } from './strip.js';
import { withZero, zeroObject } from './zero.js';
import type { ManagerContext } from './context.js';
import { isPlainObject } from '../../kube/plain-object.js';

/** SELF is the synthetic manager an Update runs under before it is folded into the real one (managedfieldsupdater.go). */
const SELF = '"current-operation"';

/** isReset tells `managedFields: []` or `[{}]`, which clears the list (fieldmanager.go isResetManagedFields). */
function isReset(raw: JsonValue | undefined): boolean {
  return Array.isArray(raw) && (raw.length === 0 || (raw.length === 1 && isPlainObject(raw[0]) && Object.keys(raw[0]).length === 0));
}

/** recordObjectUpdate implements recordUpdate (see index.ts). */
export function recordObjectUpdate(live: KubeObject | undefined, next: KubeObject, ctx: ManagerContext): KubeObject {
  try {
    return recordTyped(live, next, ctx);
  } catch (err) {
    throw typedError(next, err);
  }
}

function baseManagers(live: KubeObject | undefined, next: KubeObject, subresource: string | undefined): Managers | undefined {
  // body managedFields win on the main resource (clients may rewrite them); subresources always use the live ones
  const fromBody = subresource ? undefined : decodeManagedFields(next.metadata.managedFields);
  return fromBody ?? (live ? decodeManagedFields(live.metadata.managedFields) : undefined);
}

function recordTyped(live: KubeObject | undefined, next: KubeObject, ctx: ManagerContext): KubeObject {
  const body = withoutManagedFields(next);
  if (!ctx.subresource && isReset(next.metadata.managedFields)) return body;
  const base = baseManagers(live, next, ctx.subresource);
  // skipnonapplied: an existing object without managedFields is not tracked until the next apply
  if (live && !base) return body;
  const schema = schemaFor(next.apiVersion, next.kind);
  const zero = zeroObject(next.apiVersion, next.kind);
  const old = live ? withZero(withoutManagedFields(live) as unknown as JsonObject, zero) : zero;
  const cmp = filterComparison(compare(old, withZero(body as unknown as JsonObject, zero), schema), resetPaths(next.kind, ctx.subresource));
  const managers = updateOwnership(base ?? new Map(), cmp, SELF, true);
  const taken = union(cmp.modified, cmp.added);
  if (taken.size > 0) {
    const entry: ManagerEntry = { manager: ctx.manager, operation: 'Update', apiVersion: ctx.apiVersion, set: taken };
    if (ctx.subresource) entry.subresource = ctx.subresource;
    const id = managerId(entry);
    const previous = managers.get(id);
    // scalehandler.ToParent copies times keyed by the autoscaling/v1 id, so a scale entry keeps no fresh time (§1.5)
    const time = ctx.subresource === 'scale' ? previous?.time : ctx.now;
    managers.set(id, { ...entry, ...(time ? { time } : {}), set: previous ? union(previous.set, taken) : taken });
  }
  return withManagedFields(body, encodeManagedFields(capUpdateManagers(managers)));
}
