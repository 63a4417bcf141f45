/** ErrorCode is the stable catalogue of gitfed error codes. */
export type ErrorCode =
  | 'InvalidInput'
  | 'ParseError'
  | 'PolicyInvalid'
  | 'OverrideFailed'
  | 'Unschedulable'
  | 'UsageError';

/** GitfedError carries a code, the subject it is about (`Deployment/default/web`) and a cause. */
export class GitfedError extends Error {
  readonly code: ErrorCode;
  readonly subject: string;

  constructor(code: ErrorCode, subject: string, message: string, options?: { cause?: unknown }) {
    super(subject ? `${subject}: ${message}` : message, options);
    this.name = 'GitfedError';
    this.code = code;
    this.subject = subject;
  }
}
