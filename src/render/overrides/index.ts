import type { Cluster } from '../../model/cluster.js';
import { GitfedError } from '../../model/errors.js';
import { objectSubject } from '../../kube/object-ref.js';
import type { KubeObject, SourceRef } from '../../model/kube.js';
import type { OverridePolicy, Overriders } from '../../model/policy.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { compareStrings } from '../../kube/compare-strings.js';
import { policyId } from '../match.js';
import { clusterMatches } from '../selectors/cluster-affinity.js';
import { PRIORITY, selectorsPriority } from '../selectors/resource-selector.js';
import { applyCommandArgsOverriderInPlace } from './command-args.js';
import { applyFieldOverriderInPlace } from './field.js';
import { applyImageOverriderInPlace } from './image.js';
import { applyLabelAnnotationOverriderInPlace } from './labels-annotations.js';
import { applyPlaintextInPlace } from './plaintext.js';
import type { Cow } from '../cow.js';

/** SelectedRule is one override rule that applies to an object on a cluster, tagged with its policy. */
export interface SelectedRule {
  /** `ClusterOverridePolicy/<name>` or `OverridePolicy/<namespace>/<name>` */
  policy: string;
  overriders: Overriders;
  /** where the rule is written: a failure is reported there */
  source?: SourceRef;
}

/** Step patches an object the caller owns in place and returns the (possibly replaced) root. */
type Step = (obj: KubeObject) => KubeObject;

/** each runs one overrider list element by element, naming the failing element in the error. */
function each<T>(name: string, list: readonly T[] | undefined, apply: (obj: KubeObject, item: T) => KubeObject, where: (item: T) => string): Step {
  return (obj) => {
    let cur = obj;
    for (const [i, item] of (list ?? []).entries()) {
      try {
        cur = apply(cur, item);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new GitfedError('OverrideFailed', '', `${name}[${i}] (${where(item)}): ${reason}`, { cause: err });
      }
    }
    return cur;
  };
}

/** steps lists overriders in Karmada's fixed order, whatever order the YAML used; with a Cow they copy what they change. */
function steps(o: Overriders, cow?: Cow): Step[] {
  return [
    each('imageOverrider', o.imageOverrider, (obj, x) => applyImageOverriderInPlace(obj, x, cow), (x) => x.predicate?.path ?? 'containers[*].image'),
    each('commandOverrider', o.commandOverrider, (obj, x) => applyCommandArgsOverriderInPlace(obj, 'command', x, cow), (x) => `containers[name=${x.containerName}].command`),
    each('argsOverrider', o.argsOverrider, (obj, x) => applyCommandArgsOverriderInPlace(obj, 'args', x, cow), (x) => `containers[name=${x.containerName}].args`),
    each('labelsOverrider', o.labelsOverrider, (obj, x) => applyLabelAnnotationOverriderInPlace(obj, 'labels', x, cow), () => '/metadata/labels'),
    each('annotationsOverrider', o.annotationsOverrider, (obj, x) => applyLabelAnnotationOverriderInPlace(obj, 'annotations', x, cow), () => '/metadata/annotations'),
    each('fieldOverrider', o.fieldOverrider, applyFieldOverriderInPlace, (x) => x.fieldPath),
    each('plaintext', o.plaintext && o.plaintext.length > 0 ? [o.plaintext] : [], (obj, x) => applyPlaintextInPlace(obj, x, cow), (x) => x.map((p) => p.path).join(', ')),
  ];
}

/** copiesOnWrite: every overrider of the rules can build on a Cow (the field overrider writes through its own pointer). */
export function copiesOnWrite(rules: readonly SelectedRule[]): boolean {
  return rules.every((r) => !r.overriders.fieldOverrider?.length);
}

/**
 * applyOverriders applies one overriders block in the fixed order image → command → args → labels →
 * annotations → field → plaintext. Pure: the input is never mutated.
 */
export function applyOverriders(obj: KubeObject, overriders: Overriders): KubeObject {
  return guarded(() => objectSubject(obj), '', () => runStepsInPlace(deepCopy(obj), overriders));
}

