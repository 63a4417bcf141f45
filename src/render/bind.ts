import type { Catalog, Template } from '../model/catalog.js';
import type { Cluster } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { objectSubject } from '../kube/object-ref.js';
import type { Binding, TargetCluster } from '../model/plan.js';
import type { PropagationPolicy } from '../model/policy.js';
import { dependencyKeysOf } from './dependencies.js';
import { compareStrings } from '../kube/compare-strings.js';
import { isSkippedNamespace, matchPolicy, policyId, skipReason } from './match.js';
import { schedule } from './placement/schedule.js';
import { strategyOf } from './replicas/strategies.js';
import { memoEstimator, type Estimator } from './replicas/estimator.js';
import { placementFor } from './failover/default-tolerations.js';
import { overcommitWarnings } from './placement/overcommit.js';
import { NO_TRACE, type RenderRecorder } from './trace/recorder.js';
import type { TraceReplay } from './trace/deferred.js';
import { copyBinding, placementReuse, type PlacementMemo } from './placement-memo.js';

/** Placed is a template with its binding and what manifest construction needs to know about it. */
export interface Placed {
  template: Template;
  binding: Binding;
  /** Divided replicas: Job completions are re-split over the targets */
  divided: boolean;
}

/** NAMESPACE_SYNC names the binding of Namespaces that go to every cluster without a policy. */
export const NAMESPACE_SYNC = 'namespace-sync';

/** autoPropagatedNamespace tells whether the namespace sync controller sends a Namespace everywhere. */
function autoPropagatedNamespace(t: Template): boolean {
  const o = t.object;
  if (o.apiVersion !== 'v1' || o.kind !== 'Namespace') return false;
  const name = o.metadata.name;
  if (name === 'default' || isSkippedNamespace(name)) return false;
  return (o.metadata.labels?.['namespace.karmada.io/skip-auto-propagation'] ?? '').toLowerCase() !== 'true';
}

function suspendedClusters(targets: TargetCluster[], suspend: 'all' | string[] | undefined): string[] | undefined {
  if (!suspend) return undefined;
  const names = targets.map((t) => t.name).filter((n) => suspend === 'all' || suspend.includes(n));
  return names.length > 0 ? names : undefined;
}

/** BindContext is what every template's binding shares within one render. */
interface BindContext {
  estimate: Estimator;
  byName: ReadonlyMap<string, Cluster>;
  diagnostics: Diagnostic[];
  trace: RenderRecorder;
}

/** bindTemplate decides which policy claims a template and where the scheduler puts it. */
function bindTemplate(t: Template, catalog: Catalog, clusters: readonly Cluster[], ctx: BindContext): Placed | undefined {
  const trace = ctx.trace.template(t);
  if (autoPropagatedNamespace(t)) {
    trace.namespaceSync();
    const targets = clusters.filter((c) => !c.deleting).map((c) => ({ name: c.name })).sort((a, b) => compareStrings(a.name, b.name));
    return { template: t, binding: { resource: t.key, policy: NAMESPACE_SYNC, clusters: targets }, divided: false };
  }
  const policy = skipReason(t.object) ? undefined : matchPolicy(t.object, catalog.propagationPolicies);
  trace.claimed(catalog.propagationPolicies, policy);
  if (!policy) return undefined;
  const placed = scheduleTemplate(t, policy, catalog, clusters, ctx);
  trace.bound(placed.binding);
  return placed;
}

/** scheduleTemplate schedules a template its policy claims. */
function scheduleTemplate(t: Template, policy: PropagationPolicy, catalog: Catalog, clusters: readonly Cluster[], ctx: BindContext): Placed {
  const trace = ctx.trace.template(t);
  const binding: Binding = { resource: t.key, policy: policyId(policy), clusters: [] };
  if (policy.schedulerName !== 'default-scheduler') {
    binding.reason = `schedulerName ${policy.schedulerName} is not handled by the default scheduler`;
    return { template: t, binding, divided: false };
  }
  const now = catalog.failover?.now;
  const previous = catalog.previous?.get(t.key);
  const { estimate } = ctx;
  const evicted = catalog.appEvictions?.get(t.key);
  const result = schedule({ object: t.object, placement: placementFor(policy.placement, catalog.failover), clusters, estimate, ...(now !== undefined ? { now } : {}), ...(previous ? { previous } : {}), ...(evicted ? { evicted } : {}), trace: ctx.trace.on ? trace : undefined });
  if (result.ok) {
    binding.clusters = result.targets;
    ctx.diagnostics.push(...overcommitWarnings({ template: t, targets: result.targets, clusters: ctx.byName, estimate, ...(previous ? { previous } : {}) }));
    if (result.affinityName !== undefined) binding.affinityName = result.affinityName;
  } else binding.reason = result.reason;
  if (policy.clusterFailover) binding.failover = { ...policy.clusterFailover };
  if (policy.applicationFailover) binding.applicationFailover = { ...policy.applicationFailover };
  if (evicted?.size) binding.evicted = [...evicted].sort(compareStrings);
  const suspended = suspendedClusters(binding.clusters, policy.suspendDispatching);
  if (suspended) binding.suspended = suspended;
  const divided = strategyOf(policy.placement.replicaScheduling) !== 'Duplicated';
  return { template: t, binding, divided };
}

