/**
 * ReplicaSchedulingPreference (`scheduling.kubefed.io/v1alpha1`): reading one, and what its scheduler writes into
 * the federated object (`replicascheduler.go`, `plugin.go:Reconcile`, `updateOverridesMap`).
 */
import type { Cluster } from '../../model/cluster.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { ClusterPreferences, FederatedObject, FederatedPlacement, OverrideItem, ReplicaSchedulingPreference } from '../../model/kubefed.js';
import { compareStrings } from '../../kube/compare-strings.js';
import type { FieldReader } from '../load/field-reader.js';
import { INT32_MAX } from '../load/replica-counts.js';
import { overridesByCluster } from './overrides.js';
import { computeNamespacedPlacement } from './placement.js';
import { planReplicas } from './rsp-planner.js';

/** RSP_TARGET_KINDS are the only federated kinds the replica scheduler serves. */
export const RSP_TARGET_KINDS: readonly string[] = ['FederatedDeployment', 'FederatedReplicaSet'];
/** RSP_TYPE_CONFIGS are the FTC names the replica scheduler registers for. */
export const RSP_TYPE_CONFIGS: readonly string[] = ['deployments.apps', 'replicasets.apps'];
const REPLICAS_PATH = '/spec/replicas';

function readPreferences(r: FieldReader): Record<string, ClusterPreferences> | undefined {
  const path = ['spec', 'clusters'];
  const map = r.object(path);
  if (!map) return undefined;
  const out: Record<string, ClusterPreferences> = {};
  for (const name of Object.keys(map)) {
    // int64 in the CRD; below 0 the planner would hand out more replicas than the total, or less than none
    const count = (field: string) => r.integer([...path, name, field], { min: 0 });
    const max = count('maxReplicas');
    out[name] = { minReplicas: count('minReplicas') ?? 0, weight: count('weight') ?? 0, ...(max === undefined ? {} : { maxReplicas: max }) };
  }
  return out;
}

/** readRsp reads an RSP; it is bound by namespace and name to the federated object of `targetKind`. */
export function readRsp(r: FieldReader): ReplicaSchedulingPreference | undefined {
  const before = r.errorCount;
  const rsp: ReplicaSchedulingPreference = {
    name: r.string(['metadata', 'name'], { required: true }) ?? '',
    namespace: r.string(['metadata', 'namespace']) ?? 'default',
    targetKind: r.string(['spec', 'targetKind'], { required: true }) ?? '',
    totalReplicas: r.integer(['spec', 'totalReplicas'], { required: true, min: 0, max: INT32_MAX }) ?? 0,
    rebalance: r.boolean(['spec', 'rebalance']) ?? false,
    intersectWithClusterSelector: r.boolean(['spec', 'intersectWithClusterSelector']) ?? false,
    source: r.doc.source,
  };
  const clusters = readPreferences(r);
  if (clusters) rsp.clusters = clusters;
  return r.errorCount === before ? rsp : undefined;
}

/** rspKey indexes an RSP by the federated object it binds to: `<targetKind>/<namespace>/<name>`. */
export function rspKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** indexRsps indexes RSPs by their target; one whose targetKind the scheduler does not serve is ignored (a warning). */
export function indexRsps(rsps: readonly ReplicaSchedulingPreference[], diagnostics: Diagnostic[]): Map<string, ReplicaSchedulingPreference> {
  const out = new Map<string, ReplicaSchedulingPreference>();
  for (const rsp of rsps) {
    if (RSP_TARGET_KINDS.includes(rsp.targetKind)) out.set(rspKey(rsp.targetKind, rsp.namespace, rsp.name), rsp);
    else {
      const message = `ReplicaSchedulingPreference/${rsp.namespace}/${rsp.name}: targetKind "${rsp.targetKind}" is neither FederatedDeployment nor FederatedReplicaSet; KubeFed ignores it`;
      diagnostics.push({ severity: 'warning', ...rsp.source, message });
    }
  }
  return out;
}