/** runStepsInPlace patches obj itself; a failing step may leave earlier ones applied, so callers discard obj then. */
function runStepsInPlace(obj: KubeObject, overriders: Overriders, cow?: Cow): KubeObject {
  let cur = obj;
  for (const step of steps(overriders, cow)) cur = step(cur);
  return cur;
}

/** guarded turns any failure into GitfedError('OverrideFailed') about subject(), prefixed with the policy and placed at its rule when known. */
function guarded(subject: () => string, policy: string, run: () => KubeObject, place?: SourceRef): KubeObject {
  try {
    return run();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new GitfedError('OverrideFailed', subject(), policy ? `${policy}: ${reason}` : reason, { cause: err, ...(place ? { place } : {}) });
  }
}

/** policyPriority treats an empty selector list as match-all, as Karmada does for override policies. */
function policyPriority(obj: KubeObject, policy: OverridePolicy): number {
  return policy.resourceSelectors.length === 0 ? PRIORITY.matchAll : selectorsPriority(obj, policy.resourceSelectors);
}

/** matchingSorted keeps the policies that select obj, least specific first, then by name (byte order). */
function matchingSorted(obj: KubeObject, policies: readonly OverridePolicy[]): OverridePolicy[] {
  const ranked = policies
    .map((policy) => ({ policy, priority: policyPriority(obj, policy) }))
    .filter((r) => r.priority > PRIORITY.misMatch);
  ranked.sort((a, b) => a.priority - b.priority || compareStrings(a.policy.name, b.policy.name));
  return ranked.map((r) => r.policy);
}


/**
 * matchingOverridePolicies lists the policies that select obj, in application order: ClusterOverridePolicies
 * first, then OverridePolicies of obj's own namespace (never for cluster-scoped objects); within each group by
 * implicit priority then name. It depends on obj alone, so a caller rendering obj for many clusters computes it once.
 */
export function matchingOverridePolicies(obj: KubeObject, policies: readonly OverridePolicy[]): OverridePolicy[] {
  const ns = obj.metadata.namespace ?? '';
  const cops = policies.filter((p) => p.kind === 'ClusterOverridePolicy');
  const ops = ns === '' ? [] : policies.filter((p) => p.kind === 'OverridePolicy' && p.namespace === ns);
  return [...matchingSorted(obj, cops), ...matchingSorted(obj, ops)];
}

/** policyRules lists the rules of one policy that apply on cluster, in declaration order. */
function policyRules(p: OverridePolicy, cluster: Cluster): SelectedRule[] {
  return p.overrideRules
    .filter((rule) => rule.targetCluster === undefined || clusterMatches(cluster, rule.targetCluster))
    .map((rule) => ({ policy: policyId(p), overriders: rule.overriders, ...(rule.source ? { source: rule.source } : {}) }));
}

/** clusterRules lists the rules of matching policies (from matchingOverridePolicies) that apply on cluster, in order. */
export function clusterRules(matching: readonly OverridePolicy[], cluster: Cluster): SelectedRule[] {
  return matching.flatMap((p) => policyRules(p, cluster));
}

/** ClusterRules is the rules that apply on one cluster, with a key equal for two clusters exactly when their rules are. */
export interface ClusterRules {
  rules: SelectedRule[];
  /** the policies (numbered by first use in this render) and the indices of their rules that apply, in order */
  key: string;
}

/** RulesOn gives, for the policies that select one object, the rules that apply on a cluster. */
export type RulesOn = (cluster: Cluster) => ClusterRules;

/**
 * cachedClusterRules returns a clusterRules that filters each (policy, cluster) pair once: which rules of a policy
 * apply on a cluster does not depend on the object, so one render reuses them for every template, and templates
 * selected by the same policies share their answers. The returned rules are shared and must not be modified. For
 * one list of policies, clusters with the same rules get the same ClusterRules object.
 */
