import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Measured is one child process run: wall time, peak memory (when it can be read) and output. */
export interface Measured {
  wallMs: number;
  /** peak resident set size in MiB; null when neither GNU time nor a Node child can report it */
  peakMiB: number | null;
  code: number;
  stderr: string;
}

/** RunOptions say where a measured child writes and what it gets. */
export interface RunOptions {
  /** file that receives stdout (default /dev/null): output is a product to compare, not to keep in memory */
  stdoutFile?: string;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

const GNU_TIME = '/usr/bin/time';
const MARK = 'GITFED_BENCH_MAXRSS_KB=';
// Without GNU time a Node child still reports its own peak memory, at exit, on stderr.
const NODE_REPORT = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n${MARK}'+process.resourceUsage().maxRSS+'\\n'))`;

function wrap(cmd: string, args: string[]): [string, string[]] {
  if (existsSync(GNU_TIME)) return [GNU_TIME, ['-f', `${MARK}%M`, cmd, ...args]];
  if (cmd === process.execPath) return [cmd, [`--import=${NODE_REPORT}`, ...args]];
  return [cmd, args];
}

/**
 * runMeasured runs a command asynchronously (the simulated clusters may be served from this very process, so
 * it must never block) and reads its peak memory from GNU time, or from the child itself when it is Node.
 */
export function runMeasured(cmd: string, args: string[], opts: RunOptions = {}): Promise<Measured> {
  const [bin, argv] = wrap(cmd, args);
  const out = openSync(opts.stdoutFile ?? '/dev/null', 'w');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(bin, argv, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', out, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    child.once('error', (err) => { clearTimeout(timer); closeSync(out); reject(err); });
    child.once('close', (code, signal) => {
      const wallMs = performance.now() - t0;
      clearTimeout(timer);
      closeSync(out);
      const kb = new RegExp(`${MARK}(\\d+)`).exec(stderr)?.[1];
      resolve({
        wallMs,
        peakMiB: kb === undefined ? null : Number(kb) / 1024,
        code: code ?? (signal ? 128 : -1),
        stderr: stderr.replace(new RegExp(`\\n?${MARK}\\d+\\n?`), ''),
      });
    });
  });
}

/** runOrThrow is runMeasured that fails on a non-zero exit, with the command's stderr in the message. */
export async function runOrThrow(cmd: string, args: string[], opts: RunOptions = {}): Promise<Measured> {
  const m = await runMeasured(cmd, args, opts);
  if (m.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${m.code}: ${m.stderr.slice(0, 2000)}`);
  return m;
}

/** median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** timed measures an in-process step. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** repeat runs a measurement n times (at least once) and returns every result, in order. */
export async function repeat<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < Math.max(1, n); i++) out.push(await fn(i));
  return out;
}