/** Scheduled is the federated object as the RSP rewrote it, with the plan. */
export interface Scheduled {
  placement: FederatedPlacement;
  overrides: OverrideItem[];
  plan: Record<string, number>;
}

/** candidates is §7.2: all ready clusters, or with intersectWithClusterSelector the selector-only placement ∩ the namespace's. */
function candidates(fed: FederatedObject, rsp: ReplicaSchedulingPreference, ready: readonly Cluster[], fedNamespace: FederatedObject | undefined): string[] | string {
  if (!rsp.intersectWithClusterSelector) return ready.map((c) => c.name);
  if (!fedNamespace) return `FederatedNamespace ${fed.namespace} is missing`;
  const selected = computeNamespacedPlacement(fed.placement, fedNamespace.placement, ready, true);
  if (!selected.ok) return selected.reason;
  return selected.clusters.length > 0 ? selected.clusters : 'no ready cluster matches the clusterSelector of the object and its namespace';
}

/**
 * unreadyCandidates are the clusters the RSP would plan over were they ready (§7.2 over every member, minus the ready
 * ones). The scheduler leaves them out, and the sync controller does not touch a cluster that is not ready (§3):
 * what they hold stays, it is not deleted as unplaced.
 */
export function unreadyCandidates(fed: FederatedObject, rsp: ReplicaSchedulingPreference, all: readonly Cluster[], ready: ReadonlySet<string>, fedNamespace: FederatedObject | undefined): string[] {
  const names = candidates(fed, rsp, all, fedNamespace);
  return typeof names === 'string' ? [] : names.filter((n) => !ready.has(n));
}

/** withReplicaOverrides is updateOverridesMap: set or add `/spec/replicas` per planned cluster, drop it elsewhere. */
function withReplicaOverrides(items: readonly OverrideItem[], plan: Readonly<Record<string, number>>): OverrideItem[] {
  const out = items.map((item) => {
    const planned = plan[item.clusterName];
    const overrides = [...item.clusterOverrides];
    const i = overrides.findIndex((o) => o.path === REPLICAS_PATH);
    if (planned === undefined && i >= 0) overrides.splice(i, 1);
    else if (planned !== undefined && i >= 0) overrides[i] = { ...(overrides[i] as OverrideItem['clusterOverrides'][number]), value: planned };
    else if (planned !== undefined) overrides.push({ op: '', path: REPLICAS_PATH, value: planned });
    return { clusterName: item.clusterName, clusterOverrides: overrides };
  });
  const listed = new Set(items.map((i) => i.clusterName));
  for (const name of Object.keys(plan).sort(compareStrings)) {
    if (!listed.has(name)) out.push({ clusterName: name, clusterOverrides: [{ op: '', path: REPLICAS_PATH, value: plan[name] ?? 0 }] });
  }
  return out;
}

/**
 * scheduleRsp plans the RSP with empty live state (§7.6) and returns the rewritten placement and overrides, or
 * why the scheduler leaves the object exactly as written (no ready cluster, empty intersection, invalid overrides).
 */
export function scheduleRsp(
  fed: FederatedObject, rsp: ReplicaSchedulingPreference, ready: readonly Cluster[], fedNamespace: FederatedObject | undefined,
): Scheduled | string {
  if (ready.length === 0) return 'no ready cluster';
  const names = candidates(fed, rsp, ready, fedNamespace);
  if (typeof names === 'string') return names;
  const existing = overridesByCluster(fed.overrides);
  if (typeof existing === 'string') return existing;
  const preferences = rsp.clusters && Object.keys(rsp.clusters).length > 0 ? rsp.clusters : { '*': { minReplicas: 0, weight: 1 } };
  const { plan } = planReplicas({ clusters: names, totalReplicas: rsp.totalReplicas, preferences, rebalance: rsp.rebalance, key: `${rsp.namespace}/${rsp.name}` });
  return {
    // clusters planned 0 are placed too; clusterSelector stays but is ignored now that clusters is set
    placement: { ...fed.placement, clusters: Object.keys(plan).sort(compareStrings) },
    overrides: withReplicaOverrides(fed.overrides, plan),
    plan,
  };
}
