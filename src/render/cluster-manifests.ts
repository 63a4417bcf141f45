import type { Catalog } from '../model/catalog.js';
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { KubeObject } from '../model/kube.js';
import type { OverridePolicy } from '../model/policy.js';
import type { Placed } from './bind.js';
import { matchingOverridePolicies, type ClusterRules, type RulesOn, type SelectedRule } from './overrides/index.js';
import { buildVariant, jobCompletions, leavesReplicasOut, notRendered, type Built, type DroppedWarning } from './placed-parts.js';
import type { RenderRecorder } from './trace/recorder.js';
import { contentId, contentKey, memoized, rulesKey, type ManifestMemo } from './manifest-memo.js';
import { failureShape } from './failure-shape.js';

/**
 * ClusterManifests builds the placed templates' objects one cluster at a time, so that a caller writing each
 * cluster out before asking for the next holds one cluster's objects (plus the variants other clusters still
 * need), not the fleet's.
 */
export interface ClusterManifests {
  /** objectsOf builds the cluster's objects from the placed templates, in template order; once per cluster */
  objectsOf(cluster: string): KubeObject[];
  /**
   * warnings lists the templates dropped on a cluster so far, with `more` dropped by other streams of the same catalog
   * (the threads of one render), in template then target order (a whole render's order)
   */
  warnings(more?: readonly DroppedWarning[]): Diagnostic[];
  /** dropped is the templates dropped on the clusters built so far, each with its place in that order */
  dropped(): readonly DroppedWarning[];
  /**
   * skip leaves the named templates' objects out of objectsOf (before its first call): a caller comparing two renders
   * whose templates have the same inputs on both sides needs only their count per cluster and their warnings, which
   * stay exact; with `counted` false neither is wanted (the other render has them) and their objects are just left
   * out. Ignored when the manifests are traced.
   */
  skip(templates: ReadonlySet<string>, counted: boolean): void;
  /** unbuilt counts, per cluster built so far, the objects of skipped templates that objectsOf left out */
  unbuilt(): ReadonlyMap<string, number>;
  /** shared: obj was built once for several clusters (what is written of it can be kept for the next) */
  shared(obj: KubeObject): boolean;
}

/** Variant is a built manifest and how many targets still need it: at 0 it is let go. */
interface Variant { built?: Built; uses: number }

/** TemplateWork is what one placed template needs while its clusters are rendered. */
interface TemplateWork {
  p: Placed;
  completions: Map<string, number> | undefined;
  withoutReplicas: boolean;
  rulesOn?: RulesOn;
  /** by override rules, then by replicas and completions share */
  variants: Map<ClusterRules, Map<string, Variant>>;
  /** the template's content id in the memo, once asked */
  memoId?: number;
  /** left out of objectsOf (ClusterManifests.skip) */
  skipped?: boolean;
  /** a skipped template: whether its variants build, by failure shape (failureShape) then replicas and share */
  probes?: Map<number, Map<string, boolean>>;
}

/** Rules gives the RulesOn of a list of matching policies (cachedClusterRules). */
type Rules = (matching: readonly OverridePolicy[]) => RulesOn;

/**
 * clusterManifests indexes, per cluster, the (template, target) pairs it receives and counts how many targets share
 * each variant. buildManifest depends only on the template, the target's replicas, the Job completions share and the
 * override rules (never on the cluster otherwise), so clusters that agree on those three get the same object: it is
 * built once, shared read-only, and dropped after the last cluster that needs it.
 */
