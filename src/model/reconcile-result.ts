import type { ClusterChangeSet } from './change-set.js';
import type { Diagnostic } from './diagnostic.js';

/** ReconcileResult is one cycle: either the render failed (nothing applied) or every cluster's change set. */
export interface ReconcileResult {
  revision: string | null;
  outcome: 'applied' | 'render-failed';
  diagnostics: Diagnostic[];
  clusters: ClusterChangeSet[];
}
