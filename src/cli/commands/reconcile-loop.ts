import { pino, type Logger } from 'pino';
import { countActions, type ClusterChangeSet } from '../../model/change-set.js';
import { isRemote } from '../../git/git-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import { createDashboardState, type DashboardState } from '../../reconcile/dashboard-state.js';
import { chainHooks } from '../../reconcile/fleet-options.js';
import { createFleetReconciler, type FleetHooks, type FleetReconciler } from '../../reconcile/fleet-reconciler.js';
import { parseDuration } from '../../reconcile/triggers/duration.js';
import { everyInterval, type Stoppable } from '../../reconcile/triggers/interval.js';
import { onSchedule } from '../../reconcile/triggers/schedule.js';
import { watchRepository } from '../../reconcile/triggers/watch.js';
import { startServer, type RunningServer } from '../../server/http-server.js';
import { parseListen } from '../../server/listen-address.js';
import { createMetrics, type Metrics } from '../../server/metrics.js';
import { createWebhookHandler, screenDelivery } from '../../server/webhook-handler.js';
import type { CommandIO, ExitCode } from '../io.js';
import { webhookBodyCaps } from '../webhook-flags.js';
import { cycleOf, probeOf, type ReconcileCliOptions } from './reconcile.js';
import { untilSignalled } from '../signals.js';
import type { HealthOptions } from '../../reconcile/fleet-health.js';
import { pushMembers } from '../../reconcile/pull-clusters.js';
import { withReplica } from '../../reconcile/leases/replica-statuses.js';
import type { TriggerReason } from '../../reconcile/loop.js';
import { leaseRunnerOf, leasesWanted, replicaIdentity, type LeaseFlags, type LeaseSeams } from './reconcile-leases.js';

/** LoopCliOptions are the flags of `gitfed reconcile` without `--once`. */
export interface LoopCliOptions extends ReconcileCliOptions, LeaseFlags {
  interval: string;
  schedule?: string;
  listen?: string;
  shutdownTimeout: string;
  /** `--webhook-max-body`: the largest delivery read, for every forge or per forge */
  webhookMaxBody?: string;
  /** `--probe-interval`: how often each member's health is probed */
  probeInterval?: string;
  /** `--failure-threshold`: how long a change of health must last before Ready shows it */
  failureThreshold?: string;
}

const LOGGED = ['created', 'configured', 'unchanged', 'pruned', 'failed'] as const;

/** summary is one cluster's line in the `cycle finished` log record. */
function summary(cs: ClusterChangeSet): Record<string, unknown> {
  const counts = countActions(cs);
  return {
    cluster: cs.cluster,
    ...Object.fromEntries(LOGGED.map((a) => [a, counts[a] ?? 0])),
    drifted: cs.drift?.objects.length ?? 0,
    ...(cs.heldBack ? { heldBack: cs.heldBack.keys.length } : {}),
    ...(cs.error ? { error: cs.error.message, code: cs.error.code } : {}),
  };
}

/** fleetHooks turn the reconciler's events into log records and metrics; a usage error is fatal. */
function fleetHooks(log: Logger, metrics: Metrics, onFinished: () => void, onFatal: (err: GitfedError) => void): FleetHooks {
  return {
    onCycleStarted: (reasons) => log.info({ trigger: reasons }, 'cycle started'),
    onRendered: (e) => log.info(e, 'commit rendered'),
    onUnposted: (errors) => log.warn({ errors: errors.map((e) => e.message) }, 'commit statuses not posted'),
    onFlushFailed: (err) => log.warn({ error: err.message }, 'digests not written back: the next start checks every object of the cluster once'),
    onCycleFinished: (result, seconds) => {
      metrics.recordCycle(result.outcome, seconds, result);
      for (const d of result.diagnostics) log.warn({ diagnostic: formatDiagnostic(d) }, 'diagnostic');
      const level = result.outcome === 'applied' ? 'info' : 'error';
      log[level]({ revision: result.revision, outcome: result.outcome, seconds, clusters: result.clusters.map(summary) }, 'cycle finished');
      onFinished();
    },
    onCycleFailed: (err, seconds) => {
      metrics.recordCycle('error', seconds);
      log.error({ error: err.message, seconds }, 'cycle failed');
      if (err.code === 'UsageError') onFatal(err);
    },
    onClusterDone: ({ cluster, revision, trigger, seconds, result }) => log.info({ revision, trigger, seconds, ...summary(result), cluster }, 'cluster reconciled'),
  };
}

