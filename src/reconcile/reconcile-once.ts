import type { ClusterChangeSet } from '../model/change-set.js';
import type { ClusterClient } from '../kube/cluster-client.js';
import { readCapacity } from '../apply/capacity.js';
import { readLiveReplicas, type Kind } from '../apply/live-replicas.js';
import { reconcileCluster, type ReconcileClusterOptions } from './reconcile-cluster.js';
import type { Catalog, PreviousPlacement } from '../model/catalog.js';
import { isPull, type Cluster, type ResourceSummary } from '../model/cluster.js';
import type { Snapshot } from '../model/snapshot.js';
import { hasErrors, renderSnapshot, withPrevious } from '../render/index.js';
import { keepKeys } from './keep.js';
import { safetyResolver, type AppliedConfigSource } from './safety.js';
import type { ReconcileResult } from '../model/reconcile-result.js';
import { mapLimit } from '../kube/concurrency.js';
import type { ClusterCondition } from '../model/cluster-health.js';
import { GitfedError } from '../model/errors.js';
import { conditionOfProbe } from '../observe/cluster-health.js';
import type { ProbeFn } from '../observe/cluster-prober.js';
import { unhealthyOn } from './applied-health.js';
import type { AgentReport } from '../model/agent-report.js';
import { pullInputsOf, pullView, pushMembers } from './pull-clusters.js';
import { renderWithPull, withCapacities } from './render-pull.js';
import { interpreterOf } from './interpreter-of.js';
import type { Interpreter } from '../kube/interpreter/interpreter.js';

/** Connect opens a client for one member cluster, bounded by its time budget. */
export type Connect = (cluster: Cluster, signal: AbortSignal) => ClusterClient;

/** ReconcileOptions tune one cycle. */
export interface ReconcileOptions {
  dryRun: boolean;
  allowMassPrune: boolean;
  /** one cluster's budget for its capacity read, and again for its apply and prune, counted from its turn */
  clusterTimeoutMs: number;
  /** clusters reconciled at once */
  concurrency: number;
  /** told when a cluster starts and ends, for progress displays */
  onProgress?: (event: { cluster: string; phase: 'start' | 'done'; result?: ClusterChangeSet }) => void;
  /** awaited once the commit rendered, before any cluster is touched (commit statuses go `pending` here); with its interpreter */
  onPlanned?: (clusters: string[], interpreter: Interpreter) => Promise<void>;
  /** reads `gitfed.yaml` of a revision a cluster already runs: loosened safety settings count only from there */
  configAt?: AppliedConfigSource;
  /** the clock of the mass-deletion guard's rolling window */
  now?: () => number;
  /** a signal that aborts after ms: a cluster's budget (default AbortSignal.timeout; tests pass a fake clock's) */
  timeout?: (ms: number) => AbortSignal;
  /** the reconciler's repository and subdirectory, recorded in each inventory it keeps */
  owner?: string;
  /**
   * probes a member's health once, without a threshold: a member not Ready is held (no apply, no prune, status
   * `error`), as the running reconciler holds one it cannot reach; render takes the conditions as its health
   */
  probe?: (cluster: Cluster) => ProbeFn;
  /** read the applied objects back after each apply, so a cluster still rolling out is `pending` rather than `success` */
  health?: boolean;
  /**
   * the agents' reports of pull members (read from Git): their Ready conditions and capacities go into the render
   * as a push member's probe and capacity read do; without them pull members are only listed, never contacted
   */
  reports?: ReadonlyMap<string, AgentReport>;
  /** a report older than this makes its member Unknown (default 60 s) */
  reportMaxAgeMs?: number;
  /**
   * an agent's own member: the whole repository is rendered, but only this member is probed, read and reconciled
   * (whatever its syncMode); the others are neither contacted nor listed
   */
  only?: string;
}

