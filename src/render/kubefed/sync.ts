/**
 * The KubeFed sync controller as a pure function (`pkg/controller/sync`): per federated object, its placement
 * (after its RSP rewrote it), limited by its FederatedNamespace and cluster readiness, and one rendered object per
 * cluster (§5). Validation failures void the resource everywhere and a patch failure one cluster: warnings, since
 * KubeFed keeps propagating everything else, and bindings that keep what the clusters hold, as KubeFed does.
 */
import type { Catalog } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { objectKey } from '../../kube/object-ref.js';
import type { KubeObject, SourceRef } from '../../model/kube.js';
import type { FederatedObject, FederatedPlacement, FederatedTypeConfig, OverrideItem, ReplicaSchedulingPreference } from '../../model/kubefed.js';
import type { Binding } from '../../model/plan.js';
import type { ForeignOutput } from '../foreign.js';
import { groupOf } from '../scope.js';
import { dispatch } from './dispatch.js';
import { droppedTemplateFields, federatedId, targetObject } from './federated.js';
import { federatedNamespaces, isSystemNamespace } from './namespace-gate.js';
import { overridesByCluster } from './overrides.js';
import { computeNamespacedPlacement, computePlacement, type PlacementOutcome } from './placement.js';
import { indexRsps, RSP_TYPE_CONFIGS, rspKey, scheduleRsp, unreadyCandidates } from './rsp.js';
import { federatedTypeId, isNamespacesConfig } from './type-config.js';

interface Ctx {
  clusters: readonly Cluster[];
  readyClusters: readonly Cluster[];
  ready: ReadonlySet<string>;
  namespacesFtc: FederatedTypeConfig | undefined;
  fedNamespaces: ReadonlyMap<string, FederatedObject>;
  rsps: Map<string, ReplicaSchedulingPreference>;
  diagnostics: Diagnostic[];
}

function warn(ctx: Ctx, source: SourceRef, message: string): void {
  ctx.diagnostics.push({ severity: 'warning', ...source, message });
}

/** gate says why the sync controller leaves this resource alone altogether, or undefined. */
function gate(fed: FederatedObject, ftc: FederatedTypeConfig, ctx: Ctx): string | undefined {
  if (!ftc.propagationEnabled) return `FederatedTypeConfig ${ftc.name} has propagation Disabled`;
  if (ftc.targetType.scope === 'Namespaced' && !ctx.namespacesFtc) return 'missing FederatedTypeConfig for namespaces';
  if (isNamespacesConfig(ftc) && fed.name !== fed.namespace) return `InvalidName: a ${fed.kind} must be named like its namespace`;
  if (isNamespacesConfig(ftc) && isSystemNamespace(fed.name)) return `system namespace ${fed.name} is never propagated`;
  return undefined;
}

/** Effective is the placement and overrides the sync controller reads, and who decided them. */
interface Effective {
  placement: FederatedPlacement;
  overrides: readonly OverrideItem[];
  policy: string;
  /** clusters an RSP left out only because they are not ready: untouched, so they keep what they hold */
  unready?: string[];
}

/** effective applies the object's RSP, when one of a scheduled type exists and schedules anything (§7). */
function effective(fed: FederatedObject, ftc: FederatedTypeConfig, ctx: Ctx): Effective {
  const own = { placement: fed.placement, overrides: fed.overrides, policy: federatedId(fed) };
  const key = rspKey(fed.kind, fed.namespace, fed.name);
  const rsp = ctx.rsps.get(key);
  if (!rsp || !RSP_TYPE_CONFIGS.includes(ftc.name)) return own;
  ctx.rsps.delete(key);
  const scheduled = scheduleRsp(fed, rsp, ctx.readyClusters, ctx.fedNamespaces.get(fed.namespace));
  if (typeof scheduled === 'string') {
    warn(ctx, rsp.source, `ReplicaSchedulingPreference/${rsp.namespace}/${rsp.name} does nothing: ${scheduled}`);
    return own;
  }
  const unready = unreadyCandidates(fed, rsp, ctx.clusters, ctx.ready, ctx.fedNamespaces.get(fed.namespace));
  return { placement: scheduled.placement, overrides: scheduled.overrides, policy: `ReplicaSchedulingPreference/${rsp.namespace}/${rsp.name}`, ...(unready.length ? { unready } : {}) };
}

/** placementOf is the sync controller's placement: a namespaced resource is limited to its FederatedNamespace's. */
function placementOf(fed: FederatedObject, ftc: FederatedTypeConfig, placement: FederatedPlacement, ctx: Ctx): PlacementOutcome {
  if (ftc.targetType.scope !== 'Namespaced') return computePlacement(placement, ctx.clusters);
  const fedNs = ctx.fedNamespaces.get(fed.namespace);
  if (!fedNs) warn(ctx, fed.source, `${federatedId(fed)}: namespace ${fed.namespace} has no FederatedNamespace, so KubeFed propagates it nowhere (NamespaceNotFederated)`);
  return computeNamespacedPlacement(placement, fedNs?.placement, ctx.clusters);
}

