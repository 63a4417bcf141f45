import type { LabelSelector, LabelSelectorRequirement } from '../../model/kube.js';

/** labelSelectorError says why a selector is invalid (as metav1.LabelSelectorAsSelector would), or undefined. */
export function labelSelectorError(selector: LabelSelector): string | undefined {
  for (const req of selector.matchExpressions ?? []) {
    const n = req.values?.length ?? 0;
    if ((req.operator === 'In' || req.operator === 'NotIn') && n === 0) {
      return `matchExpressions key ${req.key}: operator ${req.operator} needs at least one value`;
    }
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && n > 0) {
      return `matchExpressions key ${req.key}: operator ${req.operator} takes no values`;
    }
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(req.operator)) {
      return `matchExpressions key ${req.key}: unknown operator ${String(req.operator)}`;
    }
  }
  return undefined;
}

/**
 * labelSelectorMatches evaluates a selector against a label set. An empty selector matches everything;
 * an invalid one matches nothing (Karmada treats the conversion error as a mismatch).
 */
export function labelSelectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (labelSelectorError(selector)) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((req) => requirementMatches(req, labels));
}

/** requirementMatches evaluates one requirement; NotIn and DoesNotExist hold when the key is absent. */
export function requirementMatches(req: LabelSelectorRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(value as string);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}
