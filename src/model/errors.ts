/** ErrorCode is the stable catalogue of gitfed error codes. */
export type ErrorCode =
  | 'InvalidInput'
  | 'ParseError'
  | 'PolicyInvalid'
  | 'OverrideFailed'
  | 'Unschedulable'
  | 'UsageError'
  /** a member cluster could not be reached (connection refused, timeout) after the bounded retries */
  | 'ClusterUnreachable'
  /** a member cluster answered a request with an error status */
  | 'ClusterApiError'
  /** server-side apply found fields owned by another manager (409) */
  | 'ApplyConflict'
  /** the inventory ConfigMap exists but cannot be read: nothing may be pruned from it */
  | 'InventoryInvalid'
  /** a CustomResourceDefinition did not become Established in time */
  | 'NotEstablished'
  /** the cluster's inventory is kept by a reconciler of another repository: this one must not write there */
  | 'OwnerConflict';

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
