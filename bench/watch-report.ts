import type { Requests } from './bench-fleet.js';
import { ratioInterval, type Interval } from './bootstrap.js';
import type { SyncSize } from './first-sync.js';
import { KUBECTL_PARALLEL } from './first-sync.js';
import { fmtMs, ratio } from './format.js';
import { percentile, WATCH_HISTORY } from './loop-world.js';
import type { Cell, Ratio, ScenarioResult, Table } from './scenario.js';
import type { FirstSync, SyncTool } from './watch-first-sync.js';
import { RESTART_GRACE_MS, type DriftSamples, type LoopRecords, type Samples } from './watch-phases.js';

/** CommitRun is commit -> applied at one fleet size, with the durations the loop logged meanwhile. */
export type CommitRun = { clusters: number; samples: Samples; cpuMsPerCommit: number; simCpuMsPerCommit?: number; requestsPerPass: { writes: number; total: number }; idleAfterSyncMs: number } & LoopRecords;

/** WatchFigures is everything the watch scenario measured; a part left out (BENCH_WATCH_PARTS) is absent. */
export interface WatchFigures {
  templates: number;
  objectsPerCluster: number;
  commits: CommitRun[];
  drift?: { clusters: number } & DriftSamples;
  noop?: { clusters: number; requests: Requests; cycleMs: number | null };
  restart?: { clusters: number; requests: Requests; cycleMs: number | null };
  isolation?: { clusters: number; subject: string; slowMs: number; rounds?: number; healthy: Samples; slow: Samples; down: Samples; again?: Samples };
  firstSync?: { size: SyncSize } & FirstSync;
}

/** ISSUE_BAR_MS is issue 16's bar for commit -> applied P99: 1 s up to 50 clusters, 2 s at 200 */
const issueBar = (clusters: number): number => (clusters <= 50 ? 1000 : 2000);
const DRIFT_BAR_MS = 1000;
/** ISOLATION_BAR is how much one bad cluster may move the others' P99 */
const ISOLATION_BAR = 1.1;

const pct = (ms: readonly number[], p: number): number | null => (ms.length > 0 ? percentile(ms, p) : null);
/** p99 of a phase; null when a sample was missed (the true P99 is then beyond the timeout) */
const p99 = (s: Samples): number | null => (s.missed > 0 ? null : pct(s.ms, 99));
const missed = (s: Samples): string => (s.missed > 0 ? `yes (> ${s.timeoutMs / 1000} s)` : 'no');

function latencyCells(ms: readonly number[]): Cell[] {
  return [ms.length, ...[50, 90, 99].map((p) => fmtMs(pct(ms, p))), fmtMs(ms.length > 0 ? Math.max(...ms) : null)];
}

const LATENCY = ['samples', 'p50', 'p90', 'p99', 'max'];
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] as const;

function requestCells(q: Requests): Cell[] {
  return [...VERBS.map((v) => q[v]), q.dryRuns, q.discovery, q.total];
}

function commitTable(f: WatchFigures): Table {
  return {
    title: `watch: commit pushed + webhook -> applied on every cluster (${f.objectsPerCluster} objects per cluster)`,
    columns: ['clusters', ...LATENCY, 'missed', 'p99 from the webhook', 'cycle p50', 'read+render p50', 'cluster pass p50', 'reconciler CPU / commit', '/ cluster', 'simulators CPU / commit', 'requests / pass (writes)'],
    rows: f.commits.map((c) => [
      c.clusters, ...latencyCells(c.samples.ms), missed(c.samples), fmtMs(c.samples.fromWebhook ? pct(c.samples.fromWebhook, 99) : null), fmtMs(pct(c.cycles, 50)), fmtMs(pct(c.renders, 50)), fmtMs(pct(c.clusterPasses, 50)),
      fmtMs(c.cpuMsPerCommit), `${(c.cpuMsPerCommit / c.clusters).toFixed(1)} ms`, c.simCpuMsPerCommit === undefined ? 'n/a' : fmtMs(c.simCpuMsPerCommit), `${c.requestsPerPass.total.toFixed(2)} (${c.requestsPerPass.writes.toFixed(2)})`,
    ]),
  };
}

function driftTable(d: NonNullable<WatchFigures['drift']>): Table {
  return {
    title: `watch: kubectl patch of a managed field on one of ${d.clusters} clusters -> failure status posted (--interval 10m: only a watch finds it)`,
    columns: ['clock from', ...LATENCY, 'missed'],
    rows: [['kubectl exited (edit landed)', ...latencyCells(d.fromExit.ms), missed(d.fromExit)], ['kubectl started', ...latencyCells(d.fromStart), missed(d.fromExit)]],
  };
}

