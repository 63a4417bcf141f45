import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';

/** LogRecord is one JSON line of the running reconciler. */
export type LogRecord = Record<string, unknown> & { msg: string };

/** LoopProcess is `gitfed reconcile` running as a child process, with its JSON log lines collected. */
export interface LoopProcess {
  readonly child: ChildProcess;
  readonly records: LogRecord[];
  /** the port it listens on, once the `listening` record arrived */
  port(): Promise<number>;
  /** waitFor resolves with the first record (at index `from` or later) that matches */
  waitFor(match: (r: LogRecord) => boolean, timeoutMs?: number, from?: number): Promise<LogRecord>;
  /** stop sends a signal and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  readonly stderr: () => string;
}

/** startLoop runs `gitfed reconcile ARGS` (no --once) with extra environment. */
export function startLoop(args: string[], env: Record<string, string> = {}): LoopProcess {
  const child = spawn(process.execPath, [...(process.env.GITFED_NODE_ARGS ?? '').split(' ').filter(Boolean), CLI, 'reconcile', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const records: LogRecord[] = [];
  let err = '';
  let rest = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) records.push(JSON.parse(line) as LogRecord);
    for (const l of listeners) l();
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitFor = (match: (r: LogRecord) => boolean, timeoutMs = 20_000, from = 0): Promise<LogRecord> => new Promise((resolve, reject) => {
    const check = (): boolean => {
      const hit = records.slice(from).find(match);
      if (!hit) return false;
      listeners.delete(onData);
      clearTimeout(timer);
      resolve(hit);
      return true;
    };
    const onData = (): void => void check();
    const timer = setTimeout(() => {
      listeners.delete(onData);
      reject(new Error(`no matching log record in ${timeoutMs} ms; stderr: ${err}\nrecords:\n${records.map((r) => JSON.stringify(r)).join('\n')}`));
    }, timeoutMs);
    if (!check()) listeners.add(onData);
  });

  return {
    child,
    records,
    port: async () => Number((await waitFor((r) => r.msg === 'listening')).port),
    waitFor,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    stderr: () => err,
  };
}