export function clusterManifests(placed: readonly Placed[], catalog: Catalog, clusters: ReadonlyMap<string, Cluster>, rules: Rules, trace: RenderRecorder, memo?: ManifestMemo): ClusterManifests {
  const work: TemplateWork[] = placed.map((p) => ({ p, completions: jobCompletions(p), withoutReplicas: leavesReplicasOut(p), variants: new Map() }));
  // the one cluster whose override rules these are, or null once a second cluster has the same rules
  const owner = new Map<ClusterRules, string | null>();
  const dropped: DroppedWarning[] = [];
  const ctx: Context = { catalog, rules, shared: (selected) => owner.get(selected) === null, sharedObjects: new WeakSet(), ...(memo ? { memo, rulesIds: new Map() } : {}) };
  let counted = true;
  // indexed at the first cluster, once skip is known: a skipped template has no pairs, only its count per cluster
  let indexed: Indexed | undefined;
  const unbuilt = new Map<string, number>();
  return {
    objectsOf(name) {
      indexed ??= indexTargets(work, ctx, clusters, owner, trace.on ? undefined : counted);
      const list = indexed.pairs.get(name) ?? [];
      indexed.pairs.delete(name);
      const cluster = clusters.get(name) as Cluster;
      const out: KubeObject[] = [];
      const skippedHere = indexed.skipped.get(name);
      indexed.skipped.delete(name);
      let left = skippedHere?.builds ?? 0;
      // a skipped template whose failure shape fails is built here, so that its warning is the real one
      for (let i = 0; i < (skippedHere?.fails.length ?? 0); i += 2) {
        const [ti, k] = [skippedHere?.fails[i] as number, skippedHere?.fails[i + 1] as number];
        const w = work[ti] as TemplateWork;
        const built = buildFor(w, ctx, cluster, w.p.binding.clusters[k]?.replicas);
        if ('object' in built) left++;
        else dropped.push({ template: ti, target: k, diagnostic: notRendered(w.p, name, built.error) });
      }
      for (let i = 0; i < list.length; i += 2) {
        // plain reads: a destructured array literal per object was a visible share of the build
        const ti = list[i] as number;
        const k = list[i + 1] as number;
        const w = work[ti] as TemplateWork;
        const replicas = w.p.binding.clusters[k]?.replicas;
        const built = buildFor(w, ctx, cluster, replicas);
        if ('object' in built) out.push(built.object);
        else dropped.push({ template: ti, target: k, diagnostic: notRendered(w.p, name, built.error) });
        if (trace.on) recordManifest(trace, w, name, w.withoutReplicas ? undefined : replicas, built, () => rulesOf(w, catalog, rules, cluster).rules);
      }
      if (left > 0) unbuilt.set(name, left);
      return out;
    },
    warnings: (more = []) => [...dropped, ...more].sort((a, b) => a.template - b.template || a.target - b.target).map((x) => x.diagnostic),
    dropped: () => dropped,
    skip: (templates, count) => void (counted = skipAll(work, templates, count)),
    unbuilt: () => unbuilt,
    shared: (obj) => ctx.sharedObjects.has(obj),
  };
}

/** Indexed is, per cluster, the (template, target) pairs it receives and what its skipped templates' targets do. */
interface Indexed {
  /** flat (template index, target index) pairs: two numbers, not an object, per object of the fleet */
  pairs: Map<string, number[]>;
  /** the skipped templates' targets that build (counted) and the pairs whose failure shape fails (built) */
  skipped: Map<string, { builds: number; fails: number[] }>;
}

/**
 * indexTargets lists each cluster's pairs and counts how many targets share each variant; a skipped template's
 * targets are counted per cluster when `counted` (probed by failure shape, builds), left out when false, and indexed
 * as the others when undefined (traced manifests: every one is built).
 */
