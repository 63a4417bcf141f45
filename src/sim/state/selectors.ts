import type { KubeObject } from '../../model/kube.js';
import type { ResourceType } from '../types.js';
import { badRequest } from './errors.js';

/** Requirement is one parsed label selector term. */
export interface Requirement {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | '!exists';
  values: string[];
}

/** Selector matches an object; `matchesAll` skips the work for an empty selector. */
export interface Selector {
  matches(obj: KubeObject): boolean;
  matchesAll: boolean;
}

// Splits on commas that are not inside a parenthesised value set (`app in (a,b),tier`).
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_./]*[a-z0-9A-Z])?)$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string, term: string): string {
  if (!KEY.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}" in "${term}"`);
  return key;
}

function checkValue(v: string, term: string): string {
  if (!VALUE.test(v)) throw badRequest(`unable to parse requirement: invalid label value "${v}" in "${term}"`);
  return v;
}

/** parseLabelTerm parses one `k=v`, `k==v`, `k!=v`, `k in (…)`, `k notin (…)`, `k` or `!k` term (400 otherwise). */
export function parseLabelTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = (set[3] ?? '').split(',').map((v) => checkValue(v.trim(), term));
    return { key: checkKey(set[1] ?? '', term), op: set[2] === 'in' ? 'in' : 'notin', values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) {
    const value = checkValue(cmp[3] ?? '', term);
    return { key: checkKey(cmp[1] ?? '', term), op: cmp[2] === '!=' ? 'neq' : 'eq', values: [value] };
  }
  if (term.startsWith('!')) return { key: checkKey(term.slice(1).trim(), term), op: '!exists', values: [] };
  return { key: checkKey(term, term), op: 'exists', values: [] };
}

function matchRequirement(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'eq': return has && v === r.values[0];
    case 'neq': return !has || v !== r.values[0];
    case 'in': return has && r.values.includes(v ?? '');
    case 'notin': return !has || !r.values.includes(v ?? '');
    case 'exists': return has;
    case '!exists': return !has;
  }
}

/** parseLabelSelector parses a labelSelector query value. */
export function parseLabelSelector(text: string | undefined): Selector {
  const reqs = splitTerms(text ?? '').map(parseLabelTerm);
  return {
    matchesAll: reqs.length === 0,
    matches: (obj) => reqs.every((r) => matchRequirement(r, obj.metadata.labels ?? {})),
  };
}

// Field selectors the real server supports beyond metadata.name / metadata.namespace (field label conversion funcs).
const EXTRA_FIELDS: Record<string, string[]> = {
  '/pods': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  '/events': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  '/secrets': ['type'],
  '/namespaces': ['status.phase'],
  '/nodes': ['spec.unschedulable'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
};

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[part] : undefined;
  if (cur === undefined || cur === null) return path === 'spec.unschedulable' || path === 'spec.hostNetwork' ? 'false' : '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** parseFieldSelector parses a fieldSelector for `rt`; an unsupported field is 400 as on the real server. */
export function parseFieldSelector(rt: ResourceType, text: string | undefined, custom: boolean): Selector {
  const allowed = ['metadata.name', 'metadata.namespace', ...(EXTRA_FIELDS[`${rt.group}/${rt.plural}`] ?? [])];
  const reqs = splitTerms(text ?? '').map((term) => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${text ?? ''}'; can't understand '${term}'`);
    const field = m[1] ?? '';
    if (!allowed.includes(field)) {
      // custom resources answer with the apiextensions wording, built-ins with the field label conversion wording
      throw badRequest(custom ? `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"` : `field label not supported: ${field}`);
    }
    return { field, neq: m[2] === '!=', value: m[3] ?? '' };
  });
  return {
    matchesAll: reqs.length === 0,
    matches: (obj) => reqs.every((r) => (fieldValue(obj, r.field) === r.value) !== r.neq),
  };
}
