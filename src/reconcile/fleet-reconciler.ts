/**
 * The running reconciler: a commit is rendered once, then each member cluster has its own queue and worker, so
 * a slow or unreachable cluster delays only itself. Each cluster is observed through watch caches: a pass sends
 * only what changed, and a watch event on a managed object runs a pass at once, so drift is reported (and, in
 * `correct` mode, undone) without waiting for the next interval.
 */
import { performance } from 'node:perf_hooks';
import type { DigestBook } from '../apply/digest-book.js';
import type { WatchingClient } from '../kube/cluster-client.js';
import type { ClusterChangeSet } from '../model/change-set.js';
import type { Cluster } from '../model/cluster.js';
import { asGitfedError, GitfedError } from '../model/errors.js';
import type { ReconcileResult } from '../model/reconcile-result.js';
import { observeCluster, type ClusterObserver } from '../observe/cluster-observer.js';
import { realTimer } from '../observe/cluster-prober.js';
import { createRenderCache, evictedClusters, hasErrors, placementOf, withPrevious } from '../render/index.js';
import { isAvailable } from './graceful-moves.js';
import { createMoveTracker, deferredItem, type MoveTracker } from './move-tracker.js';
import type { Catalog, PreviousPlacement } from '../model/catalog.js';
import type { Snapshot } from '../model/snapshot.js';
import { countRequests } from '../kube/counted-client.js';
import { createClusterQueue, type ClusterQueue } from './cluster-queue.js';
import { runPass, type WorkItem } from './cluster-pass.js';
import { bookOf, flushBooks } from './digest-books.js';
import { driftTrigger } from './drift-trigger.js';
import { keepKeys } from './keep.js';
import { interpreterOf } from './interpreter-of.js';
import { budgetSignal, passBudget } from './pass-budget.js';
import { createLoop, type TriggerReason } from './loop.js';
import { livePlacement } from './reconcile-once.js';
import { renderWithPull, withCapacities, type RenderedWithPull } from './render-pull.js';
import { pullInputsOf, pushMembers, type PullRenderInputs } from './pull-clusters.js';
import { safetyResolver } from './safety.js';
import { appliedConfigSource, ownerOf, readSource } from './source.js';
import { createStatusBoard, type StatusBoard } from './status-board.js';
import { createSlowLane, type SlowLane } from './slow-lane.js';
import { startWave, type Wave } from './wave.js';
import type { FleetDeps, FleetOptions, FleetReconciler } from './fleet-options.js';
import { createFleetHealth, type FleetHealth } from './fleet-health.js';
import { createHealthFollower } from './health-follow.js';
import { createAppFailover, withAppEvictions, type AppFailover } from './app-failover.js';
import { createLiveCapacity } from './live-capacity.js';

const DEFAULT_SLOW_PASS_MS = 2000;
export type { FleetDeps, FleetHooks, FleetOptions, FleetReconciler, WatchConnect } from './fleet-options.js';

/** createFleetReconciler starts nothing until the first trigger. */
export function createFleetReconciler(deps: FleetDeps, opts: FleetOptions): FleetReconciler {
  const fleet = new Fleet(deps, { ...opts, owner: opts.owner ?? ownerOf(deps.source) });
  const loop = createLoop((reasons) => fleet.render(reasons));
  fleet.rerender = () => loop.trigger('health');
  return {
    trigger: (reason) => loop.trigger(reason),
    async idle() {
      await loop.idle();
      await fleet.queue.idle();
    },
    rendered: () => loop.idle(),
    peek: (cluster, key) => fleet.observers.get(cluster)?.peek(key),
    async stop(graceMs) {
      // one grace period for both: the render that runs, then the passes that run
      const started = performance.now();
      const rendered = await loop.stop(graceMs);
      const passes = await fleet.queue.stop(Math.max(0, graceMs - (performance.now() - started)));
      // a pass still running may be writing: its cluster's digests must not be written back over it
      if (passes) await fleet.flush();
      for (const o of fleet.observers.values()) o.stop();
      for (const part of [fleet.health, fleet.moves, fleet.apps]) part?.stop();
      return rendered && passes;
    },
  };
}

