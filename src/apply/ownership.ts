import { GITFED_NAMESPACE, type KubeObject } from '../model/kube.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../kube/field-manager.js';

/**
 * What gitfed may write over or delete is decided on the live object, never on a list alone: an inventory
 * can be stale or tampered with, and a template can name an object that someone else created.
 */

/** ADOPT_ANNOTATION on a template lets gitfed take over an existing object it did not create. */
export const ADOPT_ANNOTATION = 'gitfed.io/adopt';

/** AdoptMode is the value of ADOPT_ANNOTATION: `true` takes over and releases on removal, `prune` also deletes then. */
export type AdoptMode = 'true' | 'prune';

/** PROTECTED_NAMESPACES are never deleted, whatever an inventory lists. */
export const PROTECTED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'default', GITFED_NAMESPACE]);

/** adoptModeOf reads ADOPT_ANNOTATION of an object (template or live); undefined when absent or not a known value. */
export function adoptModeOf(obj: KubeObject): AdoptMode | undefined {
  const v = obj.metadata.annotations?.[ADOPT_ANNOTATION];
  return v === 'true' || v === 'prune' ? v : undefined;
}

/** hasGitfedFields tells whether gitfed's field manager wrote any field of the live object. */
export function hasGitfedFields(live: KubeObject): boolean {
  const entries = live.metadata.managedFields;
  return Array.isArray(entries) && entries.some((e) => (e as { manager?: unknown } | null)?.manager === FIELD_MANAGER);
}

/** ownedByGitfed is the check before a delete: gitfed's label and gitfed's field manager are both on the live object. */
export function ownedByGitfed(live: KubeObject): boolean {
  return live.metadata.labels?.[MANAGED_BY_LABEL] === FIELD_MANAGER && hasGitfedFields(live);
}

/** isProtected tells the objects no prune may delete: the system namespaces and gitfed's own. */
export function isProtected(live: KubeObject): boolean {
  return live.apiVersion === 'v1' && live.kind === 'Namespace' && PROTECTED_NAMESPACES.has(live.metadata.name);
}
