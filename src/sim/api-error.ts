/** StatusCause is one entry of Status.details.causes (the Go field Type is serialised as `reason`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** StatusDetails is Status.details; `kind` holds the resource for NotFound/AlreadyExists/Conflict/Forbidden. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** StatusReason is the machine-readable reason of a Kubernetes Status error. */
export type StatusReason =
  | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'BadRequest' | 'Forbidden' | 'Unauthorized'
  | 'MethodNotAllowed' | 'UnsupportedMediaType' | 'TooManyRequests' | 'Expired' | 'Gone' | 'InternalError'
  | 'ServiceUnavailable' | 'NotAcceptable' | 'RequestEntityTooLarge' | '';

/** ApiError is a failure the simulated API server answers with a Kubernetes Status object. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  /** toStatus renders the error as the JSON Status body the real API server sends. */
  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}