/** Fleet is the reconciler's state: a cluster's observer, latest work, capacity, and the commit it last applied. */
class Fleet {
  readonly observers = new Map<string, ClusterObserver>();
  readonly queue: ClusterQueue<WorkItem>;
  private readonly clusters = new Map<string, Cluster>();
  private readonly latest = new Map<string, WorkItem>();
  private readonly capacity = createLiveCapacity((c) => this.observerOf(c));
  /** the placement of the last render, added back to capacity by the next (read from the clusters at the start) */
  private previous: PreviousPlacement | undefined;
  /** what one commit's render leaves for the next: documents whose text did not change are not parsed again */
  private readonly renderCache = createRenderCache();
  private readonly applied = new Map<string, string | null>();
  /** per cluster, the digests a running reconciler keeps out of the inventory until it stops */
  private readonly books = new Map<string, DigestBook>();
  private readonly slowLane: SlowLane;
  /** the first watch event a pass has not yet started to handle, per cluster (ms) */
  private readonly eventAt = new Map<string, number>();
  private readonly board: StatusBoard;
  /** each cluster's workload health after its pass, kept current by the watch events of its workloads */
  private readonly follower = createHealthFollower((cluster, unhealthy) => this.apps.health(cluster, this.health?.ready(cluster) === false ? new Set() : unhealthy));
  private readonly clock: () => number;
  private wave: Wave | undefined;
  private waves = 0;
  private readonly deps: FleetDeps;
  private readonly opts: FleetOptions;
  /** health and failover, when the deps can probe */
  readonly health: FleetHealth | undefined;
  /** graceful moves: lowerings wait for the raised copies */
  readonly moves: MoveTracker;
  /** application failover: a copy unhealthy on a Ready cluster for tolerationSeconds leaves it */
  readonly apps: AppFailover;
  rerender: () => void = () => undefined;

  constructor(deps: FleetDeps, opts: FleetOptions) {
    this.deps = deps;
    this.opts = opts;
    this.clock = opts.clock ?? (() => performance.now());
    this.slowLane = createSlowLane(opts.slowPassMs ?? DEFAULT_SLOW_PASS_MS, opts.sleeper);
    this.board = createStatusBoard(deps.reporters, deps.targetUrl, (errs) => deps.hooks?.onUnposted?.(errs));
    const m = deps.metrics;
    this.health = deps.probe ? createFleetHealth({
      rerender: () => this.rerender(),
      onCondition: (cluster, condition, transition) => void (m?.setClusterReady(cluster, condition.status, transition), deps.hooks?.onHealth?.(cluster, condition)),
      onTaints: (cluster, taints) => void (m?.setClusterTaints(cluster, taints), deps.hooks?.onTaints?.(cluster, taints)),
    }, opts.health) : undefined;
    const wall = { now: opts.health?.now ?? Date.now, timer: opts.health?.timer ?? realTimer };
    this.moves = createMoveTracker(() => this.rerender(), wall, isAvailable);
    this.apps = createAppFailover(() => this.rerender(), wall);
    this.queue = createClusterQueue<WorkItem>(opts.concurrency, (name, item, release) => this.work(name, item, release), {
      onDepth: (name, depth) => deps.metrics?.setQueueDepth(name, depth),
    });
  }

