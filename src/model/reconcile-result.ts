import type { ClusterChangeSet } from './change-set.js';
import type { ClusterCondition } from './cluster-health.js';
import type { Diagnostic } from './diagnostic.js';
import type { GitfedError } from './errors.js';

/** ReconcileResult is one cycle: either the render failed (nothing applied) or every cluster's change set. */
export interface ReconcileResult {
  revision: string | null;
  outcome: 'applied' | 'render-failed';
  diagnostics: Diagnostic[];
  clusters: ClusterChangeSet[];
  /** members with `spec.syncMode: Pull`: never contacted, their agents report them (absent when there are none) */
  pulled?: PulledCluster[];
  /** commit statuses a reporter could not post (a forge or the notes remote unreachable); absent when all went out */
  unposted?: GitfedError[];
}

/** PulledCluster is a pull member as the push side sees it: through its agent's last report, if any. */
export interface PulledCluster {
  cluster: string;
  /** the Ready condition the report gives (Unknown when it is missing or too old) */
  condition: ClusterCondition;
  /** the commit the agent last said its member holds; null when it did not say */
  revision: string | null;
  /** one line: `pull mode, reported by its agent 12 s ago: success, revision abc1234` */
  message: string;
}
