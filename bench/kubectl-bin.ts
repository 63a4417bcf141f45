import { execFileSync } from 'node:child_process';
import { kubectlPath } from '../test/helpers/kubectl.js';
import { runOrThrow, type Measured } from './measure.js';

/** kubectlVersion is the client version of the kubectl the benchmarks use (the one the tests extract). */
export function kubectlVersion(): string {
  const out = execFileSync(kubectlPath(), ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion ?? 'unknown';
}

/** kustomizeBuild runs `kubectl kustomize DIR` with its output to `outFile`. */
export function kustomizeBuild(dir: string, outFile: string): Promise<Measured> {
  return runOrThrow(kubectlPath(), ['kustomize', dir], { stdoutFile: outFile });
}
