/**
 * The placement trace worked out only for the templates a reader looks at: `gitfed plan` reads the traces of the few
 * templates whose placement changed, and recording every cluster's verdict for every template while placing cost a
 * fifth of a large plan. Placement is a function of the catalog, so scheduling one template again with a recorder
 * tells the recorder what placing it told it the first time.
 */
import type { Template } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { PlacementTrace, TemplateTrace } from '../../model/trace.js';
import { foreignTrace } from './foreign.js';
import { NO_TRACE, type RenderRecorder, type TemplateRecorder } from './recorder.js';
import { TemplateTraceBuilder } from './template-trace.js';

/** TraceReplay places one template again as render did, telling `trace` what each step decided (bind's traceReplay). */
export type TraceReplay = (t: Template, trace: RenderRecorder) => void;

/** Dependency is one propagateDeps call of the recorder, kept as it came. */
type Dependency = [policy: string, requiredBy: readonly string[], added: readonly string[]];

/**
 * createDeferredRecorder is createTraceRecorder's trace, each template's built when first read: placement records
 * nothing per cluster (its templates get the no-op recorder); the propagateDeps calls, which come from other templates'
 * placement, and KubeFed and Federation v1 traces, which are cheap, are kept as they come.
 */
export function createDeferredRecorder(clusters: readonly Cluster[], templates: readonly Template[], replay: TraceReplay): RenderRecorder {
  // a key's templates in catalog order: a duplicated key's attempts all go into its first template's builder
  const byKey = new Map<string, Template[]>();
  for (const t of templates) {
    const list = byKey.get(t.key);
    if (list) list.push(t);
    else byKey.set(t.key, [t]);
  }
  const dependencies = new Map<string, Dependency[]>();
  const foreign = new Map<string, TemplateTraceBuilder>();
  const build = (key: string, list: readonly Template[], rendered: boolean): TemplateTrace => {
    const b = new TemplateTraceBuilder(list[0], clusters);
    const one = oneTemplate(b);
    for (const t of list) {
      try {
        replay(t, one);
      } catch {
        // placing it threw the first time too: the trace keeps what was recorded before, as then
      }
    }
    for (const d of dependencies.get(key) ?? []) b.dependency(...d);
    return b.build(rendered);
  };
  return {
    ...NO_TRACE,
    on: true,
    dependency: (t, policy, requiredBy, added) => {
      const list = dependencies.get(t.key);
      if (list) list.push([policy, requiredBy, added]);
      else dependencies.set(t.key, [[policy, requiredBy, added]]);
    },
    foreign: (outputs) => {
      const objects = new Map(templates.map((t) => [t.key, t.object]));
      for (const o of outputs) foreign.set(o.binding.resource, TemplateTraceBuilder.of(o.binding.resource, foreignTrace(o, clusters, objects.get(o.binding.resource))));
    },
    result: (rendered) => {
      const keys = [...new Set([...byKey.keys(), ...dependencies.keys(), ...foreign.keys()])].sort((a, z) => (a < z ? -1 : a > z ? 1 : 0));
      const out: PlacementTrace['templates'] = {};
      for (const key of keys) {
        const done = foreign.get(key);
        if (done) out[key] = done.build(rendered.has(key));
        else lazily(out, key, () => build(key, byKey.get(key) ?? [], rendered.has(key)));
      }
      return { templates: out };
    },
  };
}

/** oneTemplate is a render recorder that hands every template's calls to one builder. */
function oneTemplate(b: TemplateRecorder): RenderRecorder {
  return { ...NO_TRACE, on: true, template: () => b };
}

/** lazily defines key on out as a value computed on first read, then kept (an ordinary enumerable property). */
function lazily<T>(out: Record<string, T>, key: string, compute: () => T): void {
  Object.defineProperty(out, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = compute();
      Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}
