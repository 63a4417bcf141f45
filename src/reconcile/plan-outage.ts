import type { Diagnostic } from '../model/diagnostic.js';
import type { Binding, Plan } from '../model/plan.js';
import { compareStrings } from '../kube/compare-strings.js';
import { subjectOf } from './plan-subject.js';

/** OutageCluster is one cluster of a template: replicas (or, for objects without replicas, 1 copy) now and after the outage. */
export interface OutageCluster {
  cluster: string;
  before: number;
  after: number;
  /** the cluster is one of the failed ones */
  down: boolean;
}

/** OutageTemplate is where one template is now and where failover would put it. */
export interface OutageTemplate {
  resource: string;
  subject: string;
  /** false: an object without replicas (ConfigMap, Service, ...); its numbers count copies */
  workload: boolean;
  clusters: OutageCluster[];
  /** why the template is placed nowhere after the outage, when it was placed before */
  unplaced?: string;
  /** replicas left on failed clusters because the policy tolerates the outage for ever */
  stranded?: number;
}

/** OutageReport is `plan --simulate-outage`: per template before and after, and whether the fleet survives. */
export interface OutageReport {
  failed: string[];
  templates: OutageTemplate[];
  /** overcommit warnings the outage adds: survivors given more replicas than their capacity holds */
  overcommitted: Diagnostic[];
  /** every template placed now is still placed, with nothing left on a failed cluster */
  survives: boolean;
  summary: string;
}

function counts(b: Binding | undefined): Map<string, number> {
  return new Map((b?.clusters ?? []).map((c) => [c.name, c.replicas ?? 1]));
}

/** templateOf compares one template's binding now and after the outage. */
function templateOf(resource: string, now: Binding | undefined, after: Binding | undefined, down: Set<string>): OutageTemplate {
  const [a, b] = [counts(now), counts(after)];
  const clusters = [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)
    .map((cluster) => ({ cluster, before: a.get(cluster) ?? 0, after: b.get(cluster) ?? 0, down: down.has(cluster) }));
  const workload = [...(now?.clusters ?? []), ...(after?.clusters ?? [])].some((c) => c.replicas !== undefined);
  const out: OutageTemplate = { resource, subject: subjectOf(resource), workload, clusters };
  if (a.size > 0 && b.size === 0) out.unplaced = after?.reason ?? 'placed nowhere';
  const stranded = clusters.filter((c) => c.down).reduce((n, c) => n + c.after, 0);
  if (workload && stranded > 0) out.stranded = stranded;
  return out;
}

/** diffOutage compares the head's plan with its plan under the outage of `failed`. */
export function diffOutage(now: Plan, outage: Plan, failed: readonly string[]): OutageReport {
  const down = new Set(failed);
  const before = new Map(now.bindings.map((b) => [b.resource, b]));
  const after = new Map(outage.bindings.map((b) => [b.resource, b]));
  const templates = [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings)
    .map((r) => templateOf(r, before.get(r), after.get(r), down));
  const known = new Set(now.diagnostics.filter((d) => d.code === 'Overcommitted').map((d) => d.message));
  const overcommitted = outage.diagnostics.filter((d) => d.code === 'Overcommitted' && !known.has(d.message));
  const unplaced = templates.filter((t) => t.unplaced !== undefined).length;
  const stranded = templates.filter((t) => t.stranded !== undefined).length;
  const moved = templates.filter((t) => t.workload && t.clusters.some((c) => c.before !== c.after)).length;
  const survives = unplaced === 0 && stranded === 0;
  const problems = [
    ...(unplaced ? [`${unplaced} template(s) cannot be placed`] : []),
    ...(stranded ? [`${stranded} stay on the failed cluster(s) (tolerated for ever)`] : []),
    ...(overcommitted.length ? [`${overcommitted.length} overcommit warning(s)`] : []),
  ];
  const summary = `outage of ${[...failed].join(', ')}: ${survives ? 'the fleet survives' : 'the fleet does NOT survive'}; ` +
    `replicas move for ${moved} workload(s)${problems.length ? `; ${problems.join('; ')}` : ''}`;
  return { failed: [...failed], templates, overcommitted, survives, summary };
}