function requestsTable(f: WatchFigures): Table | undefined {
  const rows: Cell[][] = [];
  if (f.noop) rows.push([`no-op pass (webhook of the same commit), ${f.noop.clusters} clusters`, fmtMs(f.noop.cycleMs), ...requestCells(f.noop.requests)]);
  if (f.restart) rows.push([`restart until the first cycle + ${RESTART_GRACE_MS / 1000} s, ${f.restart.clusters} clusters`, fmtMs(f.restart.cycleMs), ...requestCells(f.restart.requests)]);
  if (rows.length === 0) return undefined;
  return { title: `watch: requests the fleet received, ${f.objectsPerCluster} objects per cluster (the target: 0 writes, 0 gets, 0 dry runs)`, columns: ['run', 'cycle', ...VERBS, 'dry runs', 'discovery', 'total'], rows };
}

type Isolation = NonNullable<WatchFigures['isolation']>;

/** Clock is where a commit's clock starts: before the push (as the other commit figures), or once the push was done. */
type Clock = 'push' | 'webhook';

/** clocked is a condition's samples on that clock (the webhook's clock only when the run recorded it). */
function clocked(s: Samples, clock: Clock): Samples | undefined {
  if (clock === 'push') return s;
  return s.fromWebhook && { ms: s.fromWebhook, missed: s.missed, timeoutMs: s.timeoutMs };
}

/** onClock is the isolation figures on one clock, or undefined when a condition lacks it. */
function onClock(i: Isolation, clock: Clock): Isolation | undefined {
  const [healthy, slow, down] = [clocked(i.healthy, clock), clocked(i.slow, clock), clocked(i.down, clock)];
  const again = i.again && clocked(i.again, clock);
  if (!healthy || !slow || !down || (i.again && !again)) return undefined;
  return { ...i, healthy, slow, down, ...(again ? { again } : {}) };
}

const CLOCK_TITLE: Readonly<Record<Clock, string>> = { push: 'commit -> applied', webhook: 'webhook -> applied (the same commits, the push left out)' };

/** p99Interval is the bootstrap interval of a condition's P99 over the healthy one: how closely these samples pin the ratio down. */
function p99Interval(s: Samples, healthy: Samples): Interval | null {
  return s.missed > 0 || healthy.missed > 0 ? null : ratioInterval(s.ms, healthy.ms, (xs) => percentile(xs, 99));
}

function isolationTable(i: Isolation, clock: Clock): Table {
  const moved = (s: Samples): string => {
    const r = ratio(p99(s), p99(i.healthy));
    const bounds = p99Interval(s, i.healthy);
    return r === null ? 'n/a' : `${r.toFixed(2)}x${bounds ? ` (${bounds.low.toFixed(2)}-${bounds.high.toFixed(2)})` : ''}`;
  };
  const row = (what: string, s: Samples): Cell[] => [what, ...latencyCells(s.ms), missed(s), moved(s)];
  return {
    title: `watch: ${CLOCK_TITLE[clock]} on the ${i.clusters - 1} other clusters while ${i.subject} is healthy, slow (${i.slowMs / 1000} s per request), down`,
    columns: ['condition', ...LATENCY, 'missed', 'p99 / healthy p99 (90% interval)'],
    rows: [
      row('healthy', i.healthy), row(`${i.subject} slow`, i.slow), row(`${i.subject} down`, i.down),
      ...(i.again ? [row('the control: healthy, in turns of its own', i.again)] : []),
    ],
  };
}

function firstSyncTable(s: NonNullable<WatchFigures['firstSync']>): Table {
  const row = (tool: string, which: SyncTool): Cell[] => {
    const r = s[which];
    return [tool, fmtMs(r.ms), s.walls[which].map(fmtMs).join(', '), r.requests.total, r.requests.reads, r.requests.writes, r.requests.dryRuns, r.requests.watch];
  };
  return {
    title: `watch: first sync of ${s.size.clusters} empty clusters x ${s.objectsPerCluster} objects (median of ${s.walls.loop.length} runs each)`,
    columns: ['tool', 'wall (median)', 'every run, in order', 'requests', 'reads', 'writes', 'dry runs', 'watches'],
    rows: [
      row('gitfed reconcile (running), start -> first cycle finished', 'loop'),
      row('gitfed reconcile --once', 'once'),
      row('kubectl apply --server-side -k, sequential', 'sequential'),
      row(`kubectl apply --server-side -k, ${KUBECTL_PARALLEL} in parallel`, 'parallel'),
    ],
  };
}

