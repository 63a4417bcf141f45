import type { JsonObject, KubeObject } from '../../model/kube.js';
import { ApiError } from '../api-error.js';
import { compare } from './compare.js';
import { difference, orderedPaths, pathKey, recursiveDifference, sameOr, union, type FieldSet } from './field-set.js';
import { deepEqual, dropNulls } from './json.js';
import { capUpdateManagers, decodeManagedFields, encodeManagedFields, managerId, type ManagerEntry, type Managers } from './managed-fields.js';
import { merge } from './merge.js';
import { asJson, asKube, copyPaths, typedError, withManagedFields, withoutManagedFields, withoutSystemMeta } from './object.js';
import { filterComparison, updateOwnership } from './ownership.js';
import type { Path } from './path.js';
import { removePath } from './remove.js';
import { schemaFor, type Schema } from './schema.js';
import { resetPaths, stripSet } from './strip.js';
import { toFieldSet } from './to-field-set.js';
import { withZero, zeroObject } from './zero.js';
import type { ApplyContext } from './context.js';
import { copyJson } from '../../kube/deep-copy.js';

/** applyObject implements serverSideApply (see index.ts). */
export function applyObject(live: KubeObject | undefined, config: KubeObject, ctx: ApplyContext): KubeObject {
  if (config.metadata?.managedFields !== undefined) throw new ApiError(400, 'BadRequest', 'metadata.managedFields must be nil');
  try {
    return applyTyped(live, config, ctx);
  } catch (err) {
    throw typedError(config, err);
  }
}

function applyTyped(live: KubeObject | undefined, config: KubeObject, ctx: ApplyContext): KubeObject {
  const schema = schemaFor(config.apiVersion, config.kind);
  const ignored = resetPaths(config.kind, ctx.subresource);
  const liveBody = live ? withoutManagedFields(live) : undefined;
  const managers = liveManagers(live, liveBody, schema, ignored);
  const body = withoutSystemMeta(config);
  const set = recursiveDifference(stripSet(toFieldSet(asJson(body), schema)), ignored);
  const entry: ManagerEntry = { manager: ctx.manager, operation: 'Apply', apiVersion: ctx.apiVersion, set };
  if (ctx.subresource) entry.subresource = ctx.subresource;
  const id = managerId(entry);
  const previous = managers.get(id);
  if (previous?.time) entry.time = previous.time;
  // applying the same fields again keeps the set, and with it the tree it was encoded as
  entry.set = sameOr(previous?.set, set);
  managers.set(id, entry);
  let merged = merge(liveBody ? asJson(liveBody) : {}, asJson(body), schema) as unknown as KubeObject;
  // the strategy resets status on main writes and spec on /status (values follow the ignored field sets)
  merged = copyPaths(merged, liveBody, ignored);
  if (previous) merged = prune(merged, difference(previous.set, set), managers, schema);
  const cmp = filterComparison(compare(liveBody ? asJson(liveBody) : {}, asJson(merged), schema), ignored);
  const owners = updateOwnership(managers, cmp, id, ctx.force);
  const noop = liveBody !== undefined && deepEqual(dropNulls(asJson(liveBody)), dropNulls(asJson(merged)));
  const own = owners.get(id);
  if (!noop && own) own.time = ctx.now;
  const result = noop ? liveBody : ctx.defaults(asKube(dropNulls(asJson(merged))));
  return withManagedFields(result, encodeManagedFields(capUpdateManagers(owners)));
}

/** liveManagers decodes the live entries; an existing object without any is first owned by before-first-apply. */
function liveManagers(live: KubeObject | undefined, liveBody: KubeObject | undefined, schema: Schema, ignored: readonly Path[]): Managers {
  if (!live || !liveBody) return new Map();
  const decoded = decodeManagedFields(live.metadata.managedFields);
  if (decoded) return decoded;
  const zero = zeroObject(live.apiVersion, live.kind);
  const cmp = filterComparison(compare(zero, withZero(asJson(liveBody), zero), schema), ignored);
  const set = union(cmp.added, cmp.modified);
  const entry: ManagerEntry = { manager: 'before-first-apply', operation: 'Update', apiVersion: live.apiVersion, set };
  return set.size > 0 ? new Map([[managerId(entry), entry]]) : new Map();
}

/** prune removes what the applier stopped applying unless some manager (the applier included) owns that exact path. */
function prune(merged: KubeObject, dropped: FieldSet, managers: Managers, schema: Schema): KubeObject {
  const owned = (p: Path): boolean => [...managers.values()].some((e) => e.set.has(pathKey(p)));
  const out = copyJson(merged) as unknown as JsonObject;
  for (const path of orderedPaths(dropped)) {
    if (!owned(path)) removePath(out, path, schema, owned);
  }
  return out as unknown as KubeObject;
}
