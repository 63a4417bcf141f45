import { createParseCache, type ParseCache } from './load/parse-cache.js';
import { createManifestMemo, type ManifestMemo } from './manifest-memo.js';
import { createPlacementMemo, type PlacementMemo } from './placement-memo.js';

/**
 * RenderCache is what one render leaves for the next, owned by the caller (the running reconciler keeps one):
 * render stays a function of its snapshot, and a cache only spares work, never changes a result. Whatever a
 * render takes from it is shared between renders and must never be modified.
 */
export interface RenderCache {
  parse: ParseCache;
  /** the manifests the last render built: a commit that changed one file rebuilds only what its change reaches */
  manifests: ManifestMemo;
  /** each template's placement in the last render: a template whose placement inputs did not change is not placed again */
  placements: PlacementMemo;
}

/** createRenderCache starts an empty cache. */
export function createRenderCache(): RenderCache {
  return { parse: createParseCache(), manifests: createManifestMemo(), placements: createPlacementMemo() };
}
