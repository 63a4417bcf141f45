import { readFile } from 'node:fs/promises';
import { pino, type Logger } from 'pino';
import { memberProbe } from '../../kube/health-probe.js';
import { inClusterKubeconfig, kubeConnector } from '../../kube/kube-client.js';
import { clusterFailed } from '../../model/change-set.js';
import { GitfedError } from '../../model/errors.js';
import { agentPass, type AgentDeps, type AgentOptions, type AgentPass } from '../../reconcile/agent.js';
import { runAgentLoop } from '../../reconcile/agent-loop.js';
import { reportStoreOf } from '../../reconcile/report-source.js';
import { parseDuration } from '../../reconcile/triggers/duration.js';
import { startServer, type RunningServer } from '../../server/http-server.js';
import { parseListen } from '../../server/listen-address.js';
import { createMetrics } from '../../server/metrics.js';
import { createWebhookHandler, screenDelivery } from '../../server/webhook-handler.js';
import { withUnposted } from '../exit-codes.js';
import type { CommandIO, ExitCode } from '../io.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import { untilSignalled } from '../signals.js';
import { buildReporters, type StatusCliOptions } from '../status-options.js';

/** AgentCliOptions are the flags of `gitfed agent`. */
export interface AgentCliOptions extends StatusCliOptions, LimitFlags {
  repo: string;
  ref?: string;
  path?: string;
  cluster: string;
  kubeconfig?: string;
  context?: string;
  once?: boolean;
  interval: string;
  listen?: string;
  dryRun?: boolean;
  allowMassPrune?: boolean;
  owner?: string;
  cacheDir?: string;
  clusterTimeout: string;
  reportMaxAge: string;
  format: 'table' | 'json';
}

/** agentOf turns the flags into the agent's adapters and options. */
export async function agentOf(opts: AgentCliOptions): Promise<{ deps: AgentDeps; options: AgentOptions }> {
  if ((opts.status ?? []).includes('notes')) throw new GitfedError('UsageError', '--status notes', 'an agent\'s status travels in its report (refs/gitfed/clusters/<name>); notes are the push side\'s');
  const context = opts.context ?? opts.cluster;
  const kubeconfig = opts.kubeconfig
    ? await readFile(opts.kubeconfig, 'utf8').catch((cause: unknown) => {
      throw new GitfedError('KubeconfigUnreadable', opts.kubeconfig ?? '', 'cannot read the kubeconfig', { cause });
    })
    : inClusterKubeconfig(context);
  const connector = kubeConnector({ kubeconfig, context, cluster: opts.cluster });
  const probe = memberProbe({ kubeconfig, context });
  const source = { repo: opts.repo, ...(opts.ref ? { ref: opts.ref } : {}), ...(opts.path ? { path: opts.path } : {}), ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}), limits: limitsOf(opts) };
  const deps: AgentDeps = {
    source, cluster: opts.cluster, connect: (signal) => connector.client(signal), probe: (signal) => probe.health(signal),
    reports: reportStoreOf(source), reporters: buildReporters(opts), now: Date.now,
  };
  const options: AgentOptions = {
    dryRun: opts.dryRun ?? false, allowMassPrune: opts.allowMassPrune ?? false,
    clusterTimeoutMs: Number(opts.clusterTimeout) * 1000, reportMaxAgeMs: parseDuration(opts.reportMaxAge, '--report-max-age'),
    ...(opts.owner ? { owner: opts.owner } : {}),
  };
  return { deps, options };
}

/** passExitCode: 2 the commit does not render, 3 the repository or the member unreachable, 1 something failed or drifted, 0 in sync. */
export function passExitCode(pass: AgentPass): ExitCode {
  if ('unreadable' in pass.outcome) return 3;
  if (pass.outcome.result.outcome === 'render-failed') return 2;
  const cs = pass.outcome.result.clusters[0];
  if (!cs) return 2;
  if (cs.error) return 3;
  const code: ExitCode = clusterFailed(cs) || (cs.drift?.objects.length ?? 0) > 0 || pass.reportError ? 1 : 0;
  return withUnposted(code, pass.unposted);
}