function indexTargets(work: readonly TemplateWork[], ctx: Context, clusters: ReadonlyMap<string, Cluster>, owner: Map<ClusterRules, string | null>, counted: boolean | undefined): Indexed {
  const out: Indexed = { pairs: new Map(), skipped: new Map() };
  const skips = (w: TemplateWork) => counted !== undefined && w.skipped === true;
  const eachTarget = (visit: (w: TemplateWork, cluster: Cluster, replicas: number | undefined, ti: number, k: number) => void, which: (w: TemplateWork) => boolean) => work.forEach((w, ti) => {
    if (!which(w)) return;
    const suspended = new Set(w.p.binding.suspended ?? []);
    w.p.binding.clusters.forEach((target, k) => {
      const cluster = clusters.get(target.name);
      if (!cluster || suspended.has(target.name)) return;
      try {
        visit(w, cluster, target.replicas, ti, k);
      } catch {
        // the same error is met again when this cluster is rendered, and reported there
      }
    });
  });
  const built = (w: TemplateWork) => !skips(w);
  eachTarget((w, cluster, _replicas, ti, k) => {
    let list = out.pairs.get(cluster.name);
    if (!list) out.pairs.set(cluster.name, (list = []));
    list.push(ti, k);
    const selected = rulesOf(w, ctx.catalog, ctx.rules, cluster);
    if (!owner.has(selected)) owner.set(selected, cluster.name);
    else if (owner.get(selected) !== cluster.name) owner.set(selected, null);
  }, built);
  // only variants of rules that clusters share are counted and kept: one cluster's own variants are built and let go
  eachTarget((w, cluster, replicas) => {
    if (owner.get(rulesOf(w, ctx.catalog, ctx.rules, cluster)) === null) variantOf(w, ctx.catalog, ctx.rules, cluster, replicas).uses++;
  }, built);
  if (counted) {
    eachTarget((w, cluster, replicas, ti, k) => {
      let here = out.skipped.get(cluster.name);
      if (!here) out.skipped.set(cluster.name, (here = { builds: 0, fails: [] }));
      if (builds(w, ctx, cluster, replicas)) here.builds++;
      else here.fails.push(ti, k);
    }, skips);
  }
  return out;
}

/** skipAll marks the templates to skip and returns whether their objects are counted. */
function skipAll(work: readonly TemplateWork[], templates: ReadonlySet<string>, counted: boolean): boolean {
  for (const w of work) if (templates.has(w.p.template.key)) w.skipped = true;
  return counted;
}

/**
 * builds tells whether the cluster's variant of a skipped template builds, from one build per failure shape: the
 * variants of one shape all build or all fail (failureShape), so most clusters cost a key, not a manifest.
 */
function builds(w: TemplateWork, ctx: Context, cluster: Cluster, replicas: number | undefined): boolean {
  try {
    const selected = rulesOf(w, ctx.catalog, ctx.rules, cluster);
    const shapes = (ctx.shapes ??= { byRules: new Map(), ids: new Map() });
    let shape = shapes.byRules.get(selected);
    if (shape === undefined) {
      const text = failureShape(selected.rules);
      shape = shapes.ids.get(text) ?? shapes.ids.size;
      shapes.ids.set(text, shape);
      shapes.byRules.set(selected, shape);
    }
    const key = variantKey(w, cluster.name, replicas);
    const probes = (w.probes ??= new Map());
    let byKey = probes.get(shape);
    if (!byKey) probes.set(shape, (byKey = new Map()));
    let ok = byKey.get(key);
    if (ok === undefined) byKey.set(key, (ok = 'object' in buildVariant(w.p, w.withoutReplicas ? undefined : replicas, w.completions?.get(cluster.name), selected.rules)));
    return ok;
  } catch {
    // the rules could not be selected: the build reports why
    return false;
  }
}

/** rulesOf is the override rules of the template on the cluster; throws what matching or filtering rules throws. */
function rulesOf(w: TemplateWork, catalog: Catalog, rules: Rules, cluster: Cluster): ClusterRules {
  // which policies select the template does not depend on the cluster: match once, not once per target
  w.rulesOn ??= rules(matchingOverridePolicies(w.p.template.object, catalog.overridePolicies));
  return w.rulesOn(cluster);
}

/** variantOf finds or adds the variant entry of a template for a cluster; throws what matching or filtering rules throws. */
function variantOf(w: TemplateWork, catalog: Catalog, rules: Rules, cluster: Cluster, replicas: number | undefined): Variant {
  const selected = rulesOf(w, catalog, rules, cluster);
  let byCounts = w.variants.get(selected);
  if (!byCounts) w.variants.set(selected, (byCounts = new Map()));
  const key = variantKey(w, cluster.name, replicas);
  let variant = byCounts.get(key);
  if (!variant) byCounts.set(key, (variant = { uses: 0 }));
  return variant;
}

