/**
 * The dashboard at 500 clusters x 2,000 templates, each placed on every cluster (1,000,000 cells): how long the
 * read model takes to take in a full round of passes and how much memory it holds, the size and build time of
 * `/api/dashboard` pages and of one object's drill-down, and the page's fetch-and-render time in headless
 * Chromium. Not a test: `npx tsx bench/dashboard.ts [CLUSTERS] [TEMPLATES]`, figures in BENCHMARKS.md.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ClusterChangeSet } from '../src/model/change-set.js';
import type { Cluster } from '../src/model/cluster.js';
import type { Plan } from '../src/model/plan.js';
import { createDashboardState, type DashboardState } from '../src/reconcile/dashboard-state.js';
import type { DashboardQuery } from '../src/reconcile/dashboard-types.js';
import { queryOf } from '../src/server/dashboard-routes.js';
import { startServer } from '../src/server/http-server.js';
import { createMetrics } from '../src/server/metrics.js';
import { launchChromium } from '../test/helpers/browser.js';

const CLUSTERS = Number(process.argv[2] ?? 500);
const TEMPLATES = Number(process.argv[3] ?? 2000);
const REVISION = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';
const REPEAT = 15;

function cluster(i: number): Cluster {
  const name = `member-${String(i).padStart(4, '0')}`;
  return { name, context: name, source: { file: 'clusters.yaml', line: i + 1 }, labels: { env: 'prod' }, provider: 'sim', region: `region-${i % 8}`, zones: [], taints: i % 50 === 0 ? [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] : [], deleting: false };
}

const keyOf = (t: number): string => (t % 2 === 0 ? `apps/v1/Deployment/ns-${t % 10}/app-${t}` : `v1/ConfigMap/ns-${t % 10}/app-${t}`);

function fleetPlan(clusters: readonly Cluster[]): Plan {
  const bindings = Array.from({ length: TEMPLATES }, (_, t) => ({
    resource: keyOf(t), policy: `PropagationPolicy/ns-${t % 10}/p`,
    clusters: clusters.map((c) => (t % 2 === 0 ? { name: c.name, replicas: 2 } : { name: c.name })),
  }));
  return { revision: REVISION, clusters: {}, bindings, diagnostics: [] };
}

/** pass: every object unchanged, and one cell in a thousand drifted (a kubectl edit of spec.replicas) */
function pass(c: Cluster, i: number): ClusterChangeSet {
  const entries = Array.from({ length: TEMPLATES }, (_, t) => ({ key: keyOf(t), subject: keyOf(t), action: 'unchanged' as const }));
  const objects = entries.filter((_, t) => t % 2 === 0 && (t * 7919 + i * 104_729) % 500 === 0)
    .map((e) => ({ key: e.key, subject: e.subject, type: 'modified' as const, mode: 'correct' as const, fields: [{ path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit' }] }));
  return { cluster: c.name, revision: REVISION, dryRun: false, entries, drift: { cluster: c.name, objects } };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value = fn();
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    value = fn();
    times.push(performance.now() - t);
  }
  return { ms: round(median(times)), value };
}

const round = (n: number): number => Math.round(n * 10) / 10;
const heapMiB = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return round(process.memoryUsage().heapUsed / 2 ** 20);
};

function fill(state: DashboardState, clusters: readonly Cluster[]): { feedMs: number } {
  const t = performance.now();
  state.hooks.onPlanned?.({ revision: REVISION, plan: fleetPlan(clusters), clusters });
  clusters.forEach((c, i) => {
    const at = new Date(Date.UTC(2026, 11, 4, 10)).toISOString();
    state.hooks.onHealth?.(c.name, { type: 'Ready', status: i % 100 === 7 ? 'Unknown' : 'True', reason: i % 100 === 7 ? 'ClusterNotReachable' : 'ClusterReady', message: '', lastProbeTime: at, lastTransitionTime: at });
    state.hooks.onClusterDone?.({ cluster: c.name, revision: REVISION, trigger: 'start', seconds: 0, result: pass(c, i) });
  });
  return { feedMs: round(performance.now() - t) };
}

function apiFigures(state: DashboardState): Record<string, { ms: number; bytes: number }> {
  const q = (over: Partial<DashboardQuery>): DashboardQuery => ({ ...queryOf(new URLSearchParams()), ...over });
  const figure = (fn: () => unknown) => {
    const { ms, value } = timed(() => JSON.stringify(fn()));
    return { ms, bytes: Buffer.byteLength(value) };
  };
  return {
    'default page (50 rows x 20 clusters)': figure(() => state.page(q({}))),
    'last page (50 x 20)': figure(() => state.page(q({ rowOffset: TEMPLATES - 50, clusterOffset: CLUSTERS - 20 }))),
    'largest page (200 x 100)': figure(() => state.page(q({ rowLimit: 200, clusterLimit: 100 }))),
    'only drifted rows (50 x 20)': figure(() => state.page(q({ only: 'drifted' }))),
    'only clusters not ready (50 x 20)': figure(() => state.page(q({ only: 'not-ready' }))),
    [`drill-down of one template (${CLUSTERS} clusters)`]: figure(() => state.object(keyOf(0))),
  };
}

interface BrowserFigures {
  firstLoadMs: number;
  firstRenderMs: number;
  nextPage: { fetchAndRenderMs: number; renderMs: number };
  largestPage: { fetchAndRenderMs: number; renderMs: number; cells: number };
}

declare const window: { gitfedDashboard: { rowLimit: number; clusterLimit: number; rowOffset: number; lastRenderMs: number; refresh(): Promise<void> } };
declare const document: { querySelectorAll(s: string): { length: number } };

async function browserFigures(state: DashboardState): Promise<BrowserFigures> {
  const server = await startServer({ host: '127.0.0.1', port: 0 }, {
    metrics: createMetrics(), ready: () => true, webhook: () => ({ status: 403, message: 'off', trigger: false }), screen: () => ({ status: 403, message: 'off', trigger: false }), dashboard: state,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const t = performance.now();
    await page.goto(`http://127.0.0.1:${server.address.port}/`);
    await page.waitForSelector('body[data-version]');
    const firstLoadMs = round(performance.now() - t);
    const firstRenderMs = round(await page.evaluate(() => window.gitfedDashboard.lastRenderMs));
    const step = (rows: number, cols: number, offset: number) => page.evaluate(async ([r, c, o]) => {
      const d = window.gitfedDashboard;
      Object.assign(d, { rowLimit: r, clusterLimit: c, rowOffset: o });
      const t0 = performance.now();
      await d.refresh();
      return { fetchAndRenderMs: performance.now() - t0, renderMs: d.lastRenderMs, cells: document.querySelectorAll('#matrix td.cell').length };
    }, [rows, cols, offset] as const);
    const nexts = [];
    for (let i = 1; i <= 5; i++) nexts.push(await step(50, 20, i * 50));
    const largest = [];
    for (let i = 0; i < 3; i++) largest.push(await step(200, 100, i * 200));
    return {
      firstLoadMs, firstRenderMs,
      nextPage: { fetchAndRenderMs: round(median(nexts.map((n) => n.fetchAndRenderMs))), renderMs: round(median(nexts.map((n) => n.renderMs))) },
      largestPage: { fetchAndRenderMs: round(median(largest.map((n) => n.fetchAndRenderMs))), renderMs: round(median(largest.map((n) => n.renderMs))), cells: largest[0]?.cells ?? 0 },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

const before = heapMiB();
const clusters = Array.from({ length: CLUSTERS }, (_, i) => cluster(i));
const state = createDashboardState();
const { feedMs } = fill(state, clusters);
const heldMiB = round(heapMiB() - before);
const api = apiFigures(state);
const browser = await browserFigures(state);
const result = {
  date: new Date().toISOString(), cores: cpus().length, cpu: cpus()[0]?.model.trim(), node: process.version, loadAverage: loadavg().map(round),
  fleet: { clusters: CLUSTERS, templates: TEMPLATES, cells: CLUSTERS * TEMPLATES },
  readModel: { feedMs, heapMiB: heldMiB, gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function' },
  api, browser,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (process.argv[4] !== '--no-write') await writeFile(new URL('./results/dashboard.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
