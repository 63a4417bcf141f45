import type { KubeObject } from '../../model/kube.js';
import { ApiError } from '../api-error.js';

/** badJson is the 400 for a patch body that is not JSON. */
export function badJson(err: unknown): ApiError {
  const detail = err instanceof Error ? err.message : String(err);
  return new ApiError(400, 'BadRequest', `error decoding patch: ${detail}`);
}

/** rejected is the 422 the server gives when a patch cannot be applied (NewGenericServerResponse drops the cause). */
export function rejected(live: KubeObject, cause?: string): ApiError {
  return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    name: live.metadata.name,
    kind: live.kind,
    ...(cause ? { causes: [{ message: cause }] } : {}),
  });
}

/** invalidResult is the 422 for a patch whose result is not a valid object of the kind. */
export function invalidResult(live: KubeObject, field: string, message: string): ApiError {
  return new ApiError(422, 'Invalid', `${live.kind} "${live.metadata.name}" is invalid: ${field}: Invalid value: ${message}`, {
    name: live.metadata.name,
    kind: live.kind,
    causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${message}`, field }],
  });
}

/** unsupportedMediaType is the 415 for a content type the endpoint does not accept. */
export function unsupportedMediaType(accepted: readonly string[]): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

/** directiveError is the 400 for a malformed strategic merge patch directive. */
export function directiveError(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}
