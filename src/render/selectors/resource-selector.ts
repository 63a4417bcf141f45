import type { KubeObject } from '../../model/kube.js';
import type { ResourceSelector } from '../../model/policy.js';
import { labelSelectorMatches } from './label-selector.js';

/** ImplicitPriority ranks how specifically a selector matched: mismatch < match-all < labelSelector < name. */
export type ImplicitPriority = 0 | 1 | 2 | 3;

/** PRIORITY names the implicit priority levels. */
export const PRIORITY = { misMatch: 0, matchAll: 1, labelSelector: 2, name: 3 } as const;

/**
 * resourceSelectorPriority is Karmada's ResourceSelectorPriority. A set name makes the labelSelector
 * irrelevant; a present but empty labelSelector is a label-selector match, not match-all.
 */
export function resourceSelectorPriority(obj: KubeObject, rs: ResourceSelector): ImplicitPriority {
  if (obj.apiVersion !== rs.apiVersion || obj.kind !== rs.kind) return PRIORITY.misMatch;
  if (rs.namespace && (obj.metadata.namespace ?? '') !== rs.namespace) return PRIORITY.misMatch;
  if (rs.name) return rs.name === obj.metadata.name ? PRIORITY.name : PRIORITY.misMatch;
  if (!rs.labelSelector) return PRIORITY.matchAll;
  return labelSelectorMatches(rs.labelSelector, obj.metadata.labels ?? {}) ? PRIORITY.labelSelector : PRIORITY.misMatch;
}

/** selectorsPriority is the maximum implicit priority over a policy's selectors. */
export function selectorsPriority(obj: KubeObject, selectors: readonly ResourceSelector[]): ImplicitPriority {
  let best: ImplicitPriority = PRIORITY.misMatch;
  for (const rs of selectors) {
    const p = resourceSelectorPriority(obj, rs);
    if (p > best) best = p;
  }
  return best;
}
