import type { Diagnostic } from '../../model/diagnostic.js';
import { DEFAULT_REPO_CONFIG, DRIFT_MODES, type RepoConfig } from '../../model/repo-config.js';
import type { Snapshot } from '../../model/snapshot.js';
import { FieldReader } from './field-reader.js';
import { REPO_CONFIG_FILE } from './index.js';
import { parseManifestFile } from './parse.js';

/** readRepoConfig reads `gitfed.yaml` (defaults when absent); problems are diagnostics naming the field. */
export function readRepoConfig(snapshot: Snapshot): { config: RepoConfig; diagnostics: Diagnostic[] } {
  const text = snapshot.files.get(REPO_CONFIG_FILE);
  const config = structuredClone(DEFAULT_REPO_CONFIG);
  if (text === undefined) return { config, diagnostics: [] };
  const { docs, diagnostics } = parseManifestFile(REPO_CONFIG_FILE, text);
  const doc = docs[0];
  if (!doc) return { config, diagnostics };
  const r = new FieldReader(doc, diagnostics);
  r.unknownKeys([], ['prune', 'drift', 'failover']);
  r.unknownKeys(['drift'], ['mode']);
  config.drift.mode = r.string(['drift', 'mode'], { oneOf: DRIFT_MODES }) ?? config.drift.mode;
  r.unknownKeys(['prune'], ['allowMassPrune', 'maxFraction', 'maxObjects']);
  config.prune.allowMassPrune = r.boolean(['prune', 'allowMassPrune']) ?? config.prune.allowMassPrune;
  config.prune.maxObjects = r.integer(['prune', 'maxObjects'], { min: 0 }) ?? config.prune.maxObjects;
  const fraction = r.raw(['prune', 'maxFraction']);
  if (fraction !== undefined) {
    if (typeof fraction === 'number' && fraction >= 0 && fraction <= 1) config.prune.maxFraction = fraction;
    else r.error(['prune', 'maxFraction'], 'must be a number between 0 and 1');
  }
  r.unknownKeys(['failover'], ['defaultTaintPolicy', 'defaultTolerationSeconds', 'holdDownSeconds']);
  config.failover.defaultTaintPolicy = r.boolean(['failover', 'defaultTaintPolicy']) ?? config.failover.defaultTaintPolicy;
  config.failover.defaultTolerationSeconds = r.integer(['failover', 'defaultTolerationSeconds'], { min: 0 }) ?? config.failover.defaultTolerationSeconds;
  config.failover.holdDownSeconds = r.integer(['failover', 'holdDownSeconds'], { min: 0 }) ?? config.failover.holdDownSeconds;
  return { config, diagnostics };
}
