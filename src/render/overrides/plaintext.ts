import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { PlaintextOverrider } from '../../model/policy.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { applyJsonPatchInPlace } from './json-patch.js';
import { GitfedError } from '../../model/errors.js';
import type { Cow } from '../cow.js';

/**
 * applyPlaintext applies every plaintext entry of one overriders block as a single RFC 6902 patch, in order.
 * The result must still be an object with a kind, as unstructured decoding requires, and keep its metadata.
 */
export function applyPlaintext(obj: KubeObject, overriders: readonly PlaintextOverrider[]): KubeObject {
  return overriders.length === 0 ? obj : applyPlaintextInPlace(deepCopy(obj), overriders);
}

/** applyPlaintextInPlace is applyPlaintext on an object the caller owns (or builds, with a Cow): obj is patched and the new root returned. */
export function applyPlaintextInPlace(obj: KubeObject, overriders: readonly PlaintextOverrider[], cow?: Cow): KubeObject {
  if (overriders.length === 0) return obj;
  const patch = overriders.map((o) => ({ op: o.operator, path: o.path, value: o.value }));
  const out = applyJsonPatchInPlace(obj as unknown as JsonValue, patch, 'v5', cow);
  if (typeof out !== 'object' || out === null || Array.isArray(out)) throw new GitfedError('OverrideFailed', '', 'patched document is not an object');
  if (typeof out.kind !== 'string' || out.kind === '') throw new GitfedError('OverrideFailed', '', "Object 'Kind' is missing after the patch");
  if (typeof out.metadata !== 'object' || out.metadata === null || Array.isArray(out.metadata)) {
    throw new GitfedError('OverrideFailed', '', 'metadata is missing after the patch');
  }
  return out as unknown as KubeObject;
}
