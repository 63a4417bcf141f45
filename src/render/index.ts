import type { Plan } from '../model/plan.js';
import type { RepoConfig } from '../model/repo-config.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Catalog } from '../model/catalog.js';
import { loadCatalog } from './load/index.js';
import { readRepoConfig } from './load/repo-config.js';
import { render } from './render.js';

/** RenderedSnapshot is everything one revision says: the plan and the repository's settings. */
export interface RenderedSnapshot {
  catalog: Catalog;
  plan: Plan;
  config: RepoConfig;
}

/** renderSnapshot loads, validates and renders one snapshot; any error diagnostic means nothing may be applied. */
export function renderSnapshot(snapshot: Snapshot, adjust?: (catalog: Catalog) => Catalog): RenderedSnapshot {
  const { config, diagnostics } = readRepoConfig(snapshot);
  const loaded = loadCatalog(snapshot);
  const catalog = adjust ? adjust(loaded) : loaded;
  const plan = render({ ...catalog, diagnostics: [...diagnostics, ...catalog.diagnostics] }, snapshot.revision);
  return { catalog, plan, config };
}

/** hasErrors tells whether a plan must not be applied. */
export function hasErrors(plan: Plan): boolean {
  return plan.diagnostics.some((d) => d.severity === 'error');
}