/** startTriggers starts polling, the cron schedule and, for a local repository, the watcher. */
async function startTriggers(opts: LoopCliOptions, loop: Pick<FleetReconciler, 'trigger'>): Promise<Stoppable[]> {
  const intervalMs = parseDuration(opts.interval, '--interval');
  // an invalid schedule must fail before anything runs
  const stoppers = opts.schedule ? [onSchedule(opts.schedule, () => loop.trigger('schedule'))] : [];
  stoppers.push(everyInterval(intervalMs, () => loop.trigger('interval')));
  if (!isRemote(opts.repo)) stoppers.push(await watchRepository(opts.repo, () => loop.trigger('watch')));
  return stoppers;
}

/** LoopSeams are what tests put in place of the real: the prober's clock and timers. */
export interface LoopSeams {
  health?: Pick<HealthOptions, 'now' | 'timer'>;
  lease?: LeaseSeams;
}

interface Endpoints {
  loop: Pick<FleetReconciler, 'trigger'>;
  metrics: Metrics;
  log: Logger;
  ready: () => boolean;
  dashboard?: DashboardState;
}

async function startEndpoints(opts: LoopCliOptions, { loop, metrics, log, ready, dashboard }: Endpoints, env: NodeJS.ProcessEnv): Promise<RunningServer | undefined> {
  if (!opts.listen) return undefined;
  const at = parseListen(opts.listen);
  const maxBodyBytes = webhookBodyCaps(opts.webhookMaxBody);
  const secret = env.GITFED_WEBHOOK_SECRET || undefined;
  const config = { secret, ref: opts.ref };
  const handle = createWebhookHandler(config);
  const server = await startServer(at, {
    metrics, ready,
    ...(dashboard ? { dashboard } : {}),
    limits: { maxBodyBytes },
    screen: (forge, headers) => screenDelivery(config, forge, headers),
    webhook: (forge, headers, body) => {
      const answer = handle(forge, headers, body);
      log.info({ forge, status: answer.status, result: answer.message }, 'webhook');
      if (answer.trigger) loop.trigger('webhook');
      return answer;
    },
  });
  log.info({ host: server.address.host, port: server.address.port, dashboard: `http://${hostForUrl(server.address.host)}:${server.address.port}/`, webhooks: secret ? 'on' : 'off: GITFED_WEBHOOK_SECRET is not set' }, 'listening');
  return server;
}

/**
 * runReconcileLoop is `gitfed reconcile` without `--once`: cycles on start, every interval, on the cron
 * schedule, on verified push webhooks and on new local commits, one at a time, until SIGINT/SIGTERM;
 * then the current cycle finishes (up to --shutdown-timeout). Exit 0 on a clean stop, 1 when the cycle
 * had to be abandoned, 2 for invalid flags.
 */
