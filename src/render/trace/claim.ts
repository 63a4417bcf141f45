/** Which propagation policy claims a template, and why every other policy that selects it lost (karmada-semantics §3). */
import type { KubeObject } from '../../model/kube.js';
import type { PropagationPolicy } from '../../model/policy.js';
import type { ClaimRival, ClaimTrace } from '../../model/trace.js';
import { policyId, skipReason } from '../match.js';
import { PRIORITY, selectorsPriority, type ImplicitPriority } from '../selectors/resource-selector.js';

const HOW: Readonly<Record<ImplicitPriority, string>> = {
  [PRIORITY.misMatch]: 'does not select it',
  [PRIORITY.matchAll]: 'a selector of its kind without name or labels',
  [PRIORITY.labelSelector]: 'a label selector',
  [PRIORITY.name]: 'an explicit name',
};

interface Ranked {
  policy: PropagationPolicy;
  implicit: ImplicitPriority;
}

/** ranked lists the policies of one kind (and namespace) that select the object. */
function ranked(obj: KubeObject, policies: readonly PropagationPolicy[]): Ranked[] {
  return policies
    .map((policy) => ({ policy, implicit: selectorsPriority(obj, policy.resourceSelectors) }))
    .filter((r) => r.implicit !== PRIORITY.misMatch);
}

/** lostBecause compares a rival with the winner in matchPolicy's order: explicit priority, implicit priority, name. */
function lostBecause(rival: Ranked, winner: Ranked): string {
  if (rival.policy.kind !== winner.policy.kind) return 'a PropagationPolicy of the namespace always wins over a ClusterPropagationPolicy';
  if (rival.policy.priority !== winner.policy.priority) return `priority ${rival.policy.priority} < ${winner.policy.priority}`;
  if (rival.implicit !== winner.implicit) return `it selects by ${HOW[rival.implicit]}, which loses to ${HOW[winner.implicit]}`;
  return `same priority and selector; name "${rival.policy.name}" sorts after "${winner.policy.name}"`;
}

/** explainClaim traces the choice matchPolicy made for obj (chosen: its answer). */
export function explainClaim(obj: KubeObject, policies: readonly PropagationPolicy[], chosen: PropagationPolicy | undefined): ClaimTrace {
  const skip = skipReason(obj);
  if (skip) return { reason: `never propagated: ${skip}`, rivals: [] };
  const ns = obj.metadata.namespace;
  const pps = ns ? ranked(obj, policies.filter((p) => p.kind === 'PropagationPolicy' && p.namespace === ns)) : [];
  const cpps = ranked(obj, policies.filter((p) => p.kind === 'ClusterPropagationPolicy'));
  const all = [...pps, ...cpps];
  const winner = all.find((r) => r.policy === chosen);
  if (!chosen || !winner) {
    return { reason: 'no PropagationPolicy of its namespace and no ClusterPropagationPolicy selects it', rivals: [] };
  }
  const rivals: ClaimRival[] = all.filter((r) => r !== winner).map((r) => ({ policy: policyId(r.policy), lostBecause: lostBecause(r, winner) }));
  return { policy: policyId(chosen), reason: `selects it by ${HOW[winner.implicit]} (priority ${chosen.priority})`, rivals };
}
