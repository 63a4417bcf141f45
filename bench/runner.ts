import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmtMs, fmtRatio } from './format.js';
import { describeMachine, type Machine } from './machine.js';
import { formatTable } from './print.js';
import type { Ratio, Scenario, ScenarioResult } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';

/** BenchOptions choose the scenarios, the profile and where results go. */
export interface BenchOptions {
  quick?: boolean;
  exhaustive?: boolean;
  /** scenario names to run; all when empty */
  only?: readonly string[];
  /** results file; default bench/results/latest.json for a default run of everything (exhaustive.json with --exhaustive), else named after the run */
  out?: string;
  /** the list to choose from (default: every scenario of bench/scenarios/index.ts) */
  scenarios?: readonly Scenario[];
  /** the built CLI (default dist/cli/main.js) */
  cli?: string;
  /** where tables go (default stdout) and where progress goes (default stderr) */
  write?: (text: string) => void;
  log?: (text: string) => void;
}

/** ScenarioReport is one scenario's result, or why it failed. */
export type ScenarioReport = (ScenarioResult & { wallMs: number }) | { wallMs: number; error: string };

/** BenchReport is the content of the results file. */
export interface BenchReport {
  startedAt: string;
  wallMs: number;
  quick: boolean;
  exhaustive: boolean;
  machine: Machine;
  scenarios: Record<string, ScenarioReport>;
  ratios: Ratio[];
}

function chosen(all: readonly Scenario[], only: readonly string[]): Scenario[] {
  const unknown = only.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})`);
  return only.length === 0 ? [...all] : all.filter((s) => only.includes(s.name));
}

/** resultsFile is where a run's JSON goes: a smoke or partial run never overwrites the published figures. */
export function resultsFile(opts: BenchOptions, ran: readonly Scenario[], all: readonly Scenario[]): string {
  if (opts.out) return resolve(opts.out);
  const partial = ran.length < all.length ? ran.map((s) => s.name).join('-') : undefined;
  const name = opts.quick ? 'quick' : opts.exhaustive ? `${partial ?? ''}${partial ? '-' : ''}exhaustive` : (partial ?? 'latest');
  return resolve('bench/results', `${name}.json`);
}

function ratioLine(r: Ratio): string {
  return `  ${r.label}: ${fmtRatio(r.value)}${r.value !== null && r.value < 1 ? '  (gitfed slower)' : ''}${r.note ? `  [${r.note}]` : ''}`;
}

/** runBench runs the scenarios one after another, prints each one's tables as it ends, and writes the results file. */
export async function runBench(opts: BenchOptions = {}): Promise<{ report: BenchReport; file: string; failed: boolean }> {
  const all = opts.scenarios ?? SCENARIOS;
  const write = opts.write ?? ((t: string) => process.stdout.write(t));
  const log = opts.log ?? ((t: string) => process.stderr.write(`${t}\n`));
  const run = chosen(all, opts.only ?? []);
  const t0 = performance.now();
  const report: BenchReport = {
    startedAt: new Date().toISOString(), wallMs: 0, quick: opts.quick ?? false, exhaustive: opts.exhaustive ?? false,
    machine: describeMachine(), scenarios: {}, ratios: [],
  };
  write(`gitfed benchmarks${report.quick ? ' (quick smoke profile: not for publishing)' : ''}: ${report.machine.cores} x ${report.machine.cpu}, load ${report.machine.loadAverage.join(' ')}; running reconcilers start as \`node ${process.env.GITFED_NODE_ARGS ?? ''}\`\n\n`);
  for (const scenario of run) {
    const workDir = mkdtempSync(join(tmpdir(), `gitfed-bench-${scenario.name}-`));
    const s0 = performance.now();
    try {
      const result = await scenario.run({ quick: report.quick, exhaustive: report.exhaustive, workDir, cli: resolve(opts.cli ?? 'dist/cli/main.js'), log: (m) => log(`[${scenario.name}] ${m}`) });
      const wallMs = performance.now() - s0;
      report.scenarios[scenario.name] = { ...result, wallMs };
      report.ratios.push(...result.ratios);
      write(`== ${scenario.name}: ${scenario.summary} (${fmtMs(wallMs)})\n\n${result.tables.map(formatTable).join('\n')}\n`);
      write(result.notes.map((n) => `note: ${n}\n`).join('') + (result.notes.length > 0 ? '\n' : ''));
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      report.scenarios[scenario.name] = { wallMs: performance.now() - s0, error };
      write(`== ${scenario.name}: FAILED\n${error}\n\n`);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }
  report.wallMs = performance.now() - t0;
  write(`ratios (the alternative's figure / gitfed's: above 1 gitfed is better)\n${report.ratios.map(ratioLine).join('\n')}\n\ntotal ${fmtMs(report.wallMs)}\n`);
  const file = resultsFile(opts, run, all);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  write(`results written to ${file}\n`);
  return { report, file, failed: Object.values(report.scenarios).some((s) => 'error' in s) };
}
