/**
 * The recorder render passes down when asked for a placement trace, and the no-op one it passes otherwise: every
 * call site hands over values render computes anyway, so with tracing off nothing is allocated or worked out.
 */
import type { Template } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { OverridePolicy, PropagationPolicy } from '../../model/policy.js';
import type { Binding } from '../../model/plan.js';
import type { PlacementTrace } from '../../model/trace.js';
import type { ForeignOutput } from '../foreign.js';
import type { ScheduleRecorder } from '../placement/schedule-recorder.js';
import { overrideChanges, type OverrideReplay } from './overrides.js';
import { foreignTrace } from './foreign.js';
import { TemplateTraceBuilder } from './template-trace.js';

/** TemplateRecorder records one template's claim and scheduling. */
export interface TemplateRecorder extends ScheduleRecorder {
  namespaceSync(): void;
  claimed(policies: readonly PropagationPolicy[], chosen: PropagationPolicy | undefined): void;
  /** the binding as bindTemplate leaves it */
  bound(binding: Binding): void;
}

/** ManifestRecord is one cluster's manifest of a template: the override replay, or the failure that dropped it. */
export type ManifestRecord = Omit<OverrideReplay, 'policies'> & { resource: string; failure?: string };

/** RenderRecorder records one render. */
export interface RenderRecorder {
  /** false for the no-op recorder: a call site that would build an argument checks it first */
  readonly on: boolean;
  template(t: Template): TemplateRecorder;
  /** propagateDeps sent the template to more clusters */
  dependency(t: Template, policy: string, requiredBy: readonly string[], added: readonly string[]): void;
  manifest(record: ManifestRecord): void;
  foreign(outputs: readonly ForeignOutput[]): void;
  /** the trace, once render kept `rendered` (Karmada bindings and foreign outputs that survived claim conflicts) */
  result(rendered: ReadonlySet<string>): PlacementTrace | undefined;
}

const noop = (): void => undefined;

const NO_TEMPLATE: TemplateRecorder = {
  namespaceSync: noop, claimed: noop, bound: noop, attempt: noop, filtered: noop, candidates: noop, selected: noop, assigned: noop, attemptEnd: noop,
};

/** NO_TRACE records nothing. */
export const NO_TRACE: RenderRecorder = {
  on: false, template: () => NO_TEMPLATE, dependency: noop, manifest: noop, foreign: noop, result: () => undefined,
};

/** createTraceRecorder records a render over these clusters, override policies and templates. */
export function createTraceRecorder(clusters: readonly Cluster[], overridePolicies: readonly OverridePolicy[], templates: readonly Template[]): RenderRecorder {
  const builders = new Map<string, TemplateTraceBuilder>();
  const builder = (t: Template): TemplateTraceBuilder => {
    let b = builders.get(t.key);
    if (!b) builders.set(t.key, (b = new TemplateTraceBuilder(t, clusters)));
    return b;
  };
  return {
    on: true,
    template: builder,
    dependency: (t, policy, requiredBy, added) => builder(t).dependency(policy, requiredBy, added),
    manifest: (record) => {
      const b = builders.get(record.resource);
      if (!b) return;
      if (record.failure !== undefined) b.overrideFailed(record.cluster, record.failure);
      else b.overrides.push(...overrideChanges({ ...record, policies: overridePolicies }));
    },
    foreign: (outputs) => {
      const byKey = new Map(templates.map((t) => [t.key, t.object]));
      for (const o of outputs) builders.set(o.binding.resource, TemplateTraceBuilder.of(o.binding.resource, foreignTrace(o, clusters, byKey.get(o.binding.resource))));
    },
    result: (rendered) => {
      const templates: PlacementTrace['templates'] = {};
      for (const [key, b] of [...builders].sort(([a], [z]) => (a < z ? -1 : a > z ? 1 : 0))) templates[key] = b.build(rendered.has(key));
      return { templates };
    },
  };
}
