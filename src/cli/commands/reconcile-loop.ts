import { performance } from 'node:perf_hooks';
import { pino, type Logger } from 'pino';
import { countActions, type ClusterChangeSet } from '../../model/change-set.js';
import { isRemote } from '../../git/git-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import { runCycle, type CycleDeps, type CycleOptions } from '../../reconcile/cycle.js';
import { createLoop, type Loop, type TriggerReason } from '../../reconcile/loop.js';
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
import { cycleOf, type ReconcileCliOptions } from './reconcile.js';
import { untilSignalled } from './sim.js';

/** LoopCliOptions are the flags of `gitfed reconcile` without `--once`. */
export interface LoopCliOptions extends ReconcileCliOptions {
  interval: string;
  schedule?: string;
  listen?: string;
  shutdownTimeout: string;
  /** `--webhook-max-body`: the largest delivery read, for every forge or per forge */
  webhookMaxBody?: string;
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
    ...(cs.error ? { error: cs.error } : {}),
  };
}

/** cycleRunner is the loop's body: one cycle, logged and counted; a usage error is fatal, anything else waits for the next trigger. */
function cycleRunner(deps: CycleDeps, options: CycleOptions, log: Logger, metrics: Metrics, onFatal: (err: GitfedError) => void) {
  return async (reasons: TriggerReason[]): Promise<void> => {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    log.info({ trigger: reasons }, 'cycle started');
    try {
      const result = await runCycle(deps, options);
      metrics.recordCycle(result.outcome, seconds(), result);
      for (const d of result.diagnostics) log.warn({ diagnostic: formatDiagnostic(d) }, 'diagnostic');
      const level = result.outcome === 'applied' ? 'info' : 'error';
      log[level]({ revision: result.revision, outcome: result.outcome, seconds: seconds(), clusters: result.clusters.map(summary) }, 'cycle finished');
    } catch (err) {
      metrics.recordCycle('error', seconds());
      log.error({ error: (err as Error).message, seconds: seconds() }, 'cycle failed');
      if (err instanceof GitfedError && err.code === 'UsageError') onFatal(err);
    }
  };
}

/** startTriggers starts polling, the cron schedule and, for a local repository, the watcher. */
async function startTriggers(opts: LoopCliOptions, loop: Loop): Promise<Stoppable[]> {
  const intervalMs = parseDuration(opts.interval, '--interval');
  // an invalid schedule must fail before anything runs
  const stoppers = opts.schedule ? [onSchedule(opts.schedule, () => loop.trigger('schedule'))] : [];
  stoppers.push(everyInterval(intervalMs, () => loop.trigger('interval')));
  if (!isRemote(opts.repo)) stoppers.push(await watchRepository(opts.repo, () => loop.trigger('watch')));
  return stoppers;
}

async function startEndpoints(opts: LoopCliOptions, loop: Loop, metrics: Metrics, log: Logger, ready: () => boolean, env: NodeJS.ProcessEnv): Promise<RunningServer | undefined> {
  if (!opts.listen) return undefined;
  const at = parseListen(opts.listen);
  const maxBodyBytes = webhookBodyCaps(opts.webhookMaxBody);
  const secret = env.GITFED_WEBHOOK_SECRET || undefined;
  const config = { secret, ref: opts.ref };
  const handle = createWebhookHandler(config);
  const server = await startServer(at, {
    metrics, ready,
    limits: { maxBodyBytes },
    screen: (forge, headers) => screenDelivery(config, forge, headers),
    webhook: (forge, headers, body) => {
      const answer = handle(forge, headers, body);
      log.info({ forge, status: answer.status, result: answer.message }, 'webhook');
      if (answer.trigger) loop.trigger('webhook');
      return answer;
    },
  });
  log.info({ host: server.address.host, port: server.address.port, webhooks: secret ? 'on' : 'off: GITFED_WEBHOOK_SECRET is not set' }, 'listening');
  return server;
}

/**
 * runReconcileLoop is `gitfed reconcile` without `--once`: cycles on start, every interval, on the cron
 * schedule, on verified push webhooks and on new local commits, one at a time, until SIGINT/SIGTERM;
 * then the current cycle finishes (up to --shutdown-timeout). Exit 0 on a clean stop, 1 when the cycle
 * had to be abandoned, 2 for invalid flags.
 */
export async function runReconcileLoop(opts: LoopCliOptions, io: CommandIO, stop: () => Promise<unknown> = untilSignalled, env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const graceMs = parseDuration(opts.shutdownTimeout, '--shutdown-timeout');
  // a bad flag must fail before anything runs
  webhookBodyCaps(opts.webhookMaxBody);
  const log = pino({ timestamp: pino.stdTimeFunctions.isoTime, base: { name: 'gitfed' } }, { write: (line: string) => io.stdout(line) });
  const { deps, options } = await cycleOf(opts);
  const metrics = createMetrics();
  let fatal: GitfedError | undefined;
  let failFast: () => void = () => undefined;
  const fatalStop = new Promise<void>((resolve) => (failFast = resolve));
  let cycles = 0;
  let stopping = false;
  const body = cycleRunner(deps, options, log, metrics, (err) => {
    fatal = err;
    failFast();
  });
  const loop = createLoop(async (reasons) => {
    await body(reasons);
    cycles += 1;
  });
  const stopped = stop();
  const triggers = await startTriggers(opts, loop);
  const server = await startEndpoints(opts, loop, metrics, log, () => cycles > 0 && !stopping, env).catch(async (err: unknown) => {
    for (const t of triggers) await t.stop();
    throw err;
  });
  loop.trigger('start');
  const signal = await Promise.race([stopped, fatalStop]);
  stopping = true;
  log.info({ signal: fatal ? undefined : signal }, 'stopping: the current cycle finishes first');
  for (const t of triggers) await t.stop();
  const finished = await loop.stop(graceMs);
  await server?.close();
  if (fatal) {
    io.stderr(`${fatal.message}\n`);
    return 2;
  }
  if (!finished) log.warn({ graceSeconds: graceMs / 1000 }, 'the cycle did not finish in time; the inventory lists what it applied and the next start completes it');
  log.info({ cycles }, 'stopped');
  return finished ? 0 : 1;
}
