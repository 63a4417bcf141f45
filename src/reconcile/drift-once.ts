import type { ClusterClient } from '../kube/cluster-client.js';
import { appliedKeys, type Inventory } from '../apply/inventory.js';
import { readInventory } from '../apply/inventory-store.js';
import { detectDrift } from '../drift/detect.js';
import type { ClusterDrift } from '../model/drift.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { objectKey, objectSubject } from '../kube/object-ref.js';
import type { KubeObject } from '../model/kube.js';
import type { Snapshot } from '../model/snapshot.js';
import { hasErrors, renderSnapshot } from '../render/index.js';
import { mapLimit } from '../kube/concurrency.js';
import { readLive, withLive, type Connect } from './reconcile-once.js';
import { safetyResolver, type AppliedConfigSource } from './safety.js';
import { asGitfedError } from '../model/errors.js';
import type { PulledCluster } from '../model/reconcile-result.js';
import { pullView, pushMembers } from './pull-clusters.js';
import { retainMemberFields } from '../apply/retention.js';
import { readingFrom } from '../apply/settled.js';
import { interpreterOf } from './interpreter-of.js';

/** DriftCheckOptions bound one drift check. */
export interface DriftCheckOptions {
  /** one cluster's whole budget (capacity read and drift check) */
  clusterTimeoutMs: number;
  /** clusters checked at once */
  concurrency: number;
  /** reads `gitfed.yaml` of a revision a cluster already runs: a fleet-wide `ignore` counts only from there */
  configAt?: AppliedConfigSource;
}

/** DriftResult is one drift check of the fleet: either the render failed (nothing checked) or every cluster's drift. */
export interface DriftResult {
  revision: string | null;
  outcome: 'checked' | 'render-failed';
  diagnostics: Diagnostic[];
  /** sorted by cluster */
  clusters: ClusterDrift[];
  /** pull members: never contacted from here, their agents check their drift */
  pulled?: PulledCluster[];
}

/**
 * driftOnce renders the snapshot as the reconcile would (live capacities included) and compares every
 * cluster with its plan, writing nothing: only GETs and dry-run applies reach the clusters.
 */
export async function driftOnce(snapshot: Snapshot, connect: Connect, opts: DriftCheckOptions): Promise<DriftResult> {
  const first = renderSnapshot(snapshot);
  if (hasErrors(first.plan)) return { revision: snapshot.revision, outcome: 'render-failed', diagnostics: first.plan.diagnostics, clusters: [] };
  const members = pushMembers(first.catalog.clusters);
  const clients = new Map(members.map((c) => [c.name, connect(c, AbortSignal.timeout(opts.clusterTimeoutMs))]));
  const live = await readLive(first.catalog, clients);
  const { plan, config } = renderSnapshot(snapshot, (catalog) => withLive(catalog, live));
  const settingsFor = safetyResolver(snapshot.revision, config, { allowMassPrune: false, ...(opts.configAt ? { configAt: opts.configAt } : {}) });
  const clusters: ClusterDrift[] = [];
  await mapLimit(members, opts.concurrency, async (cluster) => {
    const client = clients.get(cluster.name) as ClusterClient;
    try {
      // the inventory says what gitfed owns: only those objects can be missing
      const inventory = await readInventory(client);
      const objects = plan.clusters[cluster.name] ?? [];
      const { driftMode } = await settingsFor(inventory?.revision ?? null);
      // fields the member keeps by Retain are not gitfed's to compare; a failing script leaves its manifest as it is
      const retained = await retainMemberFields(client, objects, new Map(), interpreterOf(first.catalog));
      const compared = retained.bodies.size ? objects.map((o) => retained.bodies.get(objectKey(o)) ?? o) : objects;
      const drift = await detectDrift(readingFrom(client, retained.read), compared, { inventory: inventory ? appliedKeys(inventory) : null, defaultMode: driftMode ?? config.drift.mode });
      const pending = notYetApplied(objects, inventory);
      clusters.push(pending.length ? { ...drift, pending } : drift);
    } catch (err) {
      clusters.push({ cluster: cluster.name, objects: [], error: asGitfedError(err, 'ClusterApiError') });
    }
  });
  clusters.sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
  const { pulled } = pullView(first.catalog.clusters, new Map(), Date.now());
  return { revision: snapshot.revision, outcome: 'checked', diagnostics: plan.diagnostics, clusters, ...(pulled.length > 0 ? { pulled } : {}) };
}

/** notYetApplied names the planned objects whose apply the inventory still lists as pending: the cluster does not hold the plan yet. */
function notYetApplied(objects: readonly KubeObject[], inventory: Inventory | null): string[] {
  const pending = new Set(inventory?.pending ?? []);
  return objects.filter((o) => pending.has(objectKey(o))).map(objectSubject);
}
