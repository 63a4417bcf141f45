import type { ClusterChangeSet } from './change-set.js';
import type { Diagnostic } from './diagnostic.js';
import type { GitfedError } from './errors.js';

/** ReconcileResult is one cycle: either the render failed (nothing applied) or every cluster's change set. */
export interface ReconcileResult {
  revision: string | null;
  outcome: 'applied' | 'render-failed';
  diagnostics: Diagnostic[];
  clusters: ClusterChangeSet[];
  /** commit statuses a reporter could not post (a forge or the notes remote unreachable); absent when all went out */
  unposted?: GitfedError[];
}
