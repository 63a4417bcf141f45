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
  /** a member cluster carries a NoExecute health taint: failover moved its replicas and gitfed leaves it untouched */
  | 'ClusterEvicted'
  /** a member cluster answered a request with an error status */
  | 'ClusterApiError'
  /** server-side apply found fields owned by another manager (409) */
  | 'ApplyConflict'
  /** the inventory ConfigMap exists but cannot be read: nothing may be pruned from it */
  | 'InventoryInvalid'
  /** a CustomResourceDefinition did not become Established in time */
  | 'NotEstablished'
  /** the cluster's inventory is kept by a reconciler of another repository: this one must not write there */
  | 'OwnerConflict'
  /** the policy repository could not be fetched (network, timeout, server error, credentials) */
  | 'RepoUnreachable'
  /** the kubeconfig could not be read */
  | 'KubeconfigUnreadable'
  /** a watch asked for a resourceVersion the server no longer keeps (410): list again */
  | 'WatchExpired'
  /** a forge's commit-status API could not be reached or refused a request */
  | 'ForgeFailed'
  /** a resource quantity (`500m`, `2Gi`) the API server would refuse */
  | 'QuantityInvalid'
  /** a coordination Lease changed since it was read (409), or could not be read or written: the replica tries again */
  | 'LeaseConflict'
  /** a ResourceInterpreterCustomization's Lua script failed, ran past its budget or returned a value of the wrong shape */
  | 'InterpretFailed';

/**
 * ErrorClass says whose move an error is: `input` the user's commit, files or flags are wrong (fix them);
 * `environment` something gitfed needs is unreachable (retry later); `cluster` a member cluster failed (others go on).
 */
export type ErrorClass = 'input' | 'environment' | 'cluster';

/** ERROR_CLASS classes every code of the catalogue. */
export const ERROR_CLASS: Readonly<Record<ErrorCode, ErrorClass>> = {
  InvalidInput: 'input',
  ParseError: 'input',
  PolicyInvalid: 'input',
  OverrideFailed: 'input',
  Unschedulable: 'input',
  UsageError: 'input',
  QuantityInvalid: 'input',
  InterpretFailed: 'input',
  ClusterUnreachable: 'cluster',
  ClusterApiError: 'cluster',
  ClusterEvicted: 'cluster',
  ApplyConflict: 'cluster',
  InventoryInvalid: 'cluster',
  NotEstablished: 'cluster',
  OwnerConflict: 'cluster',
  WatchExpired: 'cluster',
  RepoUnreachable: 'environment',
  KubeconfigUnreadable: 'environment',
  ForgeFailed: 'environment',
  LeaseConflict: 'environment',
};

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

  /** toJSON is the message: a change set or drift report serialised for `--format json` shows the error as text. */
  toJSON(): string {
    return this.message;
  }
}

/** asGitfedError keeps a catalogue error as it is and wraps anything else with the code the caller knows it by. */
export function asGitfedError(err: unknown, code: ErrorCode, subject = ''): GitfedError {
  if (err instanceof GitfedError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GitfedError(code, subject, message, { cause: err });
}