  /** render reads and renders the commit once, then gives each cluster its share. */
  async render(reasons: TriggerReason[]): Promise<void> {
    const started = this.clock();
    const seconds = (): number => (this.clock() - started) / 1000;
    this.deps.hooks?.onCycleStarted?.(reasons);
    try {
      const snapshot = await readSource(this.deps.source);
      const sha = snapshot.revision;
      if (this.deps.reporters.length > 0 && !sha) throw new GitfedError('UsageError', '--status', 'commit statuses need a Git repository: a plain directory has no commit');
      const { plan, config, catalog, pull } = await this.renderWithCapacity(snapshot);
      // pull members are their agents' to reconcile: no queue, no status, no request from here
      const names = pushMembers(catalog.clusters).map((c) => c.name).filter((n) => this.opts.owns?.(n) ?? true);
      if (hasErrors(plan)) {
        const result: ReconcileResult = { revision: sha, outcome: 'render-failed', diagnostics: plan.diagnostics, clusters: [] };
        if (this.posting(sha)) await this.board.renderFailed(sha, result, names);
        this.deps.hooks?.onCycleFinished?.(result, seconds());
        return;
      }
      this.deps.hooks?.onPlanned?.({ revision: sha, plan, clusters: catalog.clusters, interpreter: interpreterOf(catalog) });
      if (this.posting(sha)) await this.board.begin(sha, names, plan.diagnostics);
      const id = ++this.waves;
      this.wave = startWave(id, names, (clusters) => this.deps.hooks?.onCycleFinished?.({ revision: sha, outcome: 'applied', diagnostics: plan.diagnostics, clusters }, seconds()));
      const at = appliedConfigSource(this.deps.source);
      const settingsFor = safetyResolver(sha, config, { allowMassPrune: this.opts.allowMassPrune, ...(at ? { configAt: at } : {}) });
      const deferrals = this.moves.decide(plan, {
        held: (name) => this.health?.holdReason(name) !== undefined,
        evicted: evictedClusters(catalog),
        live: (name, key) => this.observers.get(name)?.peek(key),
      });
      for (const name of names) {
        const hold = this.health?.holdReason(name);
        const d = deferrals.get(name);
        const { objects, keep } = deferredItem(plan.clusters[name] ?? [], keepKeys(plan, name), d);
        const item: WorkItem = { wave: id, revision: sha, objects, keep, driftMode: config.drift.mode, settingsFor, seenAt: started, trigger: reasons.join(','), interpreter: interpreterOf(catalog), ...(hold ? { hold } : {}), ...(d ? { deferrals: d } : {}) };
        this.latest.set(name, item);
        this.queue.submit(name, item);
      }
      this.deps.hooks?.onRendered?.({ revision: sha, clusters: names.length, objects: names.reduce((n, c) => n + (plan.clusters[c]?.length ?? 0), 0), seconds: seconds(), ...(pull?.pulled.length ? { pulled: pull.pulled } : {}) });
    } catch (err) {
      this.deps.hooks?.onCycleFailed?.(asGitfedError(err, 'RepoUnreachable'), seconds());
    }
  }

  /**
   * renderWithCapacity renders once with the capacity the Node and Pod caches hold. Only when the commit's
   * policies read capacity (capacityMatters) and name a cluster whose caches are not open yet does it render
   * first from the repository alone (to learn the clusters, and so that an invalid commit touches no cluster),
   * open and wait for those caches, and render again. Without such policies no Node or Pod is watched.
   */
  private async renderWithCapacity(snapshot: Snapshot): Promise<RenderedWithPull> {
    let unseen: Cluster[] = [];
    const adjust = (catalog: Catalog): Catalog => {
      unseen = pushMembers(this.capacity.unseen(catalog));
      return withAppEvictions(withPrevious(withCapacities(catalog, this.capacity.figures), this.previous), this.apps.evictions());
    };
    const reports = this.deps.reports && await this.deps.reports();
    const pull = (): PullRenderInputs | undefined => reports && pullInputsOf(reports, this.opts.health?.now?.() ?? Date.now(), this.opts.reportMaxAgeMs);
    let rendered = renderWithPull(snapshot, adjust, this.renderCache, this.health?.input, pull());
    if (hasErrors(rendered.plan)) return rendered;
    this.track(pushMembers(rendered.catalog.clusters));
    if (unseen.length > 0) {
      await this.capacity.open(unseen);
      // after a start, what the clusters run is the previous placement: a restart must not move anything
      this.previous ??= await livePlacement(rendered.catalog, new Map(unseen.map((c) => [c.name, this.deps.connect(c, budgetSignal(this.opts.clusterTimeoutMs, this.opts.timeout))])));
      rendered = renderWithPull(snapshot, adjust, this.renderCache, this.health?.input, pull());
    } else {
      // the caches are there: take their figures now for the next render, without waiting
      this.capacity.take(rendered.catalog.clusters);
    }
    this.health?.taken(rendered.catalog, rendered.taints, rendered.config.failover.holdDownSeconds * 1000);
    if (!hasErrors(rendered.plan)) {
      this.previous = placementOf(rendered.plan);
      this.apps.taken(rendered.plan, rendered.catalog.templates);
    }
    return rendered;
  }

  private posting(sha: string | null): sha is string {
    return sha !== null && !this.opts.dryRun && this.deps.reporters.length > 0;
  }