/** probeOnce probes every member once, in parallel, each within its cluster budget. */
export async function probeOnce(clusters: readonly Cluster[], probe: (cluster: Cluster) => ProbeFn, budget: () => AbortSignal, now: () => number): Promise<Map<string, ClusterCondition>> {
  const out = new Map<string, ClusterCondition>();
  await Promise.all(clusters.map(async (c) => {
    const result = await probe(c)(budget()).catch((err: unknown) => ({ kind: 'unreachable' as const, cause: err instanceof Error ? err.message : String(err) }));
    out.set(c.name, conditionOfProbe(result, now()));
  }));
  return out;
}

/** heldResult is the change set of a member left untouched because its probe did not say Ready. */
export function heldResult(cluster: string, revision: string | null, dryRun: boolean, condition: ClusterCondition): ClusterChangeSet {
  const text = `not touched: Ready ${condition.status} (${condition.message}); nothing applied or pruned there`;
  return { cluster, revision, dryRun, entries: [], error: new GitfedError('ClusterUnreachable', cluster, text) };
}

/** liveCapacities reads every reachable cluster's free capacity (unreachable ones keep the repository's). */
export async function liveCapacities(catalog: Catalog, clients: Map<string, ClusterClient>): Promise<Map<string, ResourceSummary>> {
  const out = new Map<string, ResourceSummary>();
  await Promise.all(catalog.clusters.map(async (c) => {
    const client = clients.get(c.name);
    // an unreachable cluster keeps the repository's summary; its own apply will report the failure
    if (client) await readCapacity(client).then((s) => out.set(c.name, s), () => undefined);
  }));
  return out;
}

export { withCapacities };

/** LiveFleet is what the clusters say before a capacity-aware render: their free capacity and the replicas gitfed runs there. */
export interface LiveFleet {
  capacities: Map<string, ResourceSummary>;
  previous: PreviousPlacement;
}

/** workloadKinds are the kinds of the templates with a replica count: the ones whose placement capacity decides. */
function workloadKinds(catalog: Catalog): Kind[] {
  const kinds = new Map<string, Kind>();
  for (const t of catalog.templates) {
    if (typeof (t.object.spec as { replicas?: unknown } | undefined)?.replicas !== 'number') continue;
    kinds.set(`${t.object.apiVersion}/${t.object.kind}`, { apiVersion: t.object.apiVersion, kind: t.object.kind });
  }
  return [...kinds.values()];
}

/**
 * livePlacement reads the replicas gitfed's workloads run with on every reachable cluster: a render then adds them
 * back to their cluster's live capacity (their pods are counted in it) and keeps Dynamic/Aggregated placements
 * steady, as Karmada does with its binding's previous clusters; the overcommit warning counts them as room too.
 */
export async function livePlacement(catalog: Catalog, clients: Map<string, ClusterClient>): Promise<PreviousPlacement> {
  const out = new Map<string, Map<string, number>>();
  const kinds = workloadKinds(catalog);
  await Promise.all(catalog.clusters.map(async (c) => {
    const client = clients.get(c.name);
    const held = client ? await readLiveReplicas(client, kinds).catch(() => new Map<string, number>()) : new Map<string, number>();
    for (const [key, replicas] of held) {
      const entry = out.get(key) ?? new Map<string, number>();
      out.set(key, entry.set(c.name, replicas));
    }
  }));
  return out;
}

/** readLive reads capacities and placement together. */
export async function readLive(catalog: Catalog, clients: Map<string, ClusterClient>): Promise<LiveFleet> {
  const [capacities, previous] = await Promise.all([liveCapacities(catalog, clients), livePlacement(catalog, clients)]);
  return { capacities, previous };
}

/** withLive is the catalog a live render uses: live capacities, and the placement the clusters run. */
export function withLive(catalog: Catalog, live: LiveFleet): Catalog {
  return withPrevious(withCapacities(catalog, live.capacities), live.previous);
}

/**
 * reconcileOnce is one cycle as a linear recipe: render the snapshot (a render error stops everything),
 * read each cluster's live capacity (and the replicas gitfed's workloads run with there) and render
 * again with it, then reconcile every cluster on its own
 * budget so one slow or dead cluster never holds back the others. Each cluster's drift is checked before
 * its apply: `correct` drift is re-applied, `report` and `ignore` drift is left as it is.
 */