export function cachedClusterRules(): (matching: readonly OverridePolicy[]) => RulesOn {
  const numbers = new Map<OverridePolicy, number>();
  const perPolicy = new Map<OverridePolicy, Map<Cluster, { rules: SelectedRule[]; key: string }>>();
  const bySignature = new Map<string, RulesOn>();
  const filtered = (p: OverridePolicy, cluster: Cluster) => {
    let byCluster = perPolicy.get(p);
    if (!byCluster) perPolicy.set(p, (byCluster = new Map()));
    let entry = byCluster.get(cluster);
    if (!entry) byCluster.set(cluster, (entry = numberedRules(p, cluster, numbers)));
    return entry;
  };
  return (matching) => {
    for (const p of matching) if (!numbers.has(p)) numbers.set(p, numbers.size);
    const signature = matching.map((p) => numbers.get(p)).join(',');
    let rulesOn = bySignature.get(signature);
    if (!rulesOn) bySignature.set(signature, (rulesOn = internedRulesOn(matching, filtered)));
    return rulesOn;
  };
}

/** internedRulesOn answers per cluster once, and hands out one ClusterRules per distinct key. */
function internedRulesOn(matching: readonly OverridePolicy[], filtered: (p: OverridePolicy, c: Cluster) => { rules: SelectedRule[]; key: string }): RulesOn {
  const byCluster = new Map<Cluster, ClusterRules>();
  const byKey = new Map<string, ClusterRules>();
  return (cluster) => {
    let known = byCluster.get(cluster);
    if (known) return known;
    const parts = matching.map((p) => filtered(p, cluster));
    const key = parts.map((e) => e.key).join(';');
    known = byKey.get(key) ?? { rules: parts.flatMap((e) => e.rules), key };
    byKey.set(key, known);
    byCluster.set(cluster, known);
    return known;
  };
}

/** numberedRules is policyRules with its key: the policy's number in this render and the indices of the rules kept. */
function numberedRules(p: OverridePolicy, cluster: Cluster, numbers: ReadonlyMap<OverridePolicy, number>): { rules: SelectedRule[]; key: string } {
  const n = numbers.get(p) as number;
  const kept: number[] = [];
  p.overrideRules.forEach((rule, i) => {
    if (rule.targetCluster === undefined || clusterMatches(cluster, rule.targetCluster)) kept.push(i);
  });
  const rules = kept.map((i) => p.overrideRules[i] as OverridePolicy['overrideRules'][number])
    .map((rule) => ({ policy: policyId(p), overriders: rule.overriders, ...(rule.source ? { source: rule.source } : {}) }));
  return { rules, key: `${n}:${kept.join(',')}` };
}

/**
 * selectOverrideRules lists the rules to apply to obj on cluster: the policies in matchingOverridePolicies order,
 * their rules in declaration order, kept when targetCluster is absent or matches.
 */
export function selectOverrideRules(obj: KubeObject, cluster: Cluster, policies: readonly OverridePolicy[]): SelectedRule[] {
  return clusterRules(matchingOverridePolicies(obj, policies), cluster);
}

/**
 * applyOverridePolicies applies every selected rule in order and reports one `applied` entry per rule,
 * like Karmada's AppliedOverrides. The first failure throws GitfedError('OverrideFailed'); the caller
 * drops the object on that cluster only. Pure: obj is never mutated (and comes back as is when no rule applies).
 */
export function applyOverridePolicies(
  obj: KubeObject,
  cluster: Cluster,
  policies: readonly OverridePolicy[],
): { object: KubeObject; applied: string[] } {
  const rules = selectOverrideRules(obj, cluster, policies);
  return rules.length === 0 ? { object: obj, applied: [] } : applyRulesInPlace(deepCopy(obj), rules);
}

/**
 * applyRulesInPlace is applyOverridePolicies for rules already selected, on an object the caller owns (or builds on
 * a Cow, when copiesOnWrite(rules)): obj is patched and the new root returned. After a failure obj may be half
 * patched; the caller must discard it.
 */
export function applyRulesInPlace(obj: KubeObject, rules: readonly SelectedRule[], cow?: Cow): { object: KubeObject; applied: string[] } {
  // errors name the object as it was before any rule, even if a rule renamed it in place
  const subject = objectSubject(obj);
  const named = (): string => subject;
  let cur = obj;
  const applied: string[] = [];
  for (const rule of rules) {
    const before = cur;
    cur = guarded(named, rule.policy, () => runStepsInPlace(before, rule.overriders, cow), rule.source);
    applied.push(rule.policy);
  }
  return { object: cur, applied };
}
