import type { SafetySettings } from './reconcile-cluster.js';
import type { RepoConfig } from '../model/repo-config.js';
import { configOfText, effectiveConfig } from '../render/index.js';

/** AppliedConfigSource reads `gitfed.yaml` as a revision had it (undefined: that revision has none). */
export type AppliedConfigSource = (revision: string) => Promise<string | undefined>;

/**
 * safetyResolver gives, per revision a cluster already runs, the settings its next cycle may use: the commit's
 * own configuration, except that what loosens safety (the mass-deletion guard, fleet-wide drift `ignore`)
 * comes from the applied revision. A cluster without one (new, or a plain directory, which has no commit to
 * trust) and a revision that cannot be read get the defaults, the strict choice. The operator's
 * `--allow-mass-prune` always holds.
 */
export function safetyResolver(
  revision: string | null,
  config: RepoConfig,
  opts: { allowMassPrune: boolean; configAt?: AppliedConfigSource },
): (applied: string | null) => Promise<SafetySettings> {
  const read = new Map<string, Promise<RepoConfig>>();
  const appliedConfig = (applied: string | null): Promise<RepoConfig> => {
    if (applied === null) return Promise.resolve(configOfText(undefined));
    if (applied === revision) return Promise.resolve(config);
    if (!opts.configAt) return Promise.resolve(configOfText(undefined));
    let found = read.get(applied);
    if (!found) {
      found = opts.configAt(applied).then(configOfText, () => configOfText(undefined));
      read.set(applied, found);
    }
    return found;
  };
  return async (applied) => {
    const effective = effectiveConfig(await appliedConfig(applied), config);
    return {
      allowMassPrune: opts.allowMassPrune || effective.prune.allowMassPrune,
      guard: { maxShare: effective.prune.maxFraction, maxCount: effective.prune.maxObjects },
      driftMode: effective.drift.mode,
    };
  };
}
