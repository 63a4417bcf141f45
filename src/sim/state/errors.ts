import { ApiError, type StatusCause } from '../api-error.js';
import type { ResourceType } from '../types.js';
import { groupResource, qualifiedKind } from './registry.js';

type Rt = Pick<ResourceType, 'group' | 'plural' | 'kind'>;

/** notFound is the 404 `<resource.group> "<name>" not found` Status. */
export function notFound(rt: Pick<ResourceType, 'group' | 'plural'>, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${groupResource(rt)} "${name}" not found`, { name, group: rt.group, kind: rt.plural });
}

/** namespaceNotFound is the 404 a write into a missing namespace gets. */
export function namespaceNotFound(ns: string): ApiError {
  return notFound({ group: '', plural: 'namespaces' }, ns);
}

/** alreadyExists is the 409 AlreadyExists Status of a create. */
export function alreadyExists(rt: Rt, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${groupResource(rt)} "${name}" already exists`, { name, group: rt.group, kind: rt.plural });
}

/** conflict is the 409 Conflict `Operation cannot be fulfilled on …: <why>` Status. */
export function conflict(rt: Pick<ResourceType, 'group' | 'plural'>, name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${groupResource(rt)} "${name}": ${why}`, {
    name, group: rt.group, kind: rt.plural,
  });
}

/** MODIFIED is the reason of an optimistic-concurrency conflict (§7.2). */
export const MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** FieldError is one field.Error: the Status cause reason, the field path and the rendered body. */
export interface FieldError {
  reason: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueNotSupported' | 'FieldValueDuplicate';
  field: string;
  body: string;
}

/** required builds a `Required value: <detail>` field error. */
export function required(field: string, detail: string): FieldError {
  return { reason: 'FieldValueRequired', field, body: `Required value: ${detail}` };
}

/** invalidValue builds an `Invalid value: <json>: <detail>` field error. */
export function invalidValue(field: string, value: unknown, detail: string): FieldError {
  return { reason: 'FieldValueInvalid', field, body: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}

/** forbidden builds a `Forbidden: <detail>` field error. */
export function forbidden(field: string, detail: string): FieldError {
  return { reason: 'FieldValueForbidden', field, body: `Forbidden: ${detail}` };
}

/** invalid is the 422 Invalid Status: `<Kind.group> "<name>" is invalid: <errors>` with one cause per error. */
export function invalid(rt: Pick<ResourceType, 'group' | 'kind'>, name: string, errs: FieldError[]): ApiError {
  const rendered = errs.map((e) => `${e.field}: ${e.body}`);
  // Go's aggregate prints a single error bare and several in brackets
  const text = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.reason, message: e.body, field: e.field }));
  return new ApiError(422, 'Invalid', `${qualifiedKind(rt)} "${name}" is invalid: ${text}`, { name, group: rt.group, kind: rt.kind, causes });
}

/** badRequest is a 400 BadRequest with free text. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** namespaceTerminating is the 403 the namespace lifecycle admission gives a create in a terminating namespace. */
export function namespaceTerminating(rt: Rt, name: string, ns: string): ApiError {
  return new ApiError(403, 'Forbidden', `${groupResource(rt)} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
    name, group: rt.group, kind: rt.plural,
    causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
  });
}

/** expired is the 410 Expired Status of a too-old resourceVersion. */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}
