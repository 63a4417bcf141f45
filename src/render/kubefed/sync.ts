/**
 * The KubeFed sync controller as a pure function (`pkg/controller/sync`): per federated object, its placement
 * (after the RSP rewrote it), gated by its FederatedNamespace and cluster readiness, and one rendered object per
 * cluster (§5). Validation failures void the resource everywhere, a patch failure one cluster: warnings, as
 * KubeFed keeps propagating everything else.
 */
import type { Catalog } from '../../model/catalog.js';
import type { Cluster } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { objectKey, type JsonObject, type KubeObject } from '../../model/kube.js';
import type { ClusterOverride, FederatedObject, FederatedPlacement, FederatedTypeConfig, OverrideItem, ReplicaSchedulingPreference } from '../../model/kubefed.js';
import type { Binding } from '../../model/plan.js';
import { deepCopy } from '../deep-copy.js';
import { describeClaim, finishObject, replicasOf, type Claim, type ForeignOutput } from '../foreign.js';
import { groupOf } from '../scope.js';
import { droppedTemplateFields, targetObject } from './federated.js';
import { federatedNamespaces, isSystemNamespace } from './namespace-gate.js';
import { applyClusterOverrides, overridesByCluster } from './overrides.js';
import { computeNamespacedPlacement, computePlacement } from './placement.js';
import { RSP_TARGET_KINDS, RSP_TYPE_CONFIGS, scheduleRsp } from './rsp.js';
import { effectiveTypeConfigs, federatedTypeId, isNamespacesConfig } from './type-config.js';

/** MANAGED_LABEL is the label KubeFed adds after overrides, so no override can remove it. */
export const MANAGED_LABEL = 'kubefed.io/managed';

interface Ctx {
  clusters: readonly Cluster[];
  ready: ReadonlySet<string>;
  readyClusters: readonly Cluster[];
  ftcs: ReadonlyMap<string, FederatedTypeConfig>;
  namespacesFtc: FederatedTypeConfig | undefined;
  fedNamespaces: ReadonlyMap<string, FederatedObject>;
  rsps: Map<string, ReplicaSchedulingPreference>;
  diagnostics: Diagnostic[];
}

const warn = (ctx: Ctx, fed: { source: Claim['source'] }, message: string) => ctx.diagnostics.push({ severity: 'warning', ...fed.source, message });

