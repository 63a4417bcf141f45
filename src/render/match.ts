import type { KubeObject } from '../model/kube.js';
import type { PropagationPolicy } from '../model/policy.js';
import { groupOf } from './scope.js';
import { selectorsPriority, PRIORITY, type ImplicitPriority } from './selectors/resource-selector.js';

const SKIPPED_GROUPS = new Set(['cluster.karmada.io', 'policy.karmada.io', 'work.karmada.io']);

/** isReservedNamespace is Karmada's IsReservedNamespace plus the default skipped pattern `kube-.*`. */
export function isSkippedNamespace(namespace: string): boolean {
  return namespace === 'karmada-system' || namespace === 'karmada-cluster' || namespace.startsWith('karmada-es-') || /^kube-.*$/.test(namespace);
}

/** skipReason says why the detector never propagates a template, or undefined when it may. */
export function skipReason(obj: KubeObject): string | undefined {
  const ns = obj.metadata.namespace;
  if (ns && isSkippedNamespace(ns)) return `namespace ${ns} is never propagated`;
  if (obj.kind === 'ConfigMap' && ns === 'kube-system' && obj.metadata.name === 'extension-apiserver-authentication') {
    return 'the apiserver authentication ConfigMap is never propagated';
  }
  if (SKIPPED_GROUPS.has(groupOf(obj.apiVersion))) return `API group ${groupOf(obj.apiVersion)} is never propagated`;
  return undefined;
}

/** policyId is the binding's policy reference: `PropagationPolicy/<ns>/<name>` or `ClusterPropagationPolicy/<name>`. */
export function policyId(policy: { kind: string; namespace?: string; name: string }): string {
  return policy.namespace ? `${policy.kind}/${policy.namespace}/${policy.name}` : `${policy.kind}/${policy.name}`;
}

interface Ranked {
  policy: PropagationPolicy;
  implicit: ImplicitPriority;
}

/** better orders candidates: explicit priority, then implicit priority, then the smaller name. */
function better(a: Ranked, b: Ranked): boolean {
  if (a.policy.priority !== b.policy.priority) return a.policy.priority > b.policy.priority;
  if (a.implicit !== b.implicit) return a.implicit > b.implicit;
  return a.policy.name < b.policy.name;
}

function highest(obj: KubeObject, policies: readonly PropagationPolicy[]): PropagationPolicy | undefined {
  let best: Ranked | undefined;
  for (const policy of policies) {
    const implicit = selectorsPriority(obj, policy.resourceSelectors);
    if (implicit === PRIORITY.misMatch) continue;
    const ranked = { policy, implicit };
    if (!best || better(ranked, best)) best = ranked;
  }
  return best?.policy;
}

/**
 * matchPolicy picks the one policy that claims a template: PropagationPolicies of the template's own
 * namespace first (any match beats every ClusterPropagationPolicy), then ClusterPropagationPolicies.
 */
export function matchPolicy(obj: KubeObject, policies: readonly PropagationPolicy[]): PropagationPolicy | undefined {
  const ns = obj.metadata.namespace;
  if (ns) {
    const pp = highest(obj, policies.filter((p) => p.kind === 'PropagationPolicy' && p.namespace === ns));
    if (pp) return pp;
  }
  return highest(obj, policies.filter((p) => p.kind === 'ClusterPropagationPolicy'));
}