/** addDependencies sends the dependencies of propagateDeps workloads to the clusters where the workload landed. */
function addDependencies(placed: Map<string, Placed>, catalog: Catalog, trace: RenderRecorder): void {
  const byKey = new Map(catalog.templates.map((t) => [t.key, t]));
  const required = new Map<string, { by: Set<string>; clusters: Set<string>; policy: string }>();
  // indexed once instead of a find per placed template; a duplicated id keeps its first policy, as find did
  const policies = new Map<string, PropagationPolicy>();
  for (const pp of catalog.propagationPolicies) if (!policies.has(policyId(pp))) policies.set(policyId(pp), pp);
  for (const p of placed.values()) {
    const policy = policies.get(p.binding.policy);
    const ns = p.template.object.metadata.namespace;
    if (!policy?.propagateDeps || !ns || p.binding.clusters.length === 0) continue;
    for (const key of dependencyKeysOf(p.template.object, ns)) {
      if (!byKey.has(key)) continue; // Karmada skips references to objects that do not exist
      const entry = required.get(key) ?? { by: new Set(), clusters: new Set(), policy: p.binding.policy };
      entry.by.add(p.template.key);
      for (const c of p.binding.clusters) entry.clusters.add(c.name);
      required.set(key, entry);
    }
  }
  for (const [key, need] of required) {
    const template = byKey.get(key) as Template;
    const own = placed.get(key) ?? { template, binding: { resource: key, policy: need.policy, clusters: [] }, divided: false };
    const names = new Set(own.binding.clusters.map((c) => c.name));
    const extra = [...need.clusters].filter((n) => !names.has(n)).map((name) => ({ name }));
    own.binding.clusters = [...own.binding.clusters, ...extra].sort((a, b) => compareStrings(a.name, b.name));
    if (trace.on) trace.dependency(template, need.policy, [...need.by].sort(), extra.map((c) => c.name));
    own.binding.requiredBy = [...need.by].sort();
    delete own.binding.reason;
    placed.set(key, own);
  }
}

/** bindOne places one template; one the interpreter cannot read is an error diagnostic, as the API server would have refused it. */
function bindOne(t: Template, catalog: Catalog, ctx: BindContext): Placed | undefined {
  try {
    return bindTemplate(t, catalog, catalog.clusters, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.diagnostics.push({ severity: 'error', ...t.source, message: `${objectSubject(t.object)}: ${message}` });
    return undefined;
  }
}

/**
 * traceReplay places one template again for its placement trace (createDeferredRecorder): the same steps as bindAll's,
 * whose inputs are all in the catalog; its diagnostics were reported by bindAll and are dropped here.
 */
export function traceReplay(catalog: Catalog): TraceReplay {
  const byName = new Map(catalog.clusters.map((c) => [c.name, c]));
  const estimate = memoEstimator();
  return (t, trace) => void bindTemplate(t, catalog, catalog.clusters, { estimate, byName, diagnostics: [], trace });
}

/**
 * bindAll binds every template of the catalog; templates that no policy claims are left out. A template
 * the interpreter cannot read (an unparseable resource quantity) is an error diagnostic, as the API server
 * would have refused it. With a memo, a template placed by the last render with the same inputs is not placed again.
 */
export function bindAll(catalog: Catalog, diagnostics: Diagnostic[], trace: RenderRecorder = NO_TRACE, memo?: PlacementMemo): Map<string, Placed> {
  const placed = new Map<string, Placed>();
  // every template is estimated on every cluster, and templates request few distinct amounts
  const ctx: BindContext = { estimate: memoEstimator(), byName: new Map(catalog.clusters.map((c) => [c.name, c])), diagnostics, trace };
  const reuse = memo ? placementReuse(memo, catalog) : undefined;
  for (const t of catalog.templates) {
    const key = reuse?.keyOf(t);
    const known = key === undefined ? undefined : reuse?.get(key);
    if (key !== undefined && known) {
      reuse?.set(key, known);
      if (known.placed) placed.set(t.key, { template: t, binding: copyBinding(known.placed.binding), divided: known.placed.divided });
      diagnostics.push(...known.diagnostics.map((d) => ({ ...d })));
      continue;
    }
    const from = diagnostics.length;
    const p = bindOne(t, catalog, ctx);
    if (p) placed.set(t.key, p);
    // the memo keeps a copy as placed: propagateDeps changes the render's own
    if (key !== undefined) reuse?.set(key, { ...(p ? { placed: { binding: copyBinding(p.binding), divided: p.divided } } : {}), diagnostics: diagnostics.slice(from).map((d) => ({ ...d })) });
  }
  addDependencies(placed, catalog, trace);
  // a policy that places nothing must be seen in every output, not only in the JSON binding's `reason`
  for (const p of placed.values()) {
    if (p.binding.reason === undefined) continue;
    diagnostics.push({ severity: 'warning', ...p.template.source, message: `${objectSubject(p.template.object)}: ${p.binding.policy} places it nowhere: ${p.binding.reason}` });
  }
  return placed;
}
