import type { KubeObject } from '../../model/kube.js';
import type { ResourceType } from '../types.js';
import { badRequest, forbidden, invalid, invalidValue, type FieldError } from './errors.js';
import { apiVersionOf } from './registry.js';
import { isPlainObject } from '../../kube/plain-object.js';
import { copyJson } from '../../kube/deep-copy.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function pathSegmentErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** nameErrors validates metadata.name with the rule the kind's strategy uses (label, DNS-1035, path segment or subdomain). */
export function nameErrors(rt: ResourceType, name: string): FieldError[] {
  const bad = (detail: string): FieldError[] => [invalidValue('metadata.name', name, detail)];
  if (rt.group === '' && rt.plural === 'namespaces') {
    if (name.length > 63) return bad('must be no more than 63 characters');
    return LABEL.test(name) ? [] : bad(LABEL_MSG);
  }
  if (rt.group === '' && rt.plural === 'services') {
    if (name.length > 63) return bad('must be no more than 63 characters');
    return DNS1035.test(name) ? [] : bad(DNS1035_MSG);
  }
  if (rt.group === 'rbac.authorization.k8s.io' || (rt.group === '' && rt.plural === 'events')) {
    return pathSegmentErrors(name).flatMap(bad);
  }
  if (name.length > 253) return bad('must be no more than 253 characters');
  return SUBDOMAIN.test(name) ? [] : bad(SUBDOMAIN_MSG);
}

/** validateObject runs the checks every write shares: the name rule plus the CRD naming rule. */
export function validateObject(rt: ResourceType, obj: KubeObject, old: KubeObject | undefined): void {
  const errs = nameErrors(rt, obj.metadata.name);
  if (rt.group === 'apiextensions.k8s.io' && rt.plural === 'customresourcedefinitions') errs.push(...crdErrors(obj));
  if (old) errs.push(...finalizerErrors(obj, old));
  if (errs.length > 0) throw invalid(rt, obj.metadata.name, errs);
}

function crdErrors(crd: KubeObject): FieldError[] {
  const spec = (crd['spec'] ?? {}) as { group?: unknown; names?: { plural?: unknown; kind?: unknown } };
  const expected = `${String(spec.names?.plural ?? '')}.${String(spec.group ?? '')}`;
  const errs: FieldError[] = [];
  if (crd.metadata.name !== expected) errs.push(invalidValue('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  if (!spec.names?.kind) errs.push({ reason: 'FieldValueRequired', field: 'spec.names.kind', body: 'Required value' });
  return errs;
}

function finalizerErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  if (!old.metadata['deletionTimestamp']) return [];
  const before = new Set((old.metadata['finalizers'] as string[] | undefined) ?? []);
  const added = ((obj.metadata['finalizers'] as string[] | undefined) ?? []).filter((f) => !before.has(f));
  if (added.length === 0) return [];
  const shown = `[]string{${added.map((f) => JSON.stringify(f)).join(', ')}}`;
  return [forbidden('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers ${shown}`)];
}

/**
 * checkBody turns a POST/PUT body into an object of the endpoint's kind: a missing apiVersion/kind takes the endpoint's
 * (the server decodes with the endpoint as default), a different one is 400 as the decoder reports it.
 */
export function checkBody(rt: ResourceType, body: unknown): KubeObject {
  if (!isPlainObject(body)) throw badRequest(`the object provided is unrecognized (must be of type ${rt.kind})`);
  const gv = apiVersionOf(rt);
  const apiVersion = body['apiVersion'] ?? gv;
  const kind = body['kind'] ?? rt.kind;
  if (apiVersion !== gv && !(typeof apiVersion === 'string' && apiVersion.split('/')[0] === rt.group && rt.group !== '')) {
    throw badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${gv})`);
  }
  if (kind !== rt.kind) throw badRequest(`the object provided is unrecognized (must be of type ${rt.kind}): kind "${String(kind)}" does not match`);
  const { metadata, ...rest } = body;
  return { ...copyJson(rest), apiVersion: gv, kind: rt.kind, metadata: isPlainObject(metadata) ? copyJson(metadata) : {} } as KubeObject;
}

/** checkNamespace makes the body's namespace agree with the URL's (400 otherwise), and drops it for cluster-scoped kinds. */
export function checkNamespace(rt: ResourceType, obj: KubeObject, namespace: string | undefined): void {
  if (!rt.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const ns = namespace ?? '';
  if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = ns;
}

/** checkName makes the body's name agree with the URL's (400 as `checkName` in the update handler). */
export function checkName(obj: KubeObject, name: string): void {
  const given = obj.metadata.name as unknown;
  if (given === undefined || given === '') obj.metadata.name = name;
  else if (given !== name) throw badRequest(`the name of the object (${String(given)}) does not match the name on the URL (${name})`);
}
