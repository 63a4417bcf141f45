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

/** GitfedError carries a code, the subject it is about (`Deployment/default/web`), a cause and, when known, the file and line to fix. */
export class GitfedError extends Error {
  readonly code: ErrorCode;
  readonly subject: string;
  /** the repository file and line the error is about (e.g. the override rule that failed) */
  readonly place?: { file: string; line: number };

  constructor(code: ErrorCode, subject: string, message: string, options?: { cause?: unknown; place?: { file: string; line: number } }) {
    super(subject ? `${subject}: ${message}` : message, options?.cause === undefined ? {} : { cause: options.cause });
    this.name = 'GitfedError';
    this.code = code;
    this.subject = subject;
    if (options?.place) this.place = options.place;
  }
}