function missNote(s: Samples): string | undefined {
  return s.missed > 0 ? `a sample did not arrive within ${s.timeoutMs / 1000} s; ${s.ms.length} were measured` : undefined;
}

function latencyRatios(f: WatchFigures): Ratio[] {
  const out: Ratio[] = f.commits.map((c) => {
    const bar = issueBar(c.clusters);
    return { label: `watch: commit -> every cluster, ${c.clusters} clusters x ${f.objectsPerCluster} objects: the ${bar / 1000} s bar / gitfed P99`, value: ratio(bar, p99(c.samples)), note: missNote(c.samples) };
  });
  if (f.drift) out.push({ label: `watch: kubectl edit -> drift status, ${f.drift.clusters} clusters: the 1 s bar / gitfed P99`, value: ratio(DRIFT_BAR_MS, p99(f.drift.fromExit)), note: missNote(f.drift.fromExit) });
  for (const clock of ['push', 'webhook'] as const) {
    const i = f.isolation && onClock(f.isolation, clock);
    if (i) out.push(...isolationRatios(i, clock === 'push' ? '' : ' (clock from the webhook)'));
  }
  return out.map((r) => (r.note === undefined ? { label: r.label, value: r.value } : r));
}

/** signed shows a ratio as a signed change in per cent. */
const signed = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(0)}%`;

function isolationRatios(i: Isolation, clock: string): Ratio[] {
  const conditions: [string, Samples][] = [[`one of ${i.clusters} clusters slow`, i.slow], [`one of ${i.clusters} clusters down`, i.down]];
  if (i.again) conditions.push([`the control (${i.clusters} clusters, no fault, in turns of its own)`, i.again]);
  return conditions.map(([what, s]) => {
    const moved = ratio(p99(s), p99(i.healthy));
    const bounds = p99Interval(s, i.healthy);
    const within = bounds ? `; its 90% bootstrap interval ${signed(bounds.low)} to ${signed(bounds.high)}` : '';
    const note = missNote(s) ?? (moved === null ? undefined : `the others' P99 moved ${signed(moved)} (the bar: +${((ISOLATION_BAR - 1) * 100).toFixed(0)}%)${within}`);
    return { label: `watch: ${what}: the others' healthy P99 / their P99${clock}`, value: ratio(p99(i.healthy), p99(s)), note };
  });
}

function countRatios(f: WatchFigures): Ratio[] {
  const out: Ratio[] = [];
  const counts = (q: Requests, clusters: number): string => `writes ${q.writes}, gets ${q.get}, dry runs ${q.dryRuns}, lists ${q.list} (${(q.list / clusters).toFixed(1)} per cluster), watches ${q.watch}`;
  if (f.noop) out.push({ label: `watch: no-op pass, ${f.noop.clusters} clusters x ${f.objectsPerCluster} objects (the target: 0 writes, 0 gets)`, value: null, note: counts(f.noop.requests, f.noop.clusters) });
  if (f.restart) out.push({ label: `watch: restart, ${f.restart.clusters} clusters (the target: 1 list per watched kind and cluster, 0 gets, dry runs, writes)`, value: null, note: counts(f.restart.requests, f.restart.clusters) });
  const s = f.firstSync;
  if (s) {
    const at = `${s.size.clusters} clusters x ${s.objectsPerCluster} objects`;
    out.push(
      { label: `watch: first sync ${at}: kubectl sequential / gitfed running (the bar: 3x)`, value: ratio(s.sequential.ms, s.loop.ms) },
      { label: `watch: first sync ${at}: kubectl ${KUBECTL_PARALLEL} in parallel / gitfed running (the bar: 1x)`, value: ratio(s.parallel.ms, s.loop.ms) },
      { label: `watch: first sync ${at}: kubectl sequential / gitfed --once`, value: ratio(s.sequential.ms, s.once.ms) },
      { label: `watch: first sync ${at}: kubectl ${KUBECTL_PARALLEL} in parallel / gitfed --once`, value: ratio(s.parallel.ms, s.once.ms) },
    );
  }
  return out;
}

/** ordinal names the sample that is the P99 (nearest rank) among n. */
function ordinal(n: number): string {
  const fromTop = n - Math.ceil(0.99 * n);
  return fromTop === 0 ? 'slowest' : fromTop === 1 ? 'second slowest' : `${fromTop + 1}th slowest`;
}

/** commitSamplesNote says which sample each fleet's P99 is, and that the first commit, on code not yet optimised, counts. */
function commitSamplesNote(f: WatchFigures): string {
  const n = f.commits[0]?.samples.ms.length;
  return n ? ` With ${n} samples the P99 is the ${ordinal(n)}; the first commit, the first time through much of the code, is one of them.` : '';
}