function renderOne(fed: FederatedObject, ftc: FederatedTypeConfig, ctx: Ctx): ForeignOutput {
  const target = targetObject(fed, ftc);
  const claim = { owner: federatedId(fed), source: fed.source };
  const binding: Binding = { resource: objectKey(target as unknown as KubeObject), policy: claim.owner, clusters: [] };
  const stop = (reason: string): ForeignOutput => ({ binding: { ...binding, reason }, objects: [], claim });
  const blocked = gate(fed, ftc, ctx);
  if (blocked) return stop(blocked);
  for (const f of droppedTemplateFields(fed)) warn(ctx, fed.source, `${claim.owner}: spec.template.metadata.${f} is dropped by KubeFed (set it through overrides)`);
  const eff = effective(fed, ftc, ctx);
  binding.policy = eff.policy;
  const placed = placementOf(fed, ftc, eff.placement, ctx);
  if (!placed.ok) {
    warn(ctx, fed.source, `${claim.owner} is propagated nowhere: ${placed.reason}`);
    return stop(placed.reason);
  }
  const overrides = overridesByCluster(eff.overrides);
  // KubeFed validates the overrides only when it renders an object for some cluster
  if (typeof overrides === 'string' && placed.clusters.some((n) => ctx.ready.has(n))) {
    warn(ctx, fed.source, `${claim.owner} is propagated nowhere: ApplyOverridesFailed: ${overrides}`);
    return stop(`ApplyOverridesFailed: ${overrides}`);
  }
  const onFailure = (cluster: string, message: string) => warn(ctx, fed.source, `${claim.owner} is not rendered for cluster ${cluster}: ${message}`);
  const byCluster = typeof overrides === 'string' ? new Map() : overrides;
  return { ...dispatch({ binding, target, selected: withUnready(fed, ftc, eff, placed.clusters, ctx), ready: ctx.ready, overrides: byCluster, onFailure }), claim };
}

/** withUnready adds the clusters an RSP skipped as not ready (limited by the namespace's placement), so dispatch leaves them alone. */
function withUnready(fed: FederatedObject, ftc: FederatedTypeConfig, eff: Effective, selected: readonly string[], ctx: Ctx): readonly string[] {
  if (!eff.unready) return selected;
  const skipped = placementOf(fed, ftc, { ...eff.placement, clusters: eff.unready }, ctx);
  return skipped.ok ? [...selected, ...skipped.clusters.filter((n) => !selected.includes(n))] : selected;
}

/** withNamespace puts a namespaced federated object without a namespace in `default`, as the API server would. */
function withNamespace(fed: FederatedObject, ftc: FederatedTypeConfig): FederatedObject {
  return ftc.federatedType.scope === 'Namespaced' && !fed.namespace ? { ...fed, namespace: 'default' } : fed;
}

/** typedObjects pairs each federated object with its FTC; one without is not propagated (a warning). */
function typedObjects(catalog: Catalog, diagnostics: Diagnostic[]): { fed: FederatedObject; ftc: FederatedTypeConfig }[] {
  const ftcs = new Map((catalog.kubefed?.typeConfigs ?? []).map((f) => [federatedTypeId(f.federatedType.group, f.federatedType.kind), f]));
  return (catalog.kubefed?.federated ?? []).flatMap((raw) => {
    const ftc = ftcs.get(federatedTypeId(groupOf(raw.apiVersion), raw.kind));
    if (ftc) return [{ fed: withNamespace(raw, ftc), ftc }];
    const message = `${federatedId(raw)}: no FederatedTypeConfig declares ${raw.kind} (${raw.apiVersion}), so KubeFed does not propagate it`;
    diagnostics.push({ severity: 'warning', ...raw.source, message });
    return [];
  });
}

/** renderKubeFed renders every federated object of the catalog into one output each, in catalog order. */
export function renderKubeFed(catalog: Catalog, diagnostics: Diagnostic[]): ForeignOutput[] {
  const typed = typedObjects(catalog, diagnostics);
  const namespacesFtc = (catalog.kubefed?.typeConfigs ?? []).find(isNamespacesConfig);
  const readyClusters = catalog.clusters.filter((c) => c.ready !== false);
  const ctx: Ctx = {
    clusters: catalog.clusters,
    readyClusters,
    ready: new Set(readyClusters.map((c) => c.name)),
    namespacesFtc,
    fedNamespaces: federatedNamespaces(typed.filter((t) => isNamespacesConfig(t.ftc)).map((t) => t.fed), diagnostics),
    rsps: indexRsps(catalog.kubefed?.rsps ?? [], diagnostics),
    diagnostics,
  };
  const outputs = typed.map(({ fed, ftc }) => renderOne(fed, ftc, ctx));
  for (const rsp of ctx.rsps.values()) {
    warn(ctx, rsp.source, `ReplicaSchedulingPreference/${rsp.namespace}/${rsp.name}: no ${rsp.targetKind} ${rsp.namespace}/${rsp.name} of a scheduled, enabled type; it does nothing`);
  }
  return outputs;
}
