import { pathKey, recursiveDifference, type FieldSet } from './field-set.js';
import { fieldElement, type Path } from './path.js';

const STRIPPED_META = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'];

/** STRIPPED_PATHS are never recorded (stripmeta.go): apiVersion, kind and top-level system metadata. */
export const STRIPPED_PATHS: readonly Path[] = [
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  ...STRIPPED_META.map((f) => [fieldElement('metadata'), fieldElement(f)]),
];

const METADATA = pathKey([fieldElement('metadata')]);

/** stripSet removes the stripped paths and the node `metadata` itself (only its children may be owned). */
export function stripSet(set: FieldSet): FieldSet {
  const kept = recursiveDifference(set, STRIPPED_PATHS);
  if (!kept.has(METADATA)) return kept;
  const out = new Map(kept);
  out.delete(METADATA);
  return out;
}

/** resetPaths are the strategy's reset fields for a write: `status` on the main resource, `spec` (and Deployment
 * `metadata.labels`) on /status (GetResetFields); they reach SMD as ignored fields. */
export function resetPaths(kind: string, subresource: string | undefined): Path[] {
  if (subresource === 'status') {
    const paths: Path[] = [[fieldElement('spec')]];
    if (kind === 'Deployment') paths.push([fieldElement('metadata'), fieldElement('labels')]);
    return paths;
  }
  if (subresource === 'scale') return [];
  return [[fieldElement('status')]];
}