/** federatedId names a federated object in bindings: `<Kind>/<namespace>/<name>` (cluster-scoped: `<Kind>/<name>`). */
export function federatedId(o: { kind: string; namespace: string; name: string }): string {
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

function indexRsps(rsps: readonly ReplicaSchedulingPreference[], diagnostics: Diagnostic[]): Map<string, ReplicaSchedulingPreference> {
  const out = new Map<string, ReplicaSchedulingPreference>();
  for (const rsp of rsps) {
    if (!RSP_TARGET_KINDS.includes(rsp.targetKind)) {
      diagnostics.push({ severity: 'warning', ...rsp.source, message: `ReplicaSchedulingPreference ${rsp.namespace}/${rsp.name}: targetKind "${rsp.targetKind}" is neither FederatedDeployment nor FederatedReplicaSet; KubeFed ignores it` });
    } else out.set(`${rsp.targetKind}/${rsp.namespace}/${rsp.name}`, rsp);
  }
  return out;
}

function contextOf(catalog: Catalog, diagnostics: Diagnostic[]): Ctx {
  const ftcs = effectiveTypeConfigs(catalog.kubefed?.typeConfigs ?? []);
  const namespacesFtc = ftcs.find(isNamespacesConfig);
  const readyClusters = catalog.clusters.filter((c) => c.ready !== false);
  return {
    clusters: catalog.clusters,
    readyClusters,
    ready: new Set(readyClusters.map((c) => c.name)),
    ftcs: new Map(ftcs.map((f) => [federatedTypeId(f.federatedType.group, f.federatedType.kind), f])),
    namespacesFtc,
    fedNamespaces: new Map(),
    rsps: indexRsps(catalog.kubefed?.rsps ?? [], diagnostics),
    diagnostics,
  };
}

/** gate says why the sync controller does not handle this type at all, or undefined. */
function gate(fed: FederatedObject, ftc: FederatedTypeConfig, ctx: Ctx): string | undefined {
  if (!ftc.propagationEnabled) return `FederatedTypeConfig ${ftc.name} has propagation Disabled`;
  if (ftc.targetType.scope === 'Namespaced' && !ctx.namespacesFtc) return 'missing FederatedTypeConfig for namespaces';
  if (isNamespacesConfig(ftc) && isSystemNamespace(fed.name)) return `system namespace ${fed.name} is never propagated`;
  return undefined;
}

/** effective applies the RSP of the object, if any, and says which object placed it. */
function effective(fed: FederatedObject, ftc: FederatedTypeConfig, ctx: Ctx): { placement: FederatedPlacement; overrides: OverrideItem[]; policy: string } {
  const own = { placement: fed.placement, overrides: fed.overrides, policy: federatedId(fed) };
  const key = `${fed.kind}/${fed.namespace}/${fed.name}`;
  const rsp = ctx.rsps.get(key);
  if (!rsp || !RSP_TYPE_CONFIGS.includes(ftc.name)) return own;
  ctx.rsps.delete(key);
  const scheduled = scheduleRsp(fed, rsp, ctx.readyClusters, ctx.fedNamespaces.get(fed.namespace));
  if (typeof scheduled === 'string') return own;
  return { placement: scheduled.placement, overrides: scheduled.overrides, policy: federatedId({ kind: 'ReplicaSchedulingPreference', namespace: rsp.namespace, name: rsp.name }) };
}

/** placementOf is the sync controller's placement: namespaced targets are limited to their FederatedNamespace. */
function placementOf(fed: FederatedObject, ftc: FederatedTypeConfig, placement: FederatedPlacement, ctx: Ctx): { clusters: string[] } | { reason: string } {
  const namespaced = ftc.targetType.scope === 'Namespaced';
  const fedNs = ctx.fedNamespaces.get(fed.namespace);
  const placed = namespaced ? computeNamespacedPlacement(placement, fedNs?.placement, ctx.clusters) : computePlacement(placement, ctx.clusters);
  if (!placed.ok) return { reason: placed.reason };
  if (placed.clusters.length > 0) return { clusters: placed.clusters };
  return { reason: namespaced && !fedNs ? `NamespaceNotFederated: no FederatedNamespace ${fed.namespace}/${fed.namespace}` : 'no cluster is selected' };
}

/** renderCluster is §5 steps 5–6 on a private copy, then gitfed's pruning and label. Throws a patch failure. */
function renderCluster(target: JsonObject, overrides: readonly ClusterOverride[]): KubeObject {
  const out = applyClusterOverrides(deepCopy(target), overrides);
  const meta = out.metadata;
  if (typeof out.apiVersion !== 'string' || typeof meta !== 'object' || meta === null || Array.isArray(meta) || typeof meta.name !== 'string') {
    throw new Error('the patched object has no apiVersion or metadata.name');
  }
  const labels = meta.labels ?? {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw new Error('metadata.labels is not a mapping');
  meta.labels = { ...labels, [MANAGED_LABEL]: 'true' };
  return finishObject(out as unknown as KubeObject);
}

function renderOne(fed: FederatedObject, ftc: FederatedTypeConfig, target: JsonObject, ctx: Ctx): ForeignOutput {
  const binding: Binding = { resource: objectKey(target as unknown as KubeObject), policy: federatedId(fed), clusters: [] };
  const blocked = gate(fed, ftc, ctx);
  if (blocked) return { binding: { ...binding, reason: blocked }, objects: [] };
  const eff = effective(fed, ftc, ctx);
  binding.policy = eff.policy;
  const placed = placementOf(fed, ftc, eff.placement, ctx);
  if ('reason' in placed) {
    if (placed.reason.startsWith('ComputePlacementFailed')) warn(ctx, fed, `${federatedId(fed)} is propagated nowhere: ${placed.reason}`);
    return { binding: { ...binding, reason: placed.reason }, objects: [] };
  }
  const byCluster = overridesByCluster(eff.overrides);
  if (typeof byCluster === 'string') {
    warn(ctx, fed, `${federatedId(fed)} is propagated nowhere: ApplyOverridesFailed: ${byCluster}`);
    return { binding: { ...binding, reason: `ApplyOverridesFailed: ${byCluster}` }, objects: [] };
  }
  const objects: ForeignOutput['objects'] = [];
  for (const name of placed.clusters.filter((n) => ctx.ready.has(n))) {
    try {
      const obj = renderCluster(target, byCluster.get(name) ?? []);
      objects.push([name, obj]);
      const replicas = replicasOf(obj);
      binding.clusters.push(replicas === undefined ? { name } : { name, replicas });
    } catch (err) {
      warn(ctx, fed, `${federatedId(fed)} is not rendered for cluster ${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (binding.clusters.length === 0) binding.reason = `ClusterNotReady or overrides failed on every selected cluster (${placed.clusters.join(', ')})`;
  return { binding, objects };
}

/** withNamespace puts a namespaced federated object without a namespace in `default`, as the API server would. */
function withNamespace(fed: FederatedObject, ftc: FederatedTypeConfig | undefined): FederatedObject {
  return ftc?.federatedType.scope === 'Namespaced' && !fed.namespace ? { ...fed, namespace: 'default' } : fed;
}

/**
 * renderKubeFed renders every federated object of the catalog. `claims` maps each target key to its federated
 * object so that a template Karmada also places can be reported; two federated objects with one target are an error.
 */
export function renderKubeFed(catalog: Catalog, diagnostics: Diagnostic[]): { outputs: ForeignOutput[]; claims: Map<string, Claim> } {
  const ctx = contextOf(catalog, diagnostics);
  const typed = (catalog.kubefed?.federated ?? []).flatMap((raw) => {
    const ftc = ctx.ftcs.get(federatedTypeId(groupOf(raw.apiVersion), raw.kind));
    if (!ftc) warn(ctx, raw, `no FederatedTypeConfig declares ${raw.kind} (${raw.apiVersion}); KubeFed does not propagate it`);
    return ftc ? [{ fed: withNamespace(raw, ftc), ftc }] : [];
  });
  ctx.fedNamespaces = federatedNamespaces(typed.map((t) => t.fed), ctx.namespacesFtc, diagnostics);
  const outputs: ForeignOutput[] = [];
  const claims = new Map<string, Claim>();
  for (const { fed, ftc } of typed) {
    const target = targetObject(fed, ftc);
    const key = objectKey(target as unknown as KubeObject);
    const claim = { owner: federatedId(fed), source: fed.source };
    const first = claims.get(key);
    if (first) {
      diagnostics.push({ severity: 'error', ...fed.source, message: `resource ${key} is declared twice: by ${describeClaim(claim)} and by ${describeClaim(first)}` });
      continue;
    }
    claims.set(key, claim);
    for (const f of droppedTemplateFields(fed)) warn(ctx, fed, `${federatedId(fed)}: spec.template.metadata.${f} is dropped by KubeFed (set annotations through overrides)`);
    outputs.push(renderOne(fed, ftc, target, ctx));
  }
  for (const rsp of ctx.rsps.values()) warn(ctx, rsp, `ReplicaSchedulingPreference ${rsp.namespace}/${rsp.name} has no ${rsp.targetKind} ${rsp.namespace}/${rsp.name} of a scheduled type; it does nothing`);
  return { outputs, claims };
}