export async function reconcileOnce(snapshot: Snapshot, connect: Connect, opts: ReconcileOptions): Promise<ReconcileResult> {
  // Render from the repository alone first: an invalid commit must change nothing anywhere.
  const first = renderSnapshot(snapshot);
  const interpreter = interpreterOf(first.catalog);
  if (hasErrors(first.plan)) return { revision: snapshot.revision, outcome: 'render-failed', diagnostics: first.plan.diagnostics, clusters: [] };
  // A budget starts when its cluster's work starts: a cluster waiting its turn in the pool must not time out.
  const budget = (): AbortSignal => (opts.timeout ? opts.timeout(opts.clusterTimeoutMs) : AbortSignal.timeout(opts.clusterTimeoutMs));
  const connectNow = (c: Cluster): ClusterClient => connect(c, budget());
  const now = opts.now ?? Date.now;
  // pull members are never contacted: their agents' reports stand for the probe and the capacity read
  // an agent touches its own member only while the repository says it pulls: never beside a push reconciler
  const members = opts.only !== undefined ? first.catalog.clusters.filter((c) => c.name === opts.only && isPull(c)) : pushMembers(first.catalog.clusters);
  // One probe per member: one not Ready is neither read nor touched.
  const conditions = opts.probe ? await probeOnce(members, opts.probe, budget, now) : undefined;
  const heldOf = (name: string): ClusterCondition | undefined => {
    const c = conditions?.get(name);
    return c && c.status !== 'True' ? c : undefined;
  };
  const reachable = members.filter((c) => !heldOf(c.name));
  // Render again with the capacity the clusters really have (and the pull members' reports).
  const live = await readLive(first.catalog, new Map(reachable.map((c) => [c.name, connectNow(c)])));
  const pullInputs = opts.reports ? pullInputsOf(opts.reports, now(), opts.reportMaxAgeMs, opts.only) : undefined;
  const { plan, config, pull } = renderWithPull(snapshot, (catalog) => withLive(catalog, live), undefined, conditions ? { conditions, now: now() } : undefined, pullInputs);
  const pulled = opts.only !== undefined ? [] : (pull ?? pullView(first.catalog.clusters, new Map(), now())).pulled;
  await opts.onPlanned?.(members.map((c) => c.name), interpreter);
  const settingsFor = safetyResolver(snapshot.revision, config, opts);
  // Reconcile each cluster; a failure stays in that cluster's change set.
  const results: ClusterChangeSet[] = [];
  await mapLimit(members, opts.concurrency, async (cluster) => {
    opts.onProgress?.({ cluster: cluster.name, phase: 'start' });
    const held = heldOf(cluster.name);
    const result = held ? heldResult(cluster.name, snapshot.revision, opts.dryRun, held) : await reconcileAndRead(connectNow(cluster), {
      objects: plan.clusters[cluster.name] ?? [],
      revision: snapshot.revision,
      dryRun: opts.dryRun,
      allowMassPrune: opts.allowMassPrune,
      settingsFor,
      keep: keepKeys(plan, cluster.name),
      drift: { defaultMode: config.drift.mode },
      retention: interpreter,
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.owner ? { owner: opts.owner } : {}),
    }, opts.health === true ? interpreter : undefined);
    results.push(result);
    opts.onProgress?.({ cluster: cluster.name, phase: 'done', result });
  });
  results.sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
  return { revision: snapshot.revision, outcome: 'applied', diagnostics: plan.diagnostics, clusters: results, ...(pulled.length > 0 ? { pulled } : {}) };
}

/** reconcileAndRead reconciles one cluster and, given the commit's interpreter, reads back the health of what it holds (`unhealthy`). */
async function reconcileAndRead(client: ClusterClient, opts: ReconcileClusterOptions, health: Interpreter | undefined): Promise<ClusterChangeSet> {
  const applied = await reconcileCluster(client, opts);
  const unhealthy = health && !opts.dryRun && !applied.error ? await unhealthyOn(client, opts.objects, health) : undefined;
  return unhealthy ? { ...applied, unhealthy } : applied;
}
