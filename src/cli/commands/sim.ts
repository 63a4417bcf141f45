import { chmod, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { readDirectorySnapshot } from '../../git/directory-source.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { GitfedError } from '../../model/errors.js';
import { loadCatalog } from '../../render/load/index.js';
import { startControllers, type ControllerSpec } from '../../sim/controllers/index.js';
import { startFleet, type Fleet } from '../../sim/fleet.js';
import type { CommandIO, ExitCode } from '../io.js';
import { untilSignalled } from '../signals.js';
import { parseListen, type ListenAddress } from '../../server/listen-address.js';

/** DEFAULT_CLUSTER_COUNT is three members, as Karmada's local-up script starts member1..member3. */
export const DEFAULT_CLUSTER_COUNT = 3;
/** MAX_CLUSTER_COUNT bounds `--clusters N`; one process serves at least this many. */
export const MAX_CLUSTER_COUNT = 500;

/** SimOptions are the flags of `gitfed sim`. */
export interface SimOptions {
  /** a policy repository directory, or a number of clusters */
  clusters?: string;
  kubeconfigOut: string;
  format: 'table' | 'json';
  /** milliseconds before a workload's status follows its spec */
  statusDelay?: string;
  /** `[HOST:]PORT` of the admin endpoint (faults and request counters); absent = none */
  admin?: string;
}

/** SimSpec is one cluster to start and the kubeconfig context that reaches it. */
export interface SimSpec extends ControllerSpec {
  labels: Record<string, string>;
  context: string;
}

/** SimRow is one line of the table. */
export interface SimRow {
  cluster: string;
  url: string;
  context: string;
}

function numbered(count: number): SimSpec[] {
  return Array.from({ length: count }, (_, i) => ({ name: `member${i + 1}`, labels: {}, context: `member${i + 1}` }));
}

/** specsFrom reads the Cluster objects of a repository; undefined when it has errors (printed). */
async function specsFrom(path: string, io: CommandIO): Promise<SimSpec[] | undefined> {
  const catalog = loadCatalog(await readDirectorySnapshot(path));
  for (const d of catalog.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (catalog.diagnostics.some((d) => d.severity === 'error')) return undefined;
  if (catalog.clusters.length === 0) throw new GitfedError('InvalidInput', path, 'holds no Cluster object to simulate');
  return catalog.clusters.map((c) => ({
    name: c.name, labels: { ...c.labels }, context: c.context, region: c.region || undefined, zones: c.zones,
    ...(c.resourceSummary?.allocatable ? { capacity: c.resourceSummary.allocatable } : {}),
    ...(c.resourceSummary?.allocated ? { allocated: c.resourceSummary.allocated } : {}),
  }));
}

/** resolveSpecs turns `--clusters PATH|N` into cluster specs (digits only mean a count). */
export async function resolveSpecs(clusters: string | undefined, io: CommandIO): Promise<SimSpec[] | undefined> {
  if (clusters === undefined) return numbered(DEFAULT_CLUSTER_COUNT);
  if (!/^\d+$/.test(clusters)) return specsFrom(clusters, io);
  const count = Number(clusters);
  if (count < 1 || count > MAX_CLUSTER_COUNT) throw new GitfedError('UsageError', `--clusters ${clusters}`, `the number of clusters must be between 1 and ${MAX_CLUSTER_COUNT}`);
  return numbered(count);
}

function parseDelay(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0) throw new GitfedError('UsageError', `--status-delay ${text}`, 'must be a whole number of milliseconds');
  return ms;
}

/** kubeconfigFor names each context after the cluster's `gitfed.io/context` (the cluster name unless annotated). */
export function kubeconfigFor(fleet: Fleet, specs: readonly SimSpec[]): string {
  const config = parse(fleet.kubeconfig()) as { contexts?: { name: string }[]; 'current-context'?: string };
  const rename = new Map(specs.map((s) => [s.name, s.context]));
  for (const c of config.contexts ?? []) c.name = rename.get(c.name) ?? c.name;
  if (config['current-context']) config['current-context'] = rename.get(config['current-context']) ?? config['current-context'];
  return stringify(config);
}

/** formatTable prints aligned CLUSTER, URL and CONTEXT columns. */
export function formatTable(rows: readonly SimRow[]): string {
  const lines = [['CLUSTER', 'URL', 'CONTEXT'], ...rows.map((r) => [r.cluster, r.url, r.context])];
  const widths = [0, 1].map((i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  return lines.map((l) => l.map((cell, i) => (i < 2 ? cell.padEnd((widths[i] ?? 0) + 3) : cell)).join('')).join('\n') + '\n';
}

/** SimFleetOptions tune a simulated fleet beyond its cluster specs. */
export interface SimFleetOptions {
  /** the workload controllers report a rollout after this many ms */
  statusDelayMs?: number;
  /** serve the admin endpoint there */
  admin?: ListenAddress;
  /** watch events each cluster keeps for resumption (the simulator's default when absent) */
  watchHistory?: number;
}

/** startSimFleet starts the clusters with their Nodes and workload controllers, and the admin endpoint when asked. */
export async function startSimFleet(specs: readonly SimSpec[], opts: SimFleetOptions = {}): Promise<Fleet> {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const { statusDelayMs, admin, watchHistory } = opts;
  return startFleet([...specs], {
    onClusterStarted: (cluster) => startControllers(cluster.api, { ...(byName.get(cluster.name) ?? { name: cluster.name }), statusDelayMs }),
    ...(admin ? { adminPort: admin.port, adminHost: admin.host } : {}),
    ...(watchHistory === undefined ? {} : { state: { watchHistory } }),
  });
}

/** runSim is `gitfed sim`: serves the clusters until `stop` resolves (by default SIGINT or SIGTERM); 0, or 2 for bad input. */
export async function runSim(opts: SimOptions, io: CommandIO, stop: () => Promise<unknown> = untilSignalled): Promise<ExitCode> {
  const specs = await resolveSpecs(opts.clusters, io);
  if (!specs) return 2;
  const delay = parseDelay(opts.statusDelay);
  // the admin endpoint can stop clusters and has no authentication: loopback unless a host is named
  const admin = opts.admin === undefined ? undefined : parseListen(opts.admin, '--admin', '127.0.0.1');
  const byName = new Map(specs.map((s) => [s.name, s]));
  const stopped = stop();
  const fleet = await startSimFleet(specs, { statusDelayMs: delay, admin });
  try {
    await writeFile(opts.kubeconfigOut, kubeconfigFor(fleet, specs), { mode: 0o600 });
    await chmod(opts.kubeconfigOut, 0o600); // mode applies only when the file is new
    const rows = fleet.clusters.map((c) => ({ cluster: c.name, url: c.url, context: byName.get(c.name)?.context ?? c.name }));
    const adminUrl = fleet.adminUrl ? { admin: fleet.adminUrl } : {};
    if (opts.format === 'json') io.stdout(`${JSON.stringify({ kubeconfig: opts.kubeconfigOut, ...adminUrl, clusters: rows }, null, 2)}\n`);
    else io.stdout(formatTable(rows));
    if (fleet.adminUrl) io.stderr(`admin endpoint: ${fleet.adminUrl}/clusters (faults, request counters)\n`);
    const first = rows[0]?.context ?? '';
    io.stderr(`\nkubeconfig written to ${opts.kubeconfigOut}; try:\n  kubectl --kubeconfig ${opts.kubeconfigOut} --context ${first} get nodes\nPress Ctrl-C to stop.\n`);
    await stopped;
    io.stderr('stopping the simulated clusters\n');
  } finally {
    await fleet.stop();
  }
  return 0;
}
