import type { ResourceSelector } from '../../model/policy.js';
import type { FieldReader } from './field-reader.js';

/**
 * readResourceSelectors reads `spec.resourceSelectors`. For namespaced policies an empty selector
 * namespace takes the policy's namespace (webhook default) and a different one is rejected.
 */
export function readResourceSelectors(r: FieldReader, policyNamespace: string | undefined, required: boolean): ResourceSelector[] {
  const path = ['spec', 'resourceSelectors'];
  return (r.list(path, { nonEmpty: required }) ?? []).map((_, i) => {
    const p = [...path, i];
    r.unknownKeys(p, ['apiVersion', 'kind', 'namespace', 'name', 'labelSelector']);
    const rs: ResourceSelector = {
      apiVersion: r.string([...p, 'apiVersion'], { required: true }) ?? '',
      kind: r.string([...p, 'kind'], { required: true }) ?? '',
    };
    const ns = r.string([...p, 'namespace']);
    if (policyNamespace !== undefined && ns && ns !== policyNamespace) {
      r.error([...p, 'namespace'], `must be empty or the policy's own namespace "${policyNamespace}"`);
    }
    const namespace = policyNamespace ?? ns;
    if (namespace) rs.namespace = namespace;
    const name = r.string([...p, 'name']);
    if (name) rs.name = name;
    const labelSelector = r.labelSelector([...p, 'labelSelector']);
    if (labelSelector) rs.labelSelector = labelSelector;
    return rs;
  });
}