/** Context is what building a cluster's variant reads besides the template. */
interface Context {
  catalog: Catalog;
  rules: Rules;
  shared: (selected: ClusterRules) => boolean;
  /** the objects of shared variants: only these are worth remembering anything about per object */
  sharedObjects: WeakSet<KubeObject>;
  /** the manifests of the last render (RenderCache), and the content ids of this render's rule lists */
  memo?: ManifestMemo;
  rulesIds?: Map<ClusterRules, number>;
  /** the failure shape of each rule list met by a skipped template, numbered */
  shapes?: { byRules: Map<ClusterRules, number>; ids: Map<string, number> };
}

/** buildFor builds (or reuses) the cluster's variant of the template and lets a shared one go after its last use. */
function buildFor(w: TemplateWork, ctx: Context, cluster: Cluster, replicas: number | undefined): Built {
  try {
    const selected = rulesOf(w, ctx.catalog, ctx.rules, cluster);
    const make = () => buildVariant(w.p, w.withoutReplicas ? undefined : replicas, w.completions?.get(cluster.name), selected.rules);
    const build = ctx.memo ? () => memoized(ctx.memo as ManifestMemo, memoKey(w, ctx, selected, cluster.name, replicas), make) : make;
    if (!ctx.shared(selected)) return build();
    const variant = variantOf(w, ctx.catalog, ctx.rules, cluster, replicas);
    variant.built ??= sharing(ctx, build());
    if (--variant.uses <= 0) w.variants.get(selected)?.delete(variantKey(w, cluster.name, replicas));
    return variant.built;
  } catch (err) {
    return { error: err };
  }
}

/** sharing notes the object of a variant several clusters get (ClusterManifests.shared). */
function sharing(ctx: Context, built: Built): Built {
  if ('object' in built) ctx.sharedObjects.add(built.object);
  return built;
}

/** memoKey names a variant by content, across renders: the template's and the rules' content ids, replicas and share. */
function memoKey(w: TemplateWork, ctx: Context, selected: ClusterRules, cluster: string, replicas: number | undefined): string {
  const memo = ctx.memo as ManifestMemo;
  w.memoId ??= contentId(memo, contentKey(w.p.template.object));
  const ids = ctx.rulesIds as Map<ClusterRules, number>;
  let rid = ids.get(selected);
  if (rid === undefined) ids.set(selected, (rid = contentId(memo, rulesKey(selected.rules))));
  return `${w.memoId}|${rid}|${variantKey(w, cluster, replicas)}`;
}

function variantKey(w: TemplateWork, cluster: string, replicas: number | undefined): string {
  const r = w.withoutReplicas ? undefined : replicas;
  const share = w.completions?.get(cluster);
  return share === undefined ? numberKey(r) : `${numberKey(r)}|${numberKey(share)}`;
}

/** numberKey spells a number for a key; String() would merge 0 and -0, which render as different objects. */
function numberKey(n: number | undefined): string {
  return n === undefined ? '' : Object.is(n, -0) ? '-0' : String(n);
}

/** recordManifest tells the trace recorder what one cluster's manifest was built from, or why it was not. */
function recordManifest(trace: RenderRecorder, w: TemplateWork, cluster: string, replicas: number | undefined, built: Built, rulesNow: () => readonly SelectedRule[]): void {
  let rules: readonly SelectedRule[] = [];
  try {
    rules = rulesNow();
  } catch {
    // the rules could not be selected: the failure below says why
  }
  const share = w.completions?.get(cluster);
  const failure = 'error' in built ? (built.error instanceof Error ? built.error.message : String(built.error)) : undefined;
  trace.manifest({
    resource: w.p.template.key, cluster, template: w.p.template.object, rules,
    ...(replicas !== undefined ? { replicas } : {}), ...(share !== undefined ? { completions: share } : {}), ...(failure !== undefined ? { failure } : {}),
  });
}
