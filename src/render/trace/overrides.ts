/**
 * Override provenance: which OverridePolicy rule (and which of its overriders) changed which field of a template on
 * one cluster, and what the field held before. The rules are replayed one overrider at a time on a private copy and
 * each step's result compared with the one before; render's own manifest is built as before.
 */
import type { JsonValue, KubeObject } from '../../model/kube.js';
import type { OverridePolicy, Overriders } from '../../model/policy.js';
import type { OverrideChange } from '../../model/trace.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { isSecret, MASK, SECRET_VALUE_FIELDS, LAST_APPLIED } from '../../kube/secret-mask.js';
import { deepCopy } from '../../kube/deep-copy.js';
import { policyId } from '../match.js';
import { applyRulesInPlace, type SelectedRule } from '../overrides/index.js';
import { setReplicasInPlace } from '../replicas/revise.js';

/** ORDER is Karmada's fixed overrider order (overrides/index.ts steps). */
const ORDER: readonly (keyof Overriders)[] = ['imageOverrider', 'commandOverrider', 'argsOverrider', 'labelsOverrider', 'annotationsOverrider', 'fieldOverrider', 'plaintext'];

/** OverrideReplay is one cluster's manifest inputs: the template, its replica numbers there and the rules that select it. */
export interface OverrideReplay {
  cluster: string;
  template: KubeObject;
  replicas?: number;
  completions?: number;
  rules: readonly SelectedRule[];
  policies: readonly OverridePolicy[];
}

/** overrideChanges lists every field the rules change, rule by rule and overrider by overrider; a failing rule ends the list. */
export function overrideChanges(r: OverrideReplay): OverrideChange[] {
  if (r.rules.length === 0) return [];
  let obj = deepCopy(r.template);
  if (r.replicas !== undefined) setReplicasInPlace(obj, r.replicas, r.completions, r.template);
  const out: OverrideChange[] = [];
  const secret = isSecret(r.template);
  for (const rule of r.rules) {
    const index = ruleIndex(rule, r.policies);
    for (const overrider of ORDER) {
      const list = rule.overriders[overrider];
      if (!list || list.length === 0) continue;
      const before = deepCopy(obj);
      try {
        obj = applyRulesInPlace(obj, [{ policy: rule.policy, overriders: { [overrider]: list } }]).object;
      } catch {
        return out; // render reports the failure as a diagnostic and drops the object on this cluster
      }
      for (const d of leafDiff(before as unknown as JsonValue, obj as unknown as JsonValue, '')) {
        const masked = secret && hidden(d.path);
        out.push({
          cluster: r.cluster, path: d.path, policy: rule.policy, rule: index, overrider, ...(rule.source ? { source: rule.source } : {}),
          ...(d.before !== undefined ? { before: masked ? MASK : d.before } : {}), ...(d.after !== undefined ? { after: masked ? MASK : d.after } : {}),
        });
      }
    }
  }
  return out;
}

/** hidden: a Secret's values (and kubectl's copy of the whole object) are never shown. */
function hidden(path: string): boolean {
  return SECRET_VALUE_FIELDS.some((f) => path === `/${f}` || path.startsWith(`/${f}/`)) || path.includes(LAST_APPLIED.replace(/\//g, '~1'));
}

/** ruleIndex finds the rule's place in its policy's overrideRules (the selected rule shares its overriders object). */
function ruleIndex(rule: SelectedRule, policies: readonly OverridePolicy[]): number {
  const policy = policies.find((p) => policyId(p) === rule.policy);
  return policy ? policy.overrideRules.findIndex((x) => x.overriders === rule.overriders) : -1;
}

interface LeafDiff {
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** leafDiff lists the paths where two JSON values differ: maps key by key, lists of equal length item by item, else whole. */
export function leafDiff(a: JsonValue | undefined, b: JsonValue | undefined, path: string): LeafDiff[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => leafDiff((a as Record<string, JsonValue>)[k], (b as Record<string, JsonValue>)[k], `${path}/${escape(k)}`));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((x, i) => leafDiff(x, b[i], `${path}/${i}`));
  return [{ path: path || '/', ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) }];
}