export async function runReconcileLoop(opts: LoopCliOptions, io: CommandIO, stop: () => Promise<unknown> = untilSignalled, env: NodeJS.ProcessEnv = process.env, seams: LoopSeams = {}): Promise<ExitCode> {
  const graceMs = parseDuration(opts.shutdownTimeout, '--shutdown-timeout');
  const health = { ...healthOf(opts), ...seams.health };
  // a bad flag must fail before anything runs
  webhookBodyCaps(opts.webhookMaxBody);
  const log = pino({ timestamp: pino.stdTimeFunctions.isoTime, base: { name: 'gitfed' } }, { write: (line: string) => io.stdout(line) });
  const leasing = leasesWanted(opts, env, seams.lease);
  const identity = seams.lease?.identity ?? replicaIdentity();
  const { deps, options } = await cycleOf(leasing ? { ...opts, userAgent: `gitfed/${identity}` } : opts);
  const probe = await probeOf(opts.kubeconfig);
  const metrics = createMetrics();
  let fatal: GitfedError | undefined;
  let failFast: () => void = () => undefined;
  const fatalStop = new Promise<void>((resolve) => (failFast = resolve));
  let cycles = 0;
  let stopping = false;
  const logged = fleetHooks(log, metrics, () => (cycles += 1), (err) => {
    fatal = err;
    failFast();
  });
  // the dashboard reads the reconciler's caches, which exist once the reconciler does
  const made: { reconciler?: FleetReconciler } = {};
  const leases = leasing ? leaseRunnerOf(opts, { ...seams.lease, identity }, { log, registry: metrics.registry, trigger: (r) => made.reconciler?.trigger(r) }) : undefined;
  const dashboard = opts.listen ? createDashboardState({ peek: (cluster, key) => made.reconciler?.peek(cluster, key), ...(leases ? { ownerOf: (c: string) => leases.coordinator.assignment().get(c) } : {}) }) : undefined;
  const members: FleetHooks = { onPlanned: (e) => leases?.clusters(pushMembers(e.clusters).map((c) => c.name)) };
  const hooks = chainHooks(logged, members, ...(dashboard ? [dashboard.hooks] : []));
  const { dryRun, allowMassPrune, clusterTimeoutMs, concurrency } = options;
  const loop = createFleetReconciler(
    { ...deps, connect: leases ? leases.connect(deps.connect) : deps.connect, reporters: leases ? withReplica(deps.reporters, identity) : deps.reporters, metrics, hooks, probe },
    { dryRun, allowMassPrune, clusterTimeoutMs, concurrency, health, ...(options.owner ? { owner: options.owner } : {}), ...(options.reportMaxAgeMs !== undefined ? { reportMaxAgeMs: options.reportMaxAgeMs } : {}), ...(leases ? { owns: (c: string) => leases.coordinator.owns(c) } : {}) },
  );
  made.reconciler = loop;
  const stopped = stop();
  const triggers = await startTriggers(opts, loop);
  // a Service delivers a push webhook to one replica: it tells the others through its Lease
  const woken = { trigger: (r: TriggerReason) => { loop.trigger(r); if (r === 'webhook') leases?.coordinator.wake(); } };
  const server = await startEndpoints(opts, { loop: woken, metrics, log, ready: () => cycles > 0 && !stopping, ...(dashboard ? { dashboard } : {}) }, env).catch(async (err: unknown) => {
    for (const t of triggers) await t.stop();
    throw err;
  });
  loop.trigger('start');
  void leases?.start();
  const signal = await Promise.race([stopped, fatalStop]);
  stopping = true;
  log.info({ signal: fatal ? undefined : signal }, 'stopping: the current cycle finishes first');
  for (const t of triggers) await t.stop();
  const finished = await loop.stop(graceMs);
  // released only once no pass writes (the others may take the clusters at once); else they expire
  await leases?.stop(finished);
  await server?.close();
  if (fatal) {
    io.stderr(`${fatal.message}\n`);
    return 2;
  }
  if (!finished) log.warn({ graceSeconds: graceMs / 1000 }, 'the cycle did not finish in time; the inventory lists what it applied and the next start completes it');
  log.info({ cycles }, 'stopped');
  return finished ? 0 : 1;
}

/** healthOf reads --probe-interval and --failure-threshold (the threshold holds either way, as Karmada's defaults do). */
function healthOf(opts: LoopCliOptions): HealthOptions {
  const intervalMs = parseDuration(opts.probeInterval ?? '10s', '--probe-interval');
  const thresholdMs = parseDuration(opts.failureThreshold ?? '30s', '--failure-threshold');
  if (intervalMs <= 0) throw new GitfedError('UsageError', `--probe-interval ${opts.probeInterval ?? ''}`, 'must be more than 0');
  return { intervalMs, thresholds: { failureMs: thresholdMs, successMs: thresholdMs } };
}


/** hostForUrl brackets an IPv6 address; the unspecified addresses become the loopback one a browser here can open. */
function hostForUrl(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
