/**
 * One resource, one owner: a resource that a Karmada policy and a KubeFed object (or Federation v1 annotation) both
 * place, or two of the latter, is an error naming every claimant, and none of them renders it.
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { PropagationPolicy } from '../model/policy.js';
import { NAMESPACE_SYNC, type Placed } from './bind.js';
import { describeClaim, type Claim, type ForeignOutput } from './foreign.js';
import { policyId } from './match.js';

/** karmadaClaim names the policy that placed a template, at the policy's place (the template's when unknown). */
function karmadaClaim(p: Placed, policies: readonly PropagationPolicy[]): Claim {
  const policy = policies.find((pp) => policyId(pp) === p.binding.policy);
  return { owner: p.binding.policy, source: policy?.source ?? p.template.source };
}

function conflict(key: string, claims: readonly Claim[], diagnostics: Diagnostic[]): void {
  const [first, ...rest] = claims as [Claim, ...Claim[]];
  const others = rest.map(describeClaim).join(' and by ');
  diagnostics.push({ severity: 'error', ...first.source, message: `${key} is placed both by ${describeClaim(first)} and by ${others}; keep one owner` });
}

/**
 * resolveClaims returns the foreign outputs that own their resource alone, removing from `placed` the Karmada
 * bindings that conflict with one. Karmada's namespace sync is no claim: a Namespace that a FederatedNamespace
 * (or a Federation v1 annotation) places goes where that says.
 */
export function resolveClaims(
  placed: Map<string, Placed>, outputs: readonly ForeignOutput[], policies: readonly PropagationPolicy[], diagnostics: Diagnostic[],
): ForeignOutput[] {
  const byKey = new Map<string, ForeignOutput[]>();
  for (const o of outputs) byKey.set(o.binding.resource, [...(byKey.get(o.binding.resource) ?? []), o]);
  const kept: ForeignOutput[] = [];
  for (const [key, group] of byKey) {
    const karmada = placed.get(key);
    if (karmada?.binding.policy === NAMESPACE_SYNC) placed.delete(key);
    const rivals = karmada && karmada.binding.policy !== NAMESPACE_SYNC ? [karmadaClaim(karmada, policies)] : [];
    if (group.length === 1 && rivals.length === 0) {
      kept.push(group[0] as ForeignOutput);
      continue;
    }
    conflict(key, [...group.map((o) => o.claim), ...rivals], diagnostics);
    placed.delete(key);
  }
  return kept;
}
