import type { DriftMode } from './drift.js';

/** DRIFT_MODES are the values of `drift.mode` and of the `gitfed.io/drift` annotation. */
export const DRIFT_MODES: readonly DriftMode[] = ['correct', 'report', 'ignore'];

/** RepoConfig is the repository's own gitfed settings, read from `gitfed.yaml` at its root. */
export interface RepoConfig {
  prune: {
    /** let a cycle prune past the mass-deletion guard */
    allowMassPrune: boolean;
    /** the guard trips when a cycle would delete more than this share of a cluster's inventory */
    maxFraction: number;
    /** ... or more than this many objects */
    maxObjects: number;
  };
  drift: {
    /** what gitfed does about drift on objects without a `gitfed.io/drift` annotation */
    mode: DriftMode;
  };
  failover: {
    /**
     * the built-in taint policy of a repository without ClusterTaintPolicy objects: NoExecute taints
     * cluster.karmada.io/not-ready / unreachable while Ready is not True, tolerated by every policy without its
     * own toleration for those keys for `defaultTolerationSeconds`
     */
    defaultTaintPolicy: boolean;
    defaultTolerationSeconds: number;
    /**
     * how long a member that failover evicted must stay Ready before its replicas come back (a flap inside it
     * starts it again), so a flapping cluster does not make the fleet flap
     */
    holdDownSeconds: number;
  };
}

/** DEFAULT_REPO_CONFIG applies when the repository has no gitfed.yaml. */
export const DEFAULT_REPO_CONFIG: RepoConfig = {
  prune: { allowMassPrune: false, maxFraction: 0.5, maxObjects: 100 },
  drift: { mode: 'correct' },
  failover: { defaultTaintPolicy: true, defaultTolerationSeconds: 300, holdDownSeconds: 120 },
};
