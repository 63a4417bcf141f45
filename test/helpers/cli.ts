import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** CLI is the built gitfed entry point (test/global-setup.ts builds it). */
export const CLI = resolve('dist/cli/main.js');

/** runCli runs the real gitfed binary and captures its output and exit code. */
export function runCli(args: string[], cwd = process.cwd()): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