/** passLine is one pass in a line: the member, what its report says, and what could not be written. */
function passLine(pass: AgentPass): string {
  const r = pass.report;
  const rev = r.revision ? ` at ${r.revision.slice(0, 7)}` : '';
  return `${r.cluster}: ${r.state}${rev}: ${r.description}; Ready ${r.condition.status}${pass.reportError ? `; report not written: ${pass.reportError.message}` : ''}\n`;
}

/** runAgent is `gitfed agent`: one pass with --once, else passes every interval until SIGINT/SIGTERM. */
export async function runAgent(opts: AgentCliOptions, io: CommandIO, stop: () => Promise<unknown> = untilSignalled, env: NodeJS.ProcessEnv = process.env): Promise<ExitCode> {
  const intervalMs = parseDuration(opts.interval, '--interval');
  if (!opts.once && intervalMs <= 0) throw new GitfedError('UsageError', `--interval ${opts.interval}`, 'must be more than 0');
  const { deps, options } = await agentOf(opts);
  if (opts.once) {
    const pass = await agentPass(deps, options);
    io.stdout(opts.format === 'json' ? `${JSON.stringify(pass, null, 2)}\n` : passLine(pass));
    return passExitCode(pass);
  }
  const log = pino({ timestamp: pino.stdTimeFunctions.isoTime, base: { name: 'gitfed-agent', cluster: opts.cluster } }, { write: (line: string) => io.stdout(line) });
  const stopping = new AbortController();
  let passes = 0;
  const waker = createWaker();
  const server = await endpoints(opts, log, () => passes > 0 && !stopping.signal.aborted, waker.wake, env);
  void stop().then((signal) => { log.info({ signal }, 'stopping: the current pass finishes first'); stopping.abort(); });
  await runAgentLoop(() => agentPass(deps, options), {
    intervalMs, sleep: waker.sleep, signal: stopping.signal,
    onPass: (pass, next) => {
      passes++;
      const r = pass.report;
      const level = r.state === 'success' || r.state === 'pending' ? 'info' : 'warn';
      log[level]({ revision: r.revision, attempted: r.attempted, state: r.state, description: r.description, ready: r.condition.status, nextInSeconds: next / 1000, ...(pass.reportError ? { reportError: pass.reportError.message } : {}) }, 'pass finished');
    },
  });
  await server?.close();
  log.info({ passes }, 'stopped');
  return 0;
}

/** endpoints serves /healthz, /readyz and /metrics (the Deployment's probes), and push webhooks that start a pass at once. */
async function endpoints(opts: AgentCliOptions, log: Logger, ready: () => boolean, wake: () => void, env: NodeJS.ProcessEnv): Promise<RunningServer | undefined> {
  if (!opts.listen) return undefined;
  const config = { secret: env.GITFED_WEBHOOK_SECRET || undefined, ref: opts.ref };
  const handle = createWebhookHandler(config);
  const server = await startServer(parseListen(opts.listen), {
    metrics: createMetrics(), ready,
    screen: (forge, headers) => screenDelivery(config, forge, headers),
    webhook: (forge, headers, body) => {
      const answer = handle(forge, headers, body);
      if (answer.trigger) wake();
      return answer;
    },
  });
  log.info({ host: server.address.host, port: server.address.port }, 'listening');
  return server;
}

/**
 * createWaker is the loop's wait, cut short by a push webhook. A webhook that arrives while a pass runs is kept:
 * that pass may have fetched just before the push, so the next wait ends at once.
 */
function createWaker(): { sleep(ms: number, signal: AbortSignal): Promise<void>; wake(): void } {
  let pending = false;
  let end: (() => void) | undefined;
  return {
    sleep: (ms, signal) => new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        end = undefined;
        resolve();
      };
      const timer = setTimeout(done, pending ? 0 : ms);
      pending = false;
      signal.addEventListener('abort', done, { once: true });
      end = done;
    }),
    wake: () => {
      if (end) end();
      else pending = true;
    },
  };
}
