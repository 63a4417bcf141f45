import { readFile } from 'node:fs/promises';
import { clusterFailed, countActions, type ClusterChangeSet } from '../../model/change-set.js';
import type { WatchingClient } from '../../kube/cluster-client.js';
import { kubeConnector, type KubeConnector } from '../../kube/kube-client.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { asGitfedError, GitfedError } from '../../model/errors.js';
import { runCycle, type CycleDeps, type CycleOptions } from '../../reconcile/cycle.js';
import type { WatchConnect } from '../../reconcile/fleet-reconciler.js';
import type { ReconcileResult } from '../../model/reconcile-result.js';
import type { SourceOptions } from '../../reconcile/source.js';
import { fleetExitCode, withUnposted } from '../exit-codes.js';
import type { CommandIO, ExitCode } from '../io.js';
import { driftLines } from '../drift-output.js';
import { limitsOf, type LimitFlags } from '../limit-flags.js';
import { buildReporters, type StatusCliOptions } from '../status-options.js';
import { memberProbe } from '../../kube/health-probe.js';
import type { Cluster } from '../../model/cluster.js';
import type { ProbeFn } from '../../observe/cluster-prober.js';
import { reportsReader, reportStoreOf } from '../../reconcile/report-source.js';
import { parseDuration } from '../../reconcile/triggers/duration.js';

/** ReconcileCliOptions are the flags of `gitfed reconcile`. */
export interface ReconcileCliOptions extends StatusCliOptions, LimitFlags {
  repo: string;
  ref?: string;
  path?: string;
  kubeconfig: string;
  once?: boolean;
  dryRun?: boolean;
  allowMassPrune?: boolean;
  /** the owner recorded in inventories, in place of the repository's URL or path */
  owner?: string;
  format: 'table' | 'json';
  cacheDir?: string;
  clusterTimeout: string;
  concurrency: string;
  /** `--report-max-age`: a pull member's report older than this makes it Unknown */
  reportMaxAge?: string;
  /** not a flag: the User-Agent of requests to members (a replica's identity when several run) */
  userAgent?: string;
}

/** failingClient stands for a cluster gitfed cannot even connect to: every call reports why. */
export function failingClient(cluster: string, err: unknown): WatchingClient {
  const fail = (): never => {
    throw asGitfedError(err, 'ClusterUnreachable');
  };
  return { cluster, get: async () => fail(), apply: async () => fail(), delete: async () => fail(), list: async () => fail(), listVersioned: async () => fail(), watch: async () => fail() };
}

/** kubeconfigConnect reads a kubeconfig (KubeconfigUnreadable when it cannot) and connects to each cluster through its context. */
export async function kubeconfigConnect(file: string, userAgent?: string): Promise<WatchConnect> {
  const kubeconfig = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new GitfedError('KubeconfigUnreadable', file, 'cannot read the kubeconfig', { cause });
  });
  // one connector per cluster: every pass of the running reconciler reuses its connections and discovery
  const connectors = new Map<string, KubeConnector>();
  return (cluster, signal) => {
    try {
      const key = `${cluster.name}\n${cluster.context}`;
      const connector = connectors.get(key) ?? kubeConnector({ kubeconfig, context: cluster.context, cluster: cluster.name, ...(userAgent ? { userAgent } : {}) });
      connectors.set(key, connector);
      return connector.client(signal);
    } catch (err) {
      return failingClient(cluster.name, err);
    }
  };
}

const COUNTED = ['created', 'configured', 'unchanged', 'pruned', 'failed'] as const;

function row(cs: ClusterChangeSet): string[] {
  const counted = countActions(cs);
  const counts = COUNTED.map((a) => String(counted[a] ?? 0));
  return [cs.cluster, ...counts, statusWord(cs)];
}

/** statusWord says in a word or two what the cluster's commit status will say at length. */
function statusWord(cs: ClusterChangeSet): string {
  if (cs.error) return `error: ${cs.error.message}`;
  if (cs.heldBack) return `held back ${cs.heldBack.keys.length}: ${cs.heldBack.reason}`;
  if (clusterFailed(cs)) return 'failed';
  const drifted = cs.drift?.objects.length ?? 0;
  if (drifted > 0) return `drifted (${drifted})`;
  const failed = (cs.unhealthy ?? []).filter((u) => u.status === 'Failed').length;
  if (failed > 0) return `unhealthy (${failed})`;
  const rolling = cs.unhealthy?.length ?? 0;
  return rolling > 0 ? `rolling out (${rolling})` : 'ok';
}

