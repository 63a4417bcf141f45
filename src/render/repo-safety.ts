import type { RepoConfig } from '../model/repo-config.js';

/**
 * The settings of `gitfed.yaml` that weaken safety are trusted only from a commit that is already applied:
 * otherwise one commit could switch the mass-deletion guard off and delete everything in the same cycle.
 */

/** Weakening is one safety setting that a commit loosens compared with the configuration already applied. */
export interface Weakening {
  /** the `gitfed.yaml` field, e.g. `prune.allowMassPrune` */
  setting: string;
  from: string;
  to: string;
}

/** weakenings lists the safety settings `next` loosens compared with `applied` (empty when it loosens none). */
export function weakenings(applied: RepoConfig, next: RepoConfig): Weakening[] {
  const out: Weakening[] = [];
  const note = (setting: string, from: unknown, to: unknown) => out.push({ setting, from: String(from), to: String(to) });
  if (next.prune.allowMassPrune && !applied.prune.allowMassPrune) note('prune.allowMassPrune', false, true);
  if (next.prune.maxFraction > applied.prune.maxFraction) note('prune.maxFraction', applied.prune.maxFraction, next.prune.maxFraction);
  if (next.prune.maxObjects > applied.prune.maxObjects) note('prune.maxObjects', applied.prune.maxObjects, next.prune.maxObjects);
  if (next.drift.mode === 'ignore' && applied.drift.mode !== 'ignore') note('drift.mode', applied.drift.mode, 'ignore');
  return out;
}

/**
 * effectiveConfig is the configuration a cycle runs with: `next` for everything, except that each safety
 * setting is the stricter of `applied` (the commit the cluster already runs) and `next`. Tightening takes
 * effect at once; loosening only once the commit that loosens is itself the applied one.
 */
export function effectiveConfig(applied: RepoConfig, next: RepoConfig): RepoConfig {
  return {
    prune: {
      allowMassPrune: applied.prune.allowMassPrune && next.prune.allowMassPrune,
      maxFraction: Math.min(applied.prune.maxFraction, next.prune.maxFraction),
      maxObjects: Math.min(applied.prune.maxObjects, next.prune.maxObjects),
    },
    drift: { mode: next.drift.mode === 'ignore' && applied.drift.mode !== 'ignore' ? applied.drift.mode : next.drift.mode },
    // failover never deletes anything (the reconciler leaves an evicted cluster as it is): not a safety setting
    failover: { ...next.failover },
  };
}
