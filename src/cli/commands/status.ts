import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import { readSource } from '../../reconcile/source.js';
import { reportsReader, reportStoreOf } from '../../reconcile/report-source.js';
import { parseDuration } from '../../reconcile/triggers/duration.js';
import { statusOnce, type StatusReport, type WorkloadStatus } from '../../reconcile/workload-report.js';
import type { CommandIO, ExitCode } from '../io.js';
import { limitsOf } from '../limit-flags.js';
import type { FleetCliOptions } from '../fleet-flags.js';
import { kubeconfigConnect } from './reconcile.js';

/** StatusCommandOptions are the flags of `gitfed status`. */
export type StatusCommandOptions = FleetCliOptions & { reportMaxAge?: string };

/** statusExitCode: 2 the commit does not render, 3 no member could be read, 1 some template not Current, 0 all Current. */
export function statusExitCode(report: StatusReport): ExitCode {
  if (report.outcome === 'render-failed') return 2;
  if (report.clusters.length > 0 && report.clusters.every((c) => c.error)) return 3;
  return report.resources.every((r) => r.status === 'Current') ? 0 : 1;
}

/** runStatus is `gitfed status`: READY across the members per resource template; writes nothing to any cluster. */
export async function runStatus(opts: StatusCommandOptions, io: CommandIO): Promise<ExitCode> {
  const clusterTimeoutMs = positive(opts.clusterTimeout, '--cluster-timeout') * 1000;
  const concurrency = Math.ceil(positive(opts.concurrency, '--concurrency'));
  const connect = await kubeconfigConnect(opts.kubeconfig);
  const snapshot = await readSource({ ...opts, limits: limitsOf(opts) });
  const reports = reportsReader(reportStoreOf(opts), (err) => io.stderr(`${err.message}\n`));
  const reportMaxAgeMs = parseDuration(opts.reportMaxAge ?? '60s', '--report-max-age');
  const report = await statusOnce(snapshot, connect, { clusterTimeoutMs, concurrency, reports, reportMaxAgeMs });
  for (const d of report.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (opts.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (report.outcome === 'read') io.stdout(formatStatus(report));
  if (report.outcome === 'render-failed') io.stderr('the commit does not render: no cluster was read\n');
  return statusExitCode(report);
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new GitfedError('UsageError', `${flag} ${text}`, 'must be a positive number');
  return n;
}

const HEADER = ['RESOURCE', 'READY', 'STATUS', 'MESSAGE'];

/** formatStatus prints one row per template (READY summed over its members) and under it one indented row per member. */
export function formatStatus(report: StatusReport): string {
  const rows = [HEADER, ...report.resources.flatMap(rowsOf)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((cells) => (cells[i] ?? '').length)));
  const lines = rows.map((cells) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('   ').trimEnd());
  return `${lines.join('\n')}\n`;
}

function rowsOf(r: WorkloadStatus): string[][] {
  const members = r.members.map((m) => [`  ${m.cluster}`, ratio(m.ready, m.desired), m.status, m.message]);
  const placed = r.members.length === 0 ? 'placed on no cluster' : `${r.members.length} cluster${r.members.length === 1 ? '' : 's'}`;
  return [[r.subject, ratio(r.ready, r.desired), r.status, placed], ...members];
}

function ratio(ready: number | undefined, desired: number | undefined): string {
  return desired === undefined ? '-' : `${ready ?? 0}/${desired}`;
}