/** formatTable renders the per-cluster table with aligned columns. */
export function formatTable(result: ReconcileResult): string {
  const rows = [['CLUSTER', ...COUNTED.map((a) => a.toUpperCase()), 'STATUS'], ...result.clusters.map(row)];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '));
  const failures = result.clusters.flatMap((cs) => cs.entries.filter((e) => e.action === 'failed').map((e) => `  ${cs.cluster}: ${e.subject}: ${e.reason ?? ''}`));
  const dry = result.clusters.some((cs) => cs.dryRun) ? ' (dry run: nothing was written)' : '';
  // correct-mode drift was put back by this cycle's apply; report and ignore drift was left as it is
  const drift = driftLines(result.clusters.flatMap((cs) => (cs.drift ? [cs.drift] : [])));
  const pulled = (result.pulled ?? []).map((p) => `${p.cluster}: ${p.message}`);
  const sections = [pulled.length ? `${pulled.join('\n')}\n` : '', failures.length ? `failures:\n${failures.join('\n')}\n` : '', drift.length ? `drift:\n${drift.join('\n')}\n` : ''];
  return `revision ${result.revision ?? '(directory)'}${dry}\n${lines.join('\n')}\n${sections.join('')}`;
}

/** cycleOf turns the flags into the adapters and options of one cycle. */
export async function cycleOf(opts: ReconcileCliOptions, onProgress?: CycleOptions['onProgress']): Promise<{ deps: CycleDeps & { connect: WatchConnect }; options: CycleOptions }> {
  const reporters = buildReporters(opts);
  const connect = await kubeconfigConnect(opts.kubeconfig, opts.userAgent);
  const source = { ...sourceOf(opts), limits: limitsOf(opts) };
  const reports = reportsReader(reportStoreOf(source));
  const deps = { source, connect, reporters, reports, ...(opts.statusTargetUrl ? { targetUrl: opts.statusTargetUrl } : {}) };
  const options: CycleOptions = {
    dryRun: opts.dryRun ?? false,
    allowMassPrune: opts.allowMassPrune ?? false,
    ...(opts.owner ? { owner: opts.owner } : {}),
    clusterTimeoutMs: Number(opts.clusterTimeout) * 1000,
    concurrency: Number(opts.concurrency),
    ...(onProgress ? { onProgress } : {}),
    // one probe per member: an unreachable one is held, as the running reconciler holds it
    probe: await probeOf(opts.kubeconfig),
    // a commit status says success only once the workloads are healthy: read them back when statuses are posted
    health: reporters.length > 0,
    reportMaxAgeMs: parseDuration(opts.reportMaxAge ?? '60s', '--report-max-age'),
  };
  return { deps, options };
}

/** exitCodeOf: 2 the commit does not render, 3 no cluster or no status could be reached, 1 some cluster or object failed, 0 otherwise. */
export function exitCodeOf(result: ReconcileResult): ExitCode {
  if (result.outcome === 'render-failed') return 2;
  return withUnposted(fleetExitCode(result.clusters.map((c) => c.error), result.clusters.some(clusterFailed)), result.unposted);
}

/** runReconcile is `gitfed reconcile --once`: exit 0 all clusters reconciled, 1 some failed, 2 invalid input. */
export async function runReconcile(opts: ReconcileCliOptions, io: CommandIO, isTTY = false): Promise<ExitCode> {
  const { deps, options } = await cycleOf(opts, (e) => {
    if (isTTY && opts.format === 'table') io.stderr(e.phase === 'start' ? `${e.cluster}: reconciling...\n` : `${e.cluster}: done\n`);
  });
  const result = await runCycle(deps, options);
  for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (opts.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.outcome === 'applied') io.stdout(formatTable(result));
  if (result.outcome === 'render-failed') io.stderr('the commit does not render: nothing was applied or pruned on any cluster\n');
  return exitCodeOf(result);
}

/** sourceOf is the repository part of the flags. */
function sourceOf(opts: ReconcileCliOptions): SourceOptions {
  return { repo: opts.repo, ...(opts.ref ? { ref: opts.ref } : {}), ...(opts.path ? { path: opts.path } : {}), ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}) };
}

/** probeOf probes a member's /readyz through its kubeconfig context (the probe's own 10 s timeout per request). */
export async function probeOf(kubeconfigFile: string): Promise<(cluster: Cluster) => ProbeFn> {
  const kubeconfig = await readFile(kubeconfigFile, 'utf8');
  return (cluster) => {
    const probe = memberProbe({ kubeconfig, context: cluster.context });
    return (signal) => probe.health(signal);
  };
}
