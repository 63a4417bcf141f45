import type { KubeObject } from '../../model/kube.js';
import { applyObject } from './apply.js';
import type { ManagerContext } from './context.js';
import { recordObjectUpdate } from './update.js';

export type { ManagerContext } from './context.js';

/** SSA: merge `config` into `live` (undefined: create) owning config's fields; conflicts → 409 ApiError (message and causes as §2.3) unless force; a field this manager stopped applying and nobody else owns is removed; `defaults` runs after ownership is computed (§10). Returns the new object with metadata.managedFields set. Throws ApiError 400 when config carries metadata.managedFields. */
export function serverSideApply(live: KubeObject | undefined, config: KubeObject, ctx: ManagerContext & { force: boolean; defaults: (o: KubeObject) => KubeObject }): KubeObject {
  return applyObject(live, config, ctx);
}

/** Non-apply write (POST/PUT/merge/json/strategic PATCH): `next` is already defaulted; record Compare(live,next) for manager as an Update operation, take those fields from other managers, set time only on an effective change. Returns next with managedFields. */
export function recordUpdate(live: KubeObject | undefined, next: KubeObject, ctx: ManagerContext): KubeObject {
  return recordObjectUpdate(live, next, ctx);
}
