import type { Cluster } from '../../model/cluster.js';
import { GitfedError } from '../../model/errors.js';
import { objectSubject } from '../../model/kube.js';
import type { KubeObject } from '../../model/kube.js';
import type { OverridePolicy, Overriders } from '../../model/policy.js';
import { clusterMatches } from '../selectors/cluster-affinity.js';
import { PRIORITY, selectorsPriority } from '../selectors/resource-selector.js';
import { applyCommandArgsOverrider } from './command-args.js';
import { applyFieldOverrider } from './field.js';
import { applyImageOverrider } from './image.js';
import { applyLabelAnnotationOverrider } from './labels-annotations.js';
import { applyPlaintext } from './plaintext.js';

/** SelectedRule is one override rule that applies to an object on a cluster, tagged with its policy. */
export interface SelectedRule {
  /** `ClusterOverridePolicy/<name>` or `OverridePolicy/<namespace>/<name>` */
  policy: string;
  overriders: Overriders;
}

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
        throw new Error(`${name}[${i}] (${where(item)}): ${reason}`, { cause: err });
      }
    }
    return cur;
  };
}

/** steps lists overriders in Karmada's fixed order, whatever order the YAML used. */
function steps(o: Overriders): Step[] {
  return [
    each('imageOverrider', o.imageOverrider, applyImageOverrider, (x) => x.predicate?.path ?? 'containers[*].image'),
    each('commandOverrider', o.commandOverrider, (obj, x) => applyCommandArgsOverrider(obj, 'command', x), (x) => `containers[name=${x.containerName}].command`),
    each('argsOverrider', o.argsOverrider, (obj, x) => applyCommandArgsOverrider(obj, 'args', x), (x) => `containers[name=${x.containerName}].args`),
    each('labelsOverrider', o.labelsOverrider, (obj, x) => applyLabelAnnotationOverrider(obj, 'labels', x), () => '/metadata/labels'),
    each('annotationsOverrider', o.annotationsOverrider, (obj, x) => applyLabelAnnotationOverrider(obj, 'annotations', x), () => '/metadata/annotations'),
    each('fieldOverrider', o.fieldOverrider, applyFieldOverrider, (x) => x.fieldPath),
    each('plaintext', o.plaintext && o.plaintext.length > 0 ? [o.plaintext] : [], applyPlaintext, (x) => x.map((p) => p.path).join(', ')),
  ];
}

/**
 * applyOverriders applies one overriders block in the fixed order image → command → args → labels →
 * annotations → field → plaintext. Pure: the input is never mutated.
 */
export function applyOverriders(obj: KubeObject, overriders: Overriders): KubeObject {
  return guarded(obj, '', () => runSteps(obj, overriders));
}

function runSteps(obj: KubeObject, overriders: Overriders): KubeObject {
  let cur = structuredClone(obj);
  for (const step of steps(overriders)) cur = step(cur);
  return cur;
}

/** guarded turns any failure into GitfedError('OverrideFailed') about obj, prefixed with the policy when known. */
function guarded(obj: KubeObject, policy: string, run: () => KubeObject): KubeObject {
  try {
    return run();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new GitfedError('OverrideFailed', objectSubject(obj), policy ? `${policy}: ${reason}` : reason, { cause: err });
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
  ranked.sort((a, b) => a.priority - b.priority || (a.policy.name < b.policy.name ? -1 : a.policy.name > b.policy.name ? 1 : 0));
  return ranked.map((r) => r.policy);
}

function policyId(p: OverridePolicy): string {
  return p.kind === 'ClusterOverridePolicy' ? `ClusterOverridePolicy/${p.name}` : `OverridePolicy/${p.namespace ?? ''}/${p.name}`;
}

/**
 * selectOverrideRules lists the rules to apply to obj on cluster: ClusterOverridePolicies first, then
 * OverridePolicies of obj's own namespace (never for cluster-scoped objects); within each group by
 * implicit priority then name; rules in declaration order, kept when targetCluster is absent or matches.
 */
export function selectOverrideRules(obj: KubeObject, cluster: Cluster, policies: readonly OverridePolicy[]): SelectedRule[] {
  const ns = obj.metadata.namespace ?? '';
  const cops = policies.filter((p) => p.kind === 'ClusterOverridePolicy');
  const ops = ns === '' ? [] : policies.filter((p) => p.kind === 'OverridePolicy' && p.namespace === ns);
  const ordered = [...matchingSorted(obj, cops), ...matchingSorted(obj, ops)];
  return ordered.flatMap((p) =>
    p.overrideRules
      .filter((rule) => rule.targetCluster === undefined || clusterMatches(cluster, rule.targetCluster))
      .map((rule) => ({ policy: policyId(p), overriders: rule.overriders })),
  );
}

/**
 * applyOverridePolicies applies every selected rule in order and reports one `applied` entry per rule,
 * like Karmada's AppliedOverrides. The first failure throws GitfedError('OverrideFailed'); the caller
 * drops the object on that cluster only.
 */
export function applyOverridePolicies(
  obj: KubeObject,
  cluster: Cluster,
  policies: readonly OverridePolicy[],
): { object: KubeObject; applied: string[] } {
  let cur = obj;
  const applied: string[] = [];
  for (const rule of selectOverrideRules(obj, cluster, policies)) {
    const before = cur;
    cur = guarded(obj, rule.policy, () => runSteps(before, rule.overriders));
    applied.push(rule.policy);
  }
  return { object: cur, applied };
}