  /** work is one pass of one cluster (its place given back once its writes are over), then its status, counters and the wave's bookkeeping. */
  private async work(name: string, item: WorkItem, release: () => void): Promise<void> {
    const started = this.clock();
    const eventAt = this.eventAt.get(name);
    this.eventAt.delete(name);
    const result = this.follower.afterPass(name, item, await this.slowLane.run(name, release, () => this.pass(name, item, release)), this.observers.get(name));
    if (this.posting(item.revision) && this.opts.owns?.(name) !== false) { // handed over meanwhile: the new owner reports
      const posted = await this.board.record(item.revision, result);
      if (posted && eventAt !== undefined && (result.drift?.objects.length ?? 0) > 0) this.deps.metrics?.observeDriftStatus(name, (this.clock() - eventAt) / 1000);
    }
    if (!result.error && this.applied.get(name) !== item.revision) {
      this.applied.set(name, item.revision);
      this.deps.metrics?.observeCommitApplied(name, (this.clock() - item.seenAt) / 1000);
    }
    this.deps.hooks?.onClusterDone?.({ cluster: name, revision: item.revision, trigger: eventAt === undefined ? item.trigger : 'drift', seconds: (this.clock() - started) / 1000, result });
    this.wave?.done(name, item.wave, result);
  }

  private async pass(name: string, item: WorkItem, release: () => void): Promise<ClusterChangeSet> {
    const cluster = this.clusters.get(name) as Cluster;
    // never destructive: a member failover took replicas from is neither applied to nor pruned
    if (item.hold) return { cluster: name, revision: item.revision, dryRun: this.opts.dryRun, entries: [], error: new GitfedError('ClusterEvicted', name, item.hold) };
    const budget = passBudget(this.opts.clusterTimeoutMs, this.opts.timeout);
    try {
      return await runPass(this.counted(this.deps.connect(cluster, budget.signal)), this.observerOf(cluster), item, this.opts, bookOf(this.books, name), release);
    } catch (err) {
      return { cluster: name, revision: item.revision, dryRun: this.opts.dryRun, entries: [], error: asGitfedError(err, 'ClusterApiError') };
    } finally {
      budget.end();
    }
  }

  /** flush writes every cluster's digests back into its inventory, once no pass runs: the next start trusts them. */
  flush(): Promise<void> {
    return flushBooks(this.books, (name) => {
      const cluster = this.clusters.get(name);
      return cluster && { client: this.counted(this.deps.connect(cluster, budgetSignal(this.opts.clusterTimeoutMs, this.opts.timeout))), cache: this.observers.get(name) };
    }, (err) => this.deps.hooks?.onFlushFailed?.(err));
  }

  private counted(client: WatchingClient): WatchingClient {
    const m = this.deps.metrics;
    return m ? countRequests(client, (r) => m.recordRequest(r)) : client;
  }

  private observerOf(cluster: Cluster): ClusterObserver {
    const known = this.observers.get(cluster.name);
    if (known) return known;
    const name = cluster.name;
    const m = this.deps.metrics;
    const observer = observeCluster(this.counted(this.deps.connect(cluster)), {
      ...this.opts.observer,
      onStatus: (kind, s) => {
        m?.setCacheStale(name, kind, s.state !== 'watching');
        // a cache fresh again after an outage may show an awaited copy available: relisting tells no change
        if (s.state === 'watching' && this.moves.awaitsOn(name)) this.rerender();
      },
      onWatchRestart: (kind) => m?.recordWatchRestart(name, kind),
      onRelist: (kind) => m?.recordRelist(name, kind),
    });
    // an awaited copy changed (its status, most often): a waiting move may go on; a controller writing status
    // changes the cluster's health: its commit status is recorded again, without a pass
    observer.onChange((e) => {
      if (this.moves.awaits(name, e.key)) this.rerender();
      this.deps.hooks?.onLive?.(name, e.key);
      const followed = this.follower.onEvent(name, e);
      if (followed && this.posting(followed.revision)) void this.board.record(followed.revision, followed);
    });
    observer.onChange(driftTrigger(() => (this.opts.owns?.(name) === false ? undefined : this.latest.get(name)), (item) => {
      if (!this.eventAt.has(name)) this.eventAt.set(name, this.clock());
      this.queue.submit(name, item);
    }));
    this.observers.set(name, observer);
    return observer;
  }

  /** track records the repository's clusters and forgets the ones it no longer lists. */
  private track(all: readonly Cluster[]): void {
    const names = new Set(all.map((c) => c.name));
    for (const c of all) this.clusters.set(c.name, c);
    const probe = this.deps.probe;
    if (probe) this.health?.track(all, probe);
    for (const [name, observer] of this.observers) {
      if (names.has(name)) continue;
      observer.stop();
      for (const map of [this.observers, this.latest, this.applied, this.eventAt, this.clusters, this.books]) map.delete(name);
      this.capacity.forget(name);
      this.slowLane.forget(name);
      this.follower.forget(name);
      this.deps.metrics?.forgetCluster(name);
    }
  }
}