function notes(f: WatchFigures): string[] {
  return [
    `Repository: ${f.templates} generated templates and the marker, each a Deployment with its ConfigMap, all Duplicated: ${f.objectsPerCluster} objects per cluster. A real Git smart-HTTP server; the simulated clusters run in this process (as \`gitfed sim\`); the reconciler is \`gitfed reconcile --listen 127.0.0.1:0\` (no --once) in a child process. Both share the machine's 2 cores: "simulators CPU / commit" is this process's CPU (the simulated API servers, their controllers and the harness), which real members would spend on their own machines.`,
    `commit -> applied: each commit changes the marker's replicas (2, 3, 2, ...: one pod more or fewer on every cluster, so that the fleet stays the same size however many commits a run makes); the clock starts before \`git push\` (git runs as child processes, the simulated clusters keep serving meanwhile), a signed GitHub push webhook follows, and it stops when every cluster holds the new value (told by the change events of the simulated clusters, no polling). That loop runs with --interval 0 (webhooks only). The first commit is pushed once the reconciler is idle after its initial sync (under a quarter of a core for 2 s, read from its /metrics; the wait is in the results as idleAfterSyncMs).${commitSamplesNote(f)}`,
    'kubectl edit -> drift status: the reconciler is restarted with --interval 10m --status github (the stand-in forge), so only a watch can find the drift in time; `kubectl patch --type merge` sets the marker\'s replicas on one cluster per sample (a different one each time) and the clock stops when the forge holds a new `failure` status for gitfed/<cluster>. Both clocks are shown: from kubectl\'s exit (the edit has landed) and from before kubectl started (its start and discovery included).',
    'A sample that does not arrive within the timeout ends its phase (shown as missed; its P99 is n/a): a reconciler that does not watch would only waste the other samples\' timeouts.',
    'no-op: with the fleet settled (the newest commit everywhere, a clean cycle), the sim\'s counters are reset, a webhook of the same commit asks for a full pass, and the counters are read at its `cycle finished`.',
    `isolation: the last cluster is made slow (the sim adds the delay before every request, watches included) or unreachable (its listener closed); each clock stops when the other clusters hold the commit. Four conditions take turns in blocks of commits: healthy, slow, down, and the control (healthy again, measured apart: how far its P99 moves from the healthy one is what the machine alone moves it in this run). ${f.isolation?.rounds ? `${f.isolation.rounds} rounds, ` : ''}each starting with the next condition, so that a stretch of the machine running slow falls on all of them alike; 5 commits before the first are not counted (code not yet optimised). After a slow or down block the fault is removed, the fleet settles and the subject's watches are back before the next block. A down block lasts a few seconds, less than the 30 s after which an unreachable member turns Unknown: it measures the others while one member does not answer, not its eviction (the failover scenario does). ${f.isolation ? `With ${f.isolation.healthy.ms.length} samples per condition the P99 is the ${ordinal(f.isolation.healthy.ms.length)}.` : ''} The second table is the same commits with each clock started once the push was done, as the webhook goes out: git runs in this process and its push, a varying share of every sample, is no work of gitfed's. The interval beside each P99 ratio is its bootstrap: both conditions' samples resampled 2,000 times, the middle 90% of the ratios, i.e. how closely this many samples pin the ratio down (the healthy row, resampled against itself, is the noise alone). The simulated clusters keep ${WATCH_HISTORY} watch events each (as a real API server's watch cache per kind; the simulator's default is 1,000): their histories filled this process's heap, and its collections paused every simulated cluster at once.`,
    `restart: with everything applied, the counters are reset and the reconciler is started again; requests are counted until its first \`cycle finished\` plus ${RESTART_GRACE_MS / 1000} s (watches may open after the lists). Reproduce: \`npm run bench -- watch\`; BENCH_WATCH_PARTS=commit,drift,noop,isolation,first-sync,restart picks parts.`,
  ];
}

/** watchReport turns the figures into the scenario's tables, ratios and notes. */
export function watchReport(f: WatchFigures): ScenarioResult {
  const tables: Table[] = [];
  if (f.commits.length > 0) tables.push(commitTable(f));
  if (f.drift) tables.push(driftTable(f.drift));
  const requests = requestsTable(f);
  if (requests) tables.push(requests);
  for (const clock of ['push', 'webhook'] as const) {
    const i = f.isolation && onClock(f.isolation, clock);
    if (i) tables.push(isolationTable(i, clock));
  }
  if (f.firstSync) tables.push(firstSyncTable(f.firstSync));
  return { tables, ratios: [...latencyRatios(f), ...countRatios(f)], notes: notes(f), raw: f };
}
