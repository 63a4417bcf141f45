import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { memberProbe } from '../../kube/health-probe.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import type { Cluster } from '../../model/cluster.js';
import type { ClusterCondition } from '../../model/cluster-health.js';
import { reportClusters, type ClusterReport, type ReportedTaint } from '../../reconcile/cluster-report.js';
import { readSource } from '../../reconcile/source.js';
import { loadCatalog, REPO_CONFIG_FILE } from '../../render/load/index.js';
import { configOfText, deriveClusterTaints } from '../../render/index.js';
import type { CommandIO, ExitCode } from '../io.js';
import { limitsOf } from '../limit-flags.js';
import type { FleetCliOptions } from '../fleet-flags.js';
import { kubeconfigConnect } from './reconcile.js';
import { reportsReader, reportStoreOf } from '../../reconcile/report-source.js';
import { parseDuration } from '../../reconcile/triggers/duration.js';

/** ClustersCliOptions are the flags of `gitfed clusters`. */
export interface ClustersCliOptions extends FleetCliOptions {
  failOnUnready?: boolean;
  reportMaxAge?: string;
}

/**
 * runClusters is `gitfed clusters`: one probe round over the repository's members. Exit 0 whatever their health
 * (a down member is what the report is for), 1 with --fail-on-unready when one is not Ready, 2 when the
 * repository declares no member, 3 when the repository or the kubeconfig cannot be read.
 */
export async function runClusters(opts: ClustersCliOptions, io: CommandIO, now: () => number = Date.now): Promise<ExitCode> {
  const timeoutMs = positive(opts.clusterTimeout, '--cluster-timeout') * 1000;
  const concurrency = Math.ceil(positive(opts.concurrency, '--concurrency'));
  const kubeconfig = await readFile(opts.kubeconfig, 'utf8').catch((cause: unknown) => {
    throw new GitfedError('KubeconfigUnreadable', opts.kubeconfig, 'cannot read the kubeconfig', { cause });
  });
  try {
    parse(kubeconfig);
  } catch (cause) {
    throw new GitfedError('KubeconfigUnreadable', opts.kubeconfig, `cannot read the kubeconfig: ${(cause as Error).message.split('\n')[0] ?? ''}`, { cause });
  }
  const connect = await kubeconfigConnect(opts.kubeconfig);
  const snapshot = await readSource({ ...opts, limits: limitsOf(opts) });
  const catalog = loadCatalog(snapshot);
  const config = configOfText(snapshot.files.get(REPO_CONFIG_FILE));
  // one reading, no memory: the ClusterTaintPolicy objects (or the built-in policy) evaluated on what the probe found now
  const derive = (c: Cluster, condition: ClusterCondition) =>
    deriveClusterTaints([c], catalog.clusterTaintPolicies ?? [], config, { conditions: new Map([[c.name, condition]]), now: now() }).get(c.name)?.all ?? [];
  // the rest of the commit may not render; the members it declares can still be probed
  for (const d of catalog.diagnostics.filter((x) => x.severity === 'error')) io.stderr(`${formatDiagnostic(d)}\n`);
  if (catalog.clusters.length === 0) throw new GitfedError('InvalidInput', opts.repo, 'declares no member cluster (Cluster or KubeFedCluster)');
  // pull members are shown from their agents' reports: never probed from here
  const pulled = await reportsReader(reportStoreOf(opts), (err) => io.stderr(`${err.message}\n`))();
  const reports = await reportClusters(catalog.clusters, {
    probe: (c) => memberProbe({ kubeconfig, context: c.context, timeoutMs }),
    connect: (c, signal) => connect(c, signal),
    now,
    budget: () => AbortSignal.timeout(timeoutMs),
    concurrency,
    derive,
  }, pulled, parseDuration(opts.reportMaxAge ?? '60s', '--report-max-age'));
  io.stdout(opts.format === 'json' ? `${JSON.stringify(reports, null, 2)}\n` : formatClusters(reports, now()));
  return opts.failOnUnready && reports.some((r) => r.condition.status !== 'True') ? 1 : 0;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new GitfedError('UsageError', `${flag} ${text}`, 'must be a positive number');
  return n;
}

const HEADER = ['NAME', 'READY', 'AGE', 'VERSION', 'NODES', 'CPU', 'MEMORY', 'PODS', 'TAINTS'];

/** formatClusters prints one aligned row per member, then why each member that is not Ready is not. */
export function formatClusters(reports: readonly ClusterReport[], now: number): string {
  const rows = [HEADER, ...reports.map((r) => row(r, now))];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((cells) => (cells[i] ?? '').length)));
  const lines = rows.map((cells) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('   ').trimEnd());
  const why = reports.filter((r) => r.condition.status !== 'True').map((r) => `${r.name}: ${r.condition.reason}: ${r.condition.message}`);
  return `${[...lines, ...(why.length > 0 ? ['', ...why] : [])].join('\n')}\n`;
}

function row(r: ClusterReport, now: number): string[] {
  const free = (name: string): string => {
    const c = r.capacity?.[name];
    return c ? `${c.available}/${c.allocatable}` : '<unknown>';
  };
  return [
    r.name, r.condition.status, age(now - Date.parse(r.condition.lastTransitionTime)), r.version ?? '<unknown>',
    r.nodes === null ? '<unknown>' : String(r.nodes), free('cpu'), free('memory'), free('pods'),
    r.taints.length > 0 ? r.taints.map(showTaint).join(',') : '<none>',
  ];
}

function showTaint(t: ReportedTaint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

/** age prints a duration as kubectl does in AGE columns: 45s, 3m10s, 5h, 2d. */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 > 0 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
}
